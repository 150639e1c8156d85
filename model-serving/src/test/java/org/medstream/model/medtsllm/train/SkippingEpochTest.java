package org.medstream.model.medtsllm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medstream.model.medtsllm.train.MedTsLlmTrainer.BatchResult;

/** Checks which batches an epoch skips, its mean loss, and when it gives up. */
class SkippingEpochTest {
    @Test
    void skippedBatchesLeaveTheMean() {
        List<int[]> progress = new ArrayList<>();
        Iterator<BatchResult> results =
                List.of(
                                finite(1.0),
                                new BatchResult(Double.NaN, Optional.empty()),
                                new BatchResult(2.0, Optional.of("head.weight")),
                                finite(3.0))
                        .iterator();

        SkippingEpoch.Result result =
                SkippingEpoch.run(
                        1,
                        batches(4),
                        batch -> results.next(),
                        (done, total) -> progress.add(new int[] {done, total}));

        assertThat(result.meanLoss()).isEqualTo(2.0);
        assertThat(result.skipped()).isEqualTo(2);
        assertThat(progress).hasSize(4);
        assertThat(progress.get(3)).containsExactly(4, 4);
    }

    @Test
    void threeSkipsInARowFail() {
        BatchResult infinite = new BatchResult(Double.POSITIVE_INFINITY, Optional.empty());

        assertThatThrownBy(
                        () ->
                                SkippingEpoch.run(
                                        2, batches(10), batch -> infinite, (done, total) -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("3 of 3 batches had a non-finite loss or gradient")
                .hasMessageContaining("epoch 2, batch 3, loss Infinity")
                .hasMessageContaining("record 7, lead ii, sample 2");
    }

    @Test
    void outOfTimeJudgesByLastEpoch() {
        long started = System.nanoTime();

        assertThat(SkippingEpoch.outOfTime(1, started, 3600, 1)).as("first epoch").isFalse();
        assertThat(SkippingEpoch.outOfTime(2, started, 3600, 0)).as("no limit").isFalse();
        assertThat(SkippingEpoch.outOfTime(2, started, 61, 1)).as("would end late").isTrue();
        assertThat(SkippingEpoch.outOfTime(2, started, 30, 1)).as("fits").isFalse();
    }

    private static BatchResult finite(double loss) {
        return new BatchResult(loss, Optional.empty());
    }

    /** Batches of one window each; window b starts at sample b of record 7. */
    private static List<List<LabelledWindow>> batches(int count) {
        List<List<LabelledWindow>> batches = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            batches.add(
                    List.of(
                            new LabelledWindow(
                                    7,
                                    "ii",
                                    b,
                                    new float[4],
                                    new int[4],
                                    new float[] {1, 1, 1, 1})));
        }
        return batches;
    }
}
