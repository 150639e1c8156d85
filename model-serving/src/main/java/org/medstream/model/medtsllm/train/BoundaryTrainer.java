package org.medstream.model.medtsllm.train;

import ai.djl.engine.Engine;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.medstream.model.medtsllm.BoundaryEpoch;
import org.medstream.model.medtsllm.BoundaryMetadata;
import org.medstream.model.medtsllm.BoundaryPeaks;
import org.medstream.model.medtsllm.BoundaryScorer;
import org.medstream.model.medtsllm.BoundaryScores;
import org.medstream.model.medtsllm.MaskedBinaryCrossEntropyLoss;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.medtsllm.prompt.PromptBuilder;
import org.medstream.model.mitbih.MitBihSequences;
import org.medstream.model.train.TimeSplit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains MedTsLLM for a boundary task (MIT-BIH beats or BIDMC breaths at 125 Hz): one logit per
 * sample, binary cross-entropy against labels that are 1 near each reference boundary, Adam with a
 * constant learning rate. After every epoch the validation spans are scored by segment mIoU and
 * boundary MAE ({@link BoundaryScorer}) on the boundaries that {@link BoundaryPeaks} picks from the
 * stitched probabilities.
 *
 * <p>Batches and the skipping of non-finite batches work as in {@link MedTsLlmTrainer}. No patient
 * information is read, so a prompt with the patient part gets an unknown patient.
 */
