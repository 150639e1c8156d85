package org.medstream.model.medtsllm.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.medstream.evaluation.anomalies.AnomalyReference;
import org.medstream.model.llm.djl.KeyValueCache;
import org.medstream.model.medtsllm.AnomalyEpoch;
import org.medstream.model.medtsllm.AnomalyMetadata;
import org.medstream.model.medtsllm.HeadKind;
import org.medstream.model.medtsllm.MaskedMeanSquaredErrorLoss;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.medtsllm.PrefixCache;
import org.medstream.model.medtsllm.ReconstructionErrors;
import org.medstream.model.medtsllm.WindowBatch;
import org.medstream.model.medtsllm.prompt.PromptBuilder;
import org.medstream.model.mitbih.MitBihSequences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains MedTsLLM for anomaly detection by reconstruction on MIT-BIH lead MLII at 125 Hz: the
 * network reconstructs windows that contain no anomalous sample, with the mean squared error in mV²
 * as the loss, and Adam at a constant rate. After training, the squared errors of every sample of
 * the training records, divided by their mean, give the threshold: the (1 − anomaly rate) quantile.
 * The validation records never choose an epoch or the threshold.
 *
 * <p>Batches and the skipping of non-finite batches work as in {@link MedTsLlmTrainer}. No patient
 * information is read.
 */
