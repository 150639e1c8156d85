package org.medstream.model.medtsllm.train;

import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.medstream.model.medtsllm.train.MedTsLlmTrainer.BatchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch loop of one MedTsLLM training epoch. A batch whose loss or gradients are NaN or
 * infinite is skipped: its step clears the gradients and the optimizer does not step. The epoch
 * fails after {@value #MAX_CONSECUTIVE_SKIPS} such batches in a row, or more than 1 % of its
 * batches (at least that many).
 */
final class SkippingEpoch {
    /** Consecutive skipped batches after which training fails. */
    static final int MAX_CONSECUTIVE_SKIPS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(SkippingEpoch.class);

    /** One forward and backward pass, and an optimizer step when the batch is finite. */
    @FunctionalInterface
    interface BatchStep {
        BatchResult run(List<LabelledWindow> batch);
    }

    /** Receives the number of batches done after each one. */
    @FunctionalInterface
    interface BatchProgress {
        void batchFinished(int done, int total);
    }

    /** Mean loss of the stepped batches, and how many batches were skipped. */
    record Result(double meanLoss, int skipped) {}

    private SkippingEpoch() {}

    /**
     * Returns whether epoch {@code epoch} would end after {@code maxMinutes} from {@code
     * startedNanos}, judged by the length of the last epoch. The first epoch always runs, and
     * {@code maxMinutes} 0 sets no limit.
     */
    static boolean outOfTime(
            int epoch, long startedNanos, double lastEpochSeconds, double maxMinutes) {
        double elapsedSeconds = (System.nanoTime() - startedNanos) / 1e9;
        return epoch > 1 && maxMinutes > 0 && elapsedSeconds + lastEpochSeconds > maxMinutes * 60;
    }

    /**
     * Shuffles {@code training}, cuts it into batches as {@link MedTsLlmTrainer#batches} does, and
     * runs them as {@link #run(int, List, BatchStep, BatchProgress)} does.
     */
    static Result shuffleAndRun(
            int epoch,
            List<LabelledWindow> training,
            int batchSize,
            boolean byRecord,
            Random random,
            BatchStep step,
            BatchProgress progress) {
        Collections.shuffle(training, random);
        return run(
                epoch,
                MedTsLlmTrainer.batches(training, batchSize, byRecord, random),
                step,
                progress);
    }

    /**
     * Runs {@code step} on every batch in order.
     *
     * @throws IllegalStateException when too many batches are skipped
     */
    static Result run(
            int epoch, List<List<LabelledWindow>> batches, BatchStep step, BatchProgress progress) {
        int total = batches.size();
        int allowedSkips = Math.max(MAX_CONSECUTIVE_SKIPS, total / 100);
        double lossSum = 0;
        int stepped = 0;
        int skipped = 0;
        int consecutiveSkips = 0;
        for (int b = 0; b < total; b++) {
            List<LabelledWindow> batch = batches.get(b);
            BatchResult result = step.run(batch);
            LOG.debug("Batch finished: epoch={} batch={} loss={}", epoch, b + 1, result.loss());
            if (result.stepped()) {
                lossSum += result.loss();
                stepped++;
                consecutiveSkips = 0;
            } else {
                skipped++;
                consecutiveSkips++;
                String where = describe(batch, epoch, b + 1, result);
                LOG.warn("Batch skipped: {}", where);
                if (consecutiveSkips >= MAX_CONSECUTIVE_SKIPS || skipped > allowedSkips) {
                    throw new IllegalStateException(
                            skipped
                                    + " of "
                                    + (b + 1)
                                    + " batches had a non-finite loss or gradient, the last "
                                    + where
                                    + "; lower the learning rate or check the records");
                }
            }
            progress.batchFinished(b + 1, total);
        }
        return new Result(lossSum / stepped, skipped);
    }

    private static String describe(
            List<LabelledWindow> batch, int epoch, int batchNumber, BatchResult result) {
        LabelledWindow first = batch.get(0);
        return "epoch "
                + epoch
                + ", batch "
                + batchNumber
                + ", loss "
                + result.loss()
                + result.nonFiniteGradient()
                        .map(name -> ", non-finite gradient of " + name)
                        .orElse("")
                + " (first window: record "
                + first.record()
                + ", lead "
                + first.lead()
                + ", sample "
                + first.start()
                + ")";
    }
}
