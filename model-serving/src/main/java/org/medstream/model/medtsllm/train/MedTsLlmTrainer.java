package org.medstream.model.medtsllm.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.medstream.model.llm.djl.KeyValueCache;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbRecord;
import org.medstream.model.ludb.WaveClass;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.medtsllm.PrefixCache;
import org.medstream.model.medtsllm.prompt.PromptBuilder;
import org.medstream.model.train.ConfusionMatrix;
import org.medstream.model.train.EpochMetrics;
import org.medstream.model.train.MaskedCrossEntropyLoss;
import org.medstream.model.train.SegmentationScores;
import org.medstream.model.train.TrainingProgress;
import org.medstream.schemas.PatientContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains MedTsLLM for LUDB wave segmentation: each lead's windows on their own, Adam with a
 * constant learning rate, cross-entropy over the samples inside each lead's annotated span, and
 * sample-wise scores on the validation records after every epoch. Only the layers around the frozen
 * backbone are trained and saved.
 *
 * <p>Training batches either hold windows of one record, whose prompt prefix then runs through the
 * backbone once per batch ({@code cachePrefix}), or mix records and run every prompt in full.
 * Scoring runs the windows of one record together and computes the prompt prefix once per record.
 *
 * <p>A batch whose loss or gradients are NaN or infinite is skipped: its gradients are cleared and
 * the optimizer does not step. Training fails after {@value SkippingEpoch#MAX_CONSECUTIVE_SKIPS}
 * such batches in a row, or more than 1 % of an epoch's batches (at least that many).
 *
 * <p>The NaN gradients this guards against came from constants that autograd read after they were
 * freed (see {@code ConstantFactor}). The guard stays so that an overflow cannot poison the
 * weights.
 *
 * <p>NOTE: a trained model leaves native memory behind after it and its trainer are closed, about
 * 68 MB for the default network after 4 steps (the size of its gradients and optimizer state),
 * while creating and closing untrained models does not. One training per JVM is fine; many in a
 * loop are not. The owner of that memory in DJL was not found.
 */
public final class MedTsLlmTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(MedTsLlmTrainer.class);

    /** Task name of wave segmentation. */
    public static final String TASK = "waves";

    /** Dataset part of the prompt. */
    public static final String DATASET_DESCRIPTION =
            "LUDB, the Lobachevsky University Electrocardiography Database: 10-second 12-lead ECGs"
                    + " at 500 Hz. Each window is 512 samples of one lead.";

    /** Task part of the prompt. */
    public static final String TASK_DESCRIPTION =
            "Label every sample as P wave, QRS complex, T wave or none.";

    private final TrainingProgress progress;
    private int skippedBatches;

    /** Creates a trainer that reports to {@code progress}. */
    public MedTsLlmTrainer(TrainingProgress progress) {
        this.progress = progress;
    }

    /**
     * Trains, scores and saves a model as {@code options} describe.
     *
     * @return the trained model, open, for the caller to use and close
     * @throws IOException when a record, the patient table or the backbone cannot be read, or the
     *     model directory cannot be written
     */
    public MedTsLlmTrainingResult train(MedTsLlmTrainingOptions options) throws IOException {
        long started = System.nanoTime();
        skippedBatches = 0;
        LudbReader reader = new LudbReader(options.dataFolder());
        List<LudbRecord> trainingRecords = reader.readAll(options.trainingRecords());
        List<LudbRecord> validationRecords = reader.readAll(options.validationRecords());
        double samplingFrequencyHz = checkSamplingFrequency(trainingRecords, validationRecords);
        Map<Integer, PatientContext> patients =
                options.promptParts().patient()
                        ? LudbPatients.read(options.dataFolder())
                        : Map.of();

        int windowLength = options.network().windowLength();
        Random random = new Random(options.seed());
        List<LabelledWindow> training =
                WaveWindows.training(trainingRecords, windowLength, options.trainingStepSamples());
        if (options.maxTrainingWindows() > 0 && training.size() > options.maxTrainingWindows()) {
            Collections.shuffle(training, random);
            training = new ArrayList<>(training.subList(0, options.maxTrainingWindows()));
        }
        List<LabelledWindow> validation = WaveWindows.scoring(validationRecords, windowLength);
        LOG.info(
                "Training started: model=medtsllm task={} records={} windows={}"
                        + " validationRecords={} validationWindows={} epochs={} seed={}",
                TASK,
                options.trainingRecords().size(),
                training.size(),
                options.validationRecords().size(),
                validation.size(),
                options.epochs(),
                options.seed());

        Engine.getInstance().setRandomSeed((int) options.seed());
        PromptBuilder prompt =
                new PromptBuilder(options.promptParts(), DATASET_DESCRIPTION, TASK_DESCRIPTION);
        MedTsLlmModel model =
                MedTsLlmModel.create(
                        options.network(), options.backboneFile(), prompt, "medtsllm-" + TASK);
        try {
            List<EpochMetrics> epochs = new ArrayList<>();
            String stopReason =
                    runEpochs(
                            model,
                            options,
                            training,
                            validation,
                            patients,
                            random,
                            epochs,
                            started);
            double trainingSeconds = (System.nanoTime() - started) / 1e9;
            MedTsLlmMetadata metadata =
                    metadata(
                            options,
                            model,
                            samplingFrequencyHz,
                            training.size(),
                            epochs,
                            stopReason,
                            trainingSeconds);
            model.save(options.outFolder(), metadata);
            LOG.info(
                    "Training finished: epochs={} seconds={} macroF1={} out={}",
                    epochs.size(),
                    Math.round(trainingSeconds),
                    metadata.validation().macroF1(),
                    options.outFolder());
            return new MedTsLlmTrainingResult(model, metadata);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Runs the epochs and returns why they stopped, {@code epochs} or {@code max-minutes}. */
    private String runEpochs(
            MedTsLlmModel model,
            MedTsLlmTrainingOptions options,
            List<LabelledWindow> training,
            List<LabelledWindow> validation,
            Map<Integer, PatientContext> patients,
            Random random,
            List<EpochMetrics> epochs,
            long started) {
        // The batch count does not depend on the order, so any generator counts them.
        List<List<LabelledWindow>> batches =
                batches(training, options.batchSize(), options.cachePrefix(), new Random(0));
        Tracker learningRate =
                options.schedule()
                        .tracker(options.learningRate(), options.epochs() * batches.size());
        try (Trainer trainer = newTrainer(model, learningRate, new MaskedCrossEntropyLoss())) {
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
                                        trainBatch(
                                                trainer,
                                                model,
                                                batch,
                                                patients,
                                                options.cachePrefix()),
                                (done, total) -> progress.batchFinished(epochNumber, done, total));
                skippedBatches += epochResult.skipped();
                double loss = epochResult.meanLoss();
                double trainingSeconds = (System.nanoTime() - epochStarted) / 1e9;

                long scoringStarted = System.nanoTime();
                SegmentationScores scores = score(model, validation, patients);
                double scoringSeconds = (System.nanoTime() - scoringStarted) / 1e9;
                lastEpochSeconds = (System.nanoTime() - epochStarted) / 1e9;
                LOG.info(
                        "Epoch finished: epoch={} loss={} macroF1={} trainingWindowsPerSecond={}"
                                + " scoringWindowsPerSecond={}",
                        epoch,
                        loss,
                        scores.macroF1(),
                        training.size() / trainingSeconds,
                        validation.size() / scoringSeconds);

                EpochMetrics metrics = new EpochMetrics(epoch, loss, lastEpochSeconds, scores);
                epochs.add(metrics);
                progress.epochFinished(metrics);
            }
        }
        return "epochs";
    }

    /** Creates a trainer for the model's trainable layers with Adam at a constant rate. */
    static Trainer newTrainer(MedTsLlmModel model, float learningRate) {
        return newTrainer(model, learningRate, new MaskedCrossEntropyLoss());
    }

    /** Creates a trainer as {@link #newTrainer(MedTsLlmModel, float)} does, with {@code loss}. */
    static Trainer newTrainer(MedTsLlmModel model, float learningRate, Loss loss) {
        return newTrainer(model, Tracker.fixed(learningRate), loss);
    }

    /** Creates a trainer for the model's trainable layers with Adam, {@code loss} and the rates. */
    static Trainer newTrainer(MedTsLlmModel model, Tracker learningRate, Loss loss) {
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(loss)
                        .optOptimizer(Adam.builder().optLearningRateTracker(learningRate).build());
        Trainer trainer = model.model().newTrainer(config);
        trainer.initialize(model.inputShapes(1, 1));
        return trainer;
    }

    /**
     * Cuts shuffled windows into batches. With {@code byRecord} each batch contains windows of one
     * record, in their shuffled order, and the batches are shuffled again, so that a batch shares
     * one prompt prefix.
     */
    static List<List<LabelledWindow>> batches(
            List<LabelledWindow> windows, int batchSize, boolean byRecord, Random random) {
        List<List<LabelledWindow>> groups = new ArrayList<>();
        if (byRecord) {
            Map<Integer, List<LabelledWindow>> byRecordWindows = new LinkedHashMap<>();
            for (LabelledWindow window : windows) {
                byRecordWindows
                        .computeIfAbsent(window.record(), record -> new ArrayList<>())
                        .add(window);
            }
            groups.addAll(byRecordWindows.values());
        } else {
            groups.add(windows);
        }
        List<List<LabelledWindow>> batches = new ArrayList<>();
        for (List<LabelledWindow> group : groups) {
            for (int start = 0; start < group.size(); start += batchSize) {
                batches.add(group.subList(start, Math.min(group.size(), start + batchSize)));
            }
        }
        if (byRecord) {
            Collections.shuffle(batches, random);
        }
        return batches;
    }

    /**
     * Loss of one batch, and the first trainable parameter whose gradient was not finite; the
     * optimizer stepped only when both were finite.
     */
    record BatchResult(double loss, Optional<String> nonFiniteGradient) {
        boolean stepped() {
            return Double.isFinite(loss) && nonFiniteGradient.isEmpty();
        }
    }

    /**
     * Runs one forward and backward pass and, when the loss and every gradient are finite, one
     * optimizer step. Otherwise the gradients are cleared and the weights stay as they were.
     */
    static BatchResult trainBatch(
            Trainer trainer,
            MedTsLlmModel model,
            List<LabelledWindow> batch,
            Map<Integer, PatientContext> patients,
            boolean cachePrefix) {
        double loss =
                cachePrefix
                        ? backwardWithPrefix(trainer, model, batch, patients)
                        : backward(trainer, model, batch, patients);
        ParameterList trainable = model.network().getParameters();
        BatchResult result = new BatchResult(loss, TrainableGradients.firstNonFinite(trainable));
        if (result.stepped()) {
            trainer.step();
        } else {
            TrainableGradients.clear(trainable);
        }
        return result;
    }

    /**
     * Runs the batch with its whole prompts, accumulates the gradients on the trainable parameters,
     * and returns the loss.
     */
    static double backward(
            Trainer trainer,
            MedTsLlmModel model,
            List<LabelledWindow> batch,
            Map<Integer, PatientContext> patients) {
        try (NDManager manager = trainer.getManager().newSubManager()) {
            List<float[]> inputs = new ArrayList<>();
            List<int[]> promptIds = new ArrayList<>();
            for (LabelledWindow window : batch) {
                inputs.add(window.input());
                promptIds.add(model.promptIds(patients.get(window.record()), window.input()));
            }
            NDList features = model.inputs(manager, inputs, promptIds);
            NDList labels = labels(manager, batch);

            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(features);
                NDArray lossValue = trainer.getLoss().evaluate(labels, predictions);
                collector.backward(lossValue);
                return lossValue.getFloat();
            }
        }
    }

    /**
     * Does what {@link #backward} does for a batch of windows of one record, whose prompt prefix
     * runs through the backbone once for the batch.
     *
     * @throws IllegalArgumentException when the windows come from more than one record
     */
    static double backwardWithPrefix(
            Trainer trainer,
            MedTsLlmModel model,
            List<LabelledWindow> batch,
            Map<Integer, PatientContext> patients) {
        int record = batch.get(0).record();
        for (LabelledWindow window : batch) {
            if (window.record() != record) {
                throw new IllegalArgumentException(
                        "A batch with a cached prompt prefix needs windows of one record, got"
                                + " records "
                                + record
                                + " and "
                                + window.record());
            }
        }
        try (NDManager manager = trainer.getManager().newSubManager()) {
            List<float[]> inputs = new ArrayList<>();
            List<int[]> windowIds = new ArrayList<>();
            for (LabelledWindow window : batch) {
                inputs.add(window.input());
                windowIds.add(model.windowIds(window.input()));
            }
            NDList features = model.inputs(manager, inputs, windowIds);
            NDList labels = labels(manager, batch);
            ParameterStore store = new ParameterStore(manager, false);
            int[] prefixIds = model.prompt().prefixIds(model.tokenizer(), patients.get(record));
            try (PrefixCache prefix =
                    new PrefixCache(model.network().backbone(), prefixIds, manager)) {
                KeyValueCache cache = prefix.forBatch(batch.size(), store);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray logits =
                            model.network()
                                    .forwardAfterPrefix(
                                            store,
                                            features.get(0),
                                            features.get(1),
                                            features.get(2),
                                            cache,
                                            true);
                    NDArray lossValue = trainer.getLoss().evaluate(labels, new NDList(logits));
                    collector.backward(lossValue);
                    return lossValue.getFloat();
                }
            }
        }
    }

    /** Returns the targets and masks of the batch, [batch, length] each. */
    private static NDList labels(NDManager manager, List<LabelledWindow> batch) {
        int length = batch.get(0).targets().length;
        int[] targets = new int[batch.size() * length];
        float[] mask = new float[batch.size() * length];
        for (int i = 0; i < batch.size(); i++) {
            LabelledWindow window = batch.get(i);
            System.arraycopy(window.targets(), 0, targets, i * length, length);
            System.arraycopy(window.mask(), 0, mask, i * length, length);
        }
        return new NDList(
                manager.create(targets, new Shape(batch.size(), length)),
                manager.create(mask, new Shape(batch.size(), length)));
    }

    /**
     * Scores the model sample by sample on {@code windows} over the samples whose mask is set,
     * running the windows of each record with its cached prompt prefix.
     */
    public static SegmentationScores score(
            MedTsLlmModel model,
            List<LabelledWindow> windows,
            Map<Integer, PatientContext> patients) {
        Map<Integer, List<LabelledWindow>> byRecord = new LinkedHashMap<>();
        for (LabelledWindow window : windows) {
            byRecord.computeIfAbsent(window.record(), record -> new ArrayList<>()).add(window);
        }

        ConfusionMatrix confusion = new ConfusionMatrix(WaveClass.names());
        for (Map.Entry<Integer, List<LabelledWindow>> entry : byRecord.entrySet()) {
            List<float[]> inputs = new ArrayList<>();
            for (LabelledWindow window : entry.getValue()) {
                inputs.add(window.input());
            }
            List<float[][]> logits = model.logits(inputs, patients.get(entry.getKey()), true);
            for (int w = 0; w < inputs.size(); w++) {
                LabelledWindow window = entry.getValue().get(w);
                for (int t = 0; t < window.mask().length; t++) {
                    if (window.mask()[t] > 0) {
                        confusion.addMostLikely(window.targets()[t], logits.get(w), t);
                    }
                }
            }
        }
        return confusion.scores();
    }

    private static double checkSamplingFrequency(
            List<LudbRecord> training, List<LudbRecord> validation) {
        List<LudbRecord> all = new ArrayList<>(training);
        all.addAll(validation);
        for (LudbRecord record : all) {
            LudbReader.requireLudbRate(record);
        }
        return LudbReader.SAMPLING_FREQUENCY_HZ;
    }

    private MedTsLlmMetadata metadata(
            MedTsLlmTrainingOptions options,
            MedTsLlmModel model,
            double samplingFrequencyHz,
            int trainingWindows,
            List<EpochMetrics> epochs,
            String stopReason,
            double trainingSeconds)
            throws IOException {
        return new MedTsLlmMetadata(
                TASK,
                MedTsLlmMetadata.MODEL,
                options.medstreamVersion(),
                WaveClass.names(),
                samplingFrequencyHz,
                options.network(),
                options.trainingStepSamples(),
                options.promptParts().names(),
                DATASET_DESCRIPTION,
                TASK_DESCRIPTION,
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
                epochs.size(),
                stopReason,
                trainingSeconds,
                epochs,
                epochs.get(epochs.size() - 1).validation(),
                skippedBatches,
                null,
                null);
    }
}