public final class BoundaryTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(BoundaryTrainer.class);

    /** Class name of the one output per sample. */
    public static final String CLASS_NAME = "boundary";

    private final BoundaryProgress progress;
    private int skippedBatches;

    /** Creates a trainer that reports to {@code progress}. */
    public BoundaryTrainer(BoundaryProgress progress) {
        this.progress = progress;
    }

    /** Both scores of one evaluation: with the threshold, and with every local maximum. */
    public record Evaluation(BoundaryScores withThreshold, BoundaryScores withoutThreshold) {}

    /**
     * Reads the training and validation spans of {@code options}' records.
     *
     * @return the training spans first, then the validation spans
     */
    static List<List<BoundaryRecord>> read(BoundaryTrainingOptions options) throws IOException {
        List<BoundaryRecord> training = new ArrayList<>();
        List<BoundaryRecord> validation = new ArrayList<>();
        for (int number : options.trainingRecords()) {
            training.add(read(options, number, true));
        }
        for (int number : options.validationRecords()) {
            validation.add(read(options, number, false));
        }
        return List.of(training, validation);
    }

    private static BoundaryRecord read(
            BoundaryTrainingOptions options, int number, boolean isTraining) throws IOException {
        if (options.task() == BoundaryTask.BEATS) {
            return BoundaryRecords.mitBih(options.dataFolder(), number, options.inputChannels());
        }
        TimeSplit split = options.split();
        return isTraining
                ? BoundaryRecords.bidmc(
                        options.dataFolder(),
                        number,
                        "training span",
                        split.trainingFromSeconds(),
                        split.trainingToSeconds(),
                        options.inputChannels())
                : BoundaryRecords.bidmc(
                        options.dataFolder(),
                        number,
                        "validation span",
                        split.validationFromSeconds(),
                        split.validationToSeconds(),
                        options.inputChannels());
    }

    /**
     * Trains, scores and saves a model as {@code options} describe.
     *
     * @return the trained model, open, for the caller to use and close
     * @throws IOException when a record or the backbone cannot be read, or the model directory
     *     cannot be written
     */
    public MedTsLlmTrainingResult train(BoundaryTrainingOptions options) throws IOException {
        long started = System.nanoTime();
        skippedBatches = 0;
        BoundaryTask task = options.task();
        List<List<BoundaryRecord>> records = read(options);
        List<BoundaryRecord> trainingRecords = records.get(0);
        List<BoundaryRecord> validationRecords = records.get(1);

        List<int[]> trainingBoundaries = new ArrayList<>();
        for (BoundaryRecord record : trainingRecords) {
            trainingBoundaries.add(record.boundariesInSpan());
        }
        int spacing =
                options.minimumSpacingMillis() == null
                        ? BoundaryPeaks.minimumSpacing(trainingBoundaries)
                        : options.minimumSpacing();

        Random random = new Random(options.seed());
        List<LabelledWindow> training =
                BoundaryWindows.training(
                        trainingRecords,
                        task.windowLength(),
                        task.trainingStep(),
                        task.labelHalfWidth());
        if (options.maxTrainingWindows() > 0 && training.size() > options.maxTrainingWindows()) {
            Collections.shuffle(training, random);
            training = new ArrayList<>(training.subList(0, options.maxTrainingWindows()));
        }
        LOG.info(
                "Training started: model=medtsllm task={} channels={} covariates={} records={}"
                        + " windows={} validationRecords={} minimumSpacing={} epochs={} seed={}",
                task.taskName(),
                options.inputChannels(),
                options.network().covariates().mode().optionName(),
                options.trainingRecords(),
                training.size(),
                options.validationRecords(),
                spacing,
                options.epochs(),
                options.seed());

        Engine.getInstance().setRandomSeed((int) options.seed());
        PromptBuilder prompt =
                new PromptBuilder(
                        options.promptParts(), task.datasetDescription(), task.taskDescription());
        MedTsLlmModel model =
                MedTsLlmModel.create(
                        options.network(),
                        options.backboneFile(),
                        prompt,
                        "medtsllm-" + task.taskName());
        try {
            List<BoundaryEpoch> epochs = new ArrayList<>();
            String stopReason =
                    runEpochs(
                            model,
                            options,
                            training,
                            validationRecords,
                            spacing,
                            random,
                            epochs,
                            started);
            double trainingSeconds = (System.nanoTime() - started) / 1e9;
            BoundaryEpoch last = epochs.get(epochs.size() - 1);
            BoundaryMetadata boundary =
                    new BoundaryMetadata(
                            task == BoundaryTask.BEATS
                                    ? MitBihSequences.SAMPLING_FREQUENCY_HZ
                                    : BoundaryTask.SAMPLING_FREQUENCY_HZ,
                            options.split(),
                            task.labelHalfWidth(),
                            spacing,
                            options.threshold(),
                            epochs,
                            last.validation(),
                            last.validationWithoutThreshold(),
                            options.inputChannels());
            MedTsLlmMetadata metadata =
                    metadata(
                            options,
                            model,
                            training.size(),
                            epochs.size(),
                            stopReason,
                            trainingSeconds,
                            boundary);
            model.save(options.outFolder(), metadata);
            LOG.info(
                    "Training finished: epochs={} seconds={} meanIou={} meanAbsoluteError={}"
                            + " out={}",
                    epochs.size(),
                    Math.round(trainingSeconds),
                    last.validation().meanIou(),
                    last.validation().meanAbsoluteError(),
                    options.outFolder());
            return new MedTsLlmTrainingResult(model, metadata);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private String runEpochs(
            MedTsLlmModel model,
            BoundaryTrainingOptions options,
            List<LabelledWindow> training,
            List<BoundaryRecord> validation,
            int spacing,
            Random random,
            List<BoundaryEpoch> epochs,
            long started) {
        try (Trainer trainer =
                MedTsLlmTrainer.newTrainer(
                        model, options.learningRate(), new MaskedBinaryCrossEntropyLoss())) {
            double lastEpochSeconds = 0;
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                if (SkippingEpoch.outOfTime(
                        epoch, started, lastEpochSeconds, options.maxMinutes())) {
                    return "max-minutes";
                }
                long epochStarted = System.nanoTime();
                int epochNumber = epoch;
                SkippingEpoch.Result epochResult =
                        SkippingEpoch.shuffleAndRun(
                                epoch,
                                training,
                                options.batchSize(),
                                options.cachePrefix(),
                                random,
                                batch ->
                                        MedTsLlmTrainer.trainBatch(
                                                trainer,
                                                model,
                                                batch,
                                                Map.of(),
                                                options.cachePrefix()),
                                (done, total) -> progress.batchFinished(epochNumber, done, total));
                skippedBatches += epochResult.skipped();
                double loss = epochResult.meanLoss();
                double trainingSeconds = (System.nanoTime() - epochStarted) / 1e9;

                Evaluation scores =
                        evaluate(model, validation, options.task(), spacing, options.threshold());
                lastEpochSeconds = (System.nanoTime() - epochStarted) / 1e9;
                LOG.info(
                        "Epoch finished: epoch={} loss={} meanIou={} meanAbsoluteError={}"
                                + " trainingWindowsPerSecond={}",
                        epoch,
                        loss,
                        scores.withThreshold().meanIou(),
                        scores.withThreshold().meanAbsoluteError(),
                        training.size() / trainingSeconds);
                BoundaryEpoch metrics =
                        new BoundaryEpoch(
                                epoch,
                                loss,
                                lastEpochSeconds,
                                scores.withThreshold(),
                                scores.withoutThreshold());
                epochs.add(metrics);
                progress.epochFinished(metrics);
            }
        }
        return "epochs";
    }

    /**
     * Scores {@code model} on the spans of {@code records}: each span's windows run with the prompt
     * prefix cached, their probabilities are stitched into one trace per span, and the boundaries
     * picked from it are compared with the reference boundaries in the span.
     */
    public static Evaluation evaluate(
            MedTsLlmModel model,
            List<BoundaryRecord> records,
            BoundaryTask task,
            int spacing,
            double threshold) {
        BoundaryScorer withThreshold = new BoundaryScorer();
        BoundaryScorer withoutThreshold = new BoundaryScorer();
        for (BoundaryRecord record : records) {
            float[] probability = probabilities(model, record, task);
            int[] reference = record.boundariesInSpan();
            int[] picked = BoundaryPeaks.pick(probability, spacing, threshold);
            int[] anyPeak = BoundaryPeaks.pick(probability, spacing, 0);
            withThreshold.add(reference, shift(picked, record.from()), record.from(), record.to());
            withoutThreshold.add(
                    reference, shift(anyPeak, record.from()), record.from(), record.to());
        }
        return new Evaluation(withThreshold.scores(), withoutThreshold.scores());
    }

    /**
     * Returns the boundary probability of every sample of the record's span, index 0 being the
     * span's first sample, from non-overlapping windows and one last window that ends at the span's
     * end.
     */
    public static float[] probabilities(
            MedTsLlmModel model, BoundaryRecord record, BoundaryTask task) {
        List<LabelledWindow> windows =
                BoundaryWindows.scoring(List.of(record), task.windowLength(), 0);
        List<float[]> inputs = new ArrayList<>();
        for (LabelledWindow window : windows) {
            inputs.add(window.input());
        }
        List<float[][]> logits = model.logits(inputs, null, true);
        float[] probability = new float[record.to() - record.from()];
        for (int w = 0; w < windows.size(); w++) {
            LabelledWindow window = windows.get(w);
            float[] logit = logits.get(w)[0];
            for (int t = 0; t < logit.length; t++) {
                if (window.mask()[t] > 0) {
                    probability[window.start() + t - record.from()] =
                            (float) (1 / (1 + Math.exp(-logit[t])));
                }
            }
        }
        return probability;
    }

    private static int[] shift(int[] indices, int offset) {
        int[] shifted = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            shifted[i] = indices[i] + offset;
        }
        return shifted;
    }

    private MedTsLlmMetadata metadata(
            BoundaryTrainingOptions options,
            MedTsLlmModel model,
            int trainingWindows,
            int epochsRun,
            String stopReason,
            double trainingSeconds,
            BoundaryMetadata boundary)
            throws IOException {
        BoundaryTask task = options.task();
        return new MedTsLlmMetadata(
                task.taskName(),
                MedTsLlmMetadata.MODEL,
                options.medstreamVersion(),
                List.of(CLASS_NAME),
                BoundaryTask.SAMPLING_FREQUENCY_HZ,
                options.network(),
                task.trainingStep(),
                options.promptParts().names(),
                task.datasetDescription(),
                task.taskDescription(),
                options.backboneFile().getFileName().toString(),
                MedTsLlmModel.sha256(options.backboneFile()),
                model.parameterCount(),
                model.weightsFileName(),
                options.trainingRecords(),
                options.validationRecords(),
                trainingWindows,
                options.command(),
                options.seed(),
                options.epochs(),
                epochsRun,
                stopReason,
                trainingSeconds,
                List.of(),
                null,
                skippedBatches,
                boundary,
                null);
    }
}