public final class AnomalyTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyTrainer.class);

    /** Class name of the one output per sample. */
    public static final String CLASS_NAME = "reconstruction";

    /** Dataset part of the prompt. */
    public static final String DATASET_DESCRIPTION =
            "MIT-BIH Arrhythmia Database: 30-minute ambulatory ECGs, lead MLII resampled to 125 Hz."
                    + " Each window is 256 samples.";

    /** Task part of the prompt. */
    public static final String TASK_DESCRIPTION =
            "Reconstruct the input time series; normal heartbeats are reconstructed well.";

    private final AnomalyProgress progress;
    private int skippedBatches;

    /** Creates a trainer that reports to {@code progress}. */
    public AnomalyTrainer(AnomalyProgress progress) {
        this.progress = progress;
    }

    /** The threshold of a trained model on the training records. */
    record Threshold(double meanSquaredError, double rate, double threshold, long samples) {}

    /**
     * Trains, sets the threshold, and saves a model as {@code options} describe.
     *
     * @return the trained model, open, for the caller to use and close
     * @throws IOException when a record or the backbone cannot be read, or the model directory
     *     cannot be written
     * @throws IllegalArgumentException when the training records have no normal window
     */
    public MedTsLlmTrainingResult train(AnomalyTrainingOptions options) throws IOException {
        long started = System.nanoTime();
        skippedBatches = 0;
        List<AnomalyRecord> trainingRecords = new ArrayList<>();
        for (int number : options.trainingRecords()) {
            trainingRecords.add(AnomalyWindows.read(options.dataFolder(), number));
        }
        List<AnomalyRecord> validationRecords = new ArrayList<>();
        for (int number : options.validationRecords()) {
            validationRecords.add(AnomalyWindows.read(options.dataFolder(), number));
        }

        int window = AnomalyTrainingOptions.WINDOW_SAMPLES;
        int step = AnomalyTrainingOptions.TRAINING_STEP_SAMPLES;
        int allWindows = AnomalyWindows.stepped(trainingRecords, window, step).size();
        List<LabelledWindow> training = AnomalyWindows.normal(trainingRecords, window, step);
        if (training.isEmpty()) {
            throw new IllegalArgumentException(
                    "Records "
                            + options.trainingRecords()
                            + " have no window of "
                            + window
                            + " samples without an anomalous sample; the anomalies task trains"
                            + " on normal windows only");
        }
        int normalWindows = training.size();
        Random random = new Random(options.seed());
        if (options.maxTrainingWindows() > 0 && training.size() > options.maxTrainingWindows()) {
            Collections.shuffle(training, random);
            training = new ArrayList<>(training.subList(0, options.maxTrainingWindows()));
        }
        List<LabelledWindow> validation = AnomalyWindows.stepped(validationRecords, window, window);
        LOG.info(
                "Training started: model=medtsllm task={} records={} normalWindows={}"
                        + " excludedWindows={} windows={} validationRecords={} epochs={} seed={}",
                HeadKind.ANOMALY_TASK,
                options.trainingRecords(),
                normalWindows,
                allWindows - normalWindows,
                training.size(),
                options.validationRecords(),
                options.epochs(),
                options.seed());

        Engine.getInstance().setRandomSeed((int) options.seed());
        PromptBuilder prompt =
                new PromptBuilder(options.promptParts(), DATASET_DESCRIPTION, TASK_DESCRIPTION);
        MedTsLlmModel model =
                MedTsLlmModel.create(
                        options.network(),
                        options.backboneFile(),
                        prompt,
                        "medtsllm-" + HeadKind.ANOMALY_TASK,
                        HeadKind.RECONSTRUCTION);
        try {
            List<AnomalyEpoch> epochs = new ArrayList<>();
            String stopReason =
                    runEpochs(model, options, training, validation, random, epochs, started);
            Threshold threshold = threshold(model, trainingRecords, options.anomalyRate());
            double trainingSeconds = (System.nanoTime() - started) / 1e9;
            AnomalyMetadata anomaly =
                    new AnomalyMetadata(
                            MitBihSequences.SAMPLING_FREQUENCY_HZ,
                            AnomalyReference.HALF_WIDTH_SECONDS,
                            normalWindows,
                            allWindows - normalWindows,
                            anomalousFraction(trainingRecords),
                            threshold.rate(),
                            1 - threshold.rate(),
                            threshold.meanSquaredError(),
                            threshold.threshold(),
                            threshold.samples(),
                            epochs);
            MedTsLlmMetadata metadata =
                    metadata(
                            options,
                            model,
                            training.size(),
                            epochs.size(),
                            stopReason,
                            trainingSeconds,
                            anomaly);
            model.save(options.outFolder(), metadata);
            LOG.info(
                    "Training finished: epochs={} seconds={} anomalyRate={} threshold={} out={}",
                    epochs.size(),
                    Math.round(trainingSeconds),
                    threshold.rate(),
                    threshold.threshold(),
                    options.outFolder());
            return new MedTsLlmTrainingResult(model, metadata);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Returns the share of anomalous samples over all the records. */
    static double anomalousFraction(List<AnomalyRecord> records) {
        long anomalous = 0;
        long samples = 0;
        for (AnomalyRecord record : records) {
            anomalous += record.anomalousSamples();
            samples += record.signal().length;
        }
        return (double) anomalous / samples;
    }

    /**
     * Scores every sample of the training records and returns the mean squared error and the (1 −
     * rate) quantile of the errors divided by it. A null rate stands for the records' anomalous
     * share.
     */
    static Threshold threshold(MedTsLlmModel model, List<AnomalyRecord> records, Double rate) {
        double effectiveRate = rate != null ? rate : anomalousFraction(records);
        List<float[]> perRecord = new ArrayList<>();
        int samples = 0;
        for (AnomalyRecord record : records) {
            float[] errors = ReconstructionErrors.squared(model, record.signal());
            perRecord.add(errors);
            samples += errors.length;
        }
        float[] all = new float[samples];
        int offset = 0;
        for (float[] errors : perRecord) {
            System.arraycopy(errors, 0, all, offset, errors.length);
            offset += errors.length;
        }
        double mean = ReconstructionErrors.mean(all);
        float[] scores = new float[all.length];
        for (int t = 0; t < all.length; t++) {
            scores[t] = (float) (all[t] / mean);
        }
        double threshold = ReconstructionErrors.quantile(scores, 1 - effectiveRate);
        return new Threshold(mean, effectiveRate, threshold, samples);
    }

    private String runEpochs(
            MedTsLlmModel model,
            AnomalyTrainingOptions options,
            List<LabelledWindow> training,
            List<LabelledWindow> validation,
            Random random,
            List<AnomalyEpoch> epochs,
            long started) {
        try (Trainer trainer =
                MedTsLlmTrainer.newTrainer(
                        model, options.learningRate(), new MaskedMeanSquaredErrorLoss())) {
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
                                batch -> trainBatch(trainer, model, batch, options.cachePrefix()),
                                (done, total) -> progress.batchFinished(epochNumber, done, total));
                skippedBatches += epochResult.skipped();
                double loss = epochResult.meanLoss();
                double trainingSeconds = (System.nanoTime() - epochStarted) / 1e9;

                double[] errors = validationErrors(model, validation);
                lastEpochSeconds = (System.nanoTime() - epochStarted) / 1e9;
                LOG.info(
                        "Epoch finished: epoch={} loss={} validationNormalError={}"
                                + " validationAnomalousError={} trainingWindowsPerSecond={}",
                        epoch,
                        loss,
                        errors[0],
                        errors[1],
                        training.size() / trainingSeconds);
                AnomalyEpoch metrics =
                        new AnomalyEpoch(epoch, loss, lastEpochSeconds, errors[0], errors[1]);
                epochs.add(metrics);
                progress.epochFinished(metrics);
            }
        }
        return "epochs";
    }

    /**
     * Runs one forward and backward pass of the reconstruction loss and, when the loss and every
     * gradient are finite, one optimizer step. Otherwise it clears the gradients.
     */
    static MedTsLlmTrainer.BatchResult trainBatch(
            Trainer trainer, MedTsLlmModel model, List<LabelledWindow> batch, boolean cachePrefix) {
        double loss = backward(trainer, model, batch, cachePrefix);
        ParameterList trainable = model.network().getParameters();
        MedTsLlmTrainer.BatchResult result =
                new MedTsLlmTrainer.BatchResult(loss, TrainableGradients.firstNonFinite(trainable));
        if (result.stepped()) {
            trainer.step();
        } else {
            TrainableGradients.clear(trainable);
        }
        return result;
    }

    /**
     * Accumulates the gradients of the batch's reconstruction loss and returns the loss. With
     * {@code cachePrefix} the prompt prefix, the same for every window, runs through the backbone
     * once for the batch; otherwise every window runs its whole prompt.
     */
    static double backward(
            Trainer trainer, MedTsLlmModel model, List<LabelledWindow> batch, boolean cachePrefix) {
        try (NDManager manager = trainer.getManager().newSubManager()) {
            List<float[]> inputs = new ArrayList<>();
            List<int[]> promptIds = new ArrayList<>();
            for (LabelledWindow window : batch) {
                inputs.add(window.input());
                promptIds.add(
                        cachePrefix
                                ? model.prompt().windowIds(model.tokenizer(), window.input())
                                : model.promptIds(null, window.input()));
            }
            NDList features = WindowBatch.of(manager, inputs, promptIds);
            NDList labels = labels(manager, batch);
            if (!cachePrefix) {
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray lossValue =
                            trainer.getLoss().evaluate(labels, trainer.forward(features));
                    collector.backward(lossValue);
                    return lossValue.getFloat();
                }
            }
            ParameterStore store = new ParameterStore(manager, false);
            int[] prefixIds = model.prompt().prefixIds(model.tokenizer(), null);
            try (PrefixCache prefix =
                    new PrefixCache(model.network().backbone(), prefixIds, manager)) {
                KeyValueCache cache = prefix.forBatch(batch.size(), store);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray reconstruction =
                            model.network()
                                    .forwardAfterPrefix(
                                            store,
                                            features.get(0),
                                            features.get(1),
                                            features.get(2),
                                            cache,
                                            true);
                    NDArray lossValue =
                            trainer.getLoss().evaluate(labels, new NDList(reconstruction));
                    collector.backward(lossValue);
                    return lossValue.getFloat();
                }
            }
        }
    }

    /** Returns the windows themselves as targets and their masks, [batch, length] each. */
    private static NDList labels(NDManager manager, List<LabelledWindow> batch) {
        int length = batch.get(0).input().length;
        float[] targets = new float[batch.size() * length];
        float[] mask = new float[batch.size() * length];
        for (int i = 0; i < batch.size(); i++) {
            LabelledWindow window = batch.get(i);
            System.arraycopy(window.input(), 0, targets, i * length, length);
            System.arraycopy(window.mask(), 0, mask, i * length, length);
        }
        return new NDList(
                manager.create(targets, new Shape(batch.size(), length)),
                manager.create(mask, new Shape(batch.size(), length)));
    }

    /**
     * Returns the mean squared error of the windows without an anomalous sample and of those with
     * one, running each record's windows with its prompt prefix cached; NaN for an empty group.
     */
    static double[] validationErrors(MedTsLlmModel model, List<LabelledWindow> windows) {
        Map<Integer, List<LabelledWindow>> byRecord = new LinkedHashMap<>();
        for (LabelledWindow window : windows) {
            byRecord.computeIfAbsent(window.record(), record -> new ArrayList<>()).add(window);
        }
        double[] sums = new double[2];
        long[] counts = new long[2];
        for (List<LabelledWindow> recordWindows : byRecord.values()) {
            List<float[]> inputs = new ArrayList<>();
            for (LabelledWindow window : recordWindows) {
                inputs.add(window.input());
            }
            List<float[][]> outputs = model.logits(inputs, null, true);
            for (int w = 0; w < inputs.size(); w++) {
                int group = AnomalyWindows.hasAnomaly(recordWindows.get(w)) ? 1 : 0;
                float[] input = inputs.get(w);
                float[] reconstruction = outputs.get(w)[0];
                for (int t = 0; t < input.length; t++) {
                    double difference = reconstruction[t] - input[t];
                    sums[group] += difference * difference;
                }
                counts[group] += input.length;
            }
        }
        return new double[] {
            counts[0] == 0 ? Double.NaN : sums[0] / counts[0],
            counts[1] == 0 ? Double.NaN : sums[1] / counts[1]
        };
    }

    private MedTsLlmMetadata metadata(
            AnomalyTrainingOptions options,
            MedTsLlmModel model,
            int trainingWindows,
            int epochsRun,
            String stopReason,
            double trainingSeconds,
            AnomalyMetadata anomaly)
            throws IOException {
        return new MedTsLlmMetadata(
                HeadKind.ANOMALY_TASK,
                MedTsLlmMetadata.MODEL,
                options.medstreamVersion(),
                List.of(CLASS_NAME),
                BoundaryTask.SAMPLING_FREQUENCY_HZ,
                options.network(),
                AnomalyTrainingOptions.TRAINING_STEP_SAMPLES,
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
                epochsRun,
                stopReason,
                trainingSeconds,
                List.of(),
                null,
                skippedBatches,
                null,
                anomaly);
    }
}
