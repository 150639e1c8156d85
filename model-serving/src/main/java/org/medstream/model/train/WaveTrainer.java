package org.medstream.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.medstream.model.artifact.ModelMetadata;
import org.medstream.model.artifact.WaveSegmentationModel;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbRecord;
import org.medstream.model.ludb.WaveClass;
import org.medstream.model.ludb.WaveLabels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the LMU wave segmentation model on LUDB records with Adam and masked cross-entropy, scores
 * it on held-out records after every epoch, and writes the model directory.
 *
 * <p>Every lead of a record is one training sequence of one channel. The output at sample t is
 * trained on the label of sample t − Δ, and only samples inside the lead's annotated span count.
 * The saved weights are those after the last epoch. The validation records never pick an epoch, so
 * their scores stay an unbiased estimate.
 */
public final class WaveTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(WaveTrainer.class);

    private final TrainingProgress progress;

    /** Creates a trainer that reports to {@code progress}. */
    public WaveTrainer(TrainingProgress progress) {
        this.progress = progress;
    }

    /** A sequence ready for a batch: the delayed input, its targets and its loss mask. */
    private record Sequence(float[] input, int[] targets, float[] mask) {}

    /**
     * Trains, scores and saves a model as {@code options} describe.
     *
     * @return the trained model, open, for the caller to use and close, with the metadata written
     *     next to its weights
     * @throws IOException when a record cannot be read or the model directory cannot be written
     */
    public TrainingResult train(TrainingOptions options) throws IOException {
        long started = System.nanoTime();
        LudbReader reader = new LudbReader(options.dataFolder());
        List<LudbRecord> training = reader.readAll(options.trainingRecords());
        List<LudbRecord> validation = reader.readAll(options.validationRecords());
        double samplingFrequencyHz = commonSamplingFrequency(training, validation);
        int delay = options.network().delaySamples();

        List<Sequence> sequences = new ArrayList<>();
        for (LudbRecord record : training) {
            for (int lead = 0; lead < record.leads().size(); lead++) {
                sequences.add(
                        sequence(record.signals().get(lead), record.labels().get(lead), delay));
            }
        }
        LOG.info(
                "Training started: records={} sequences={} validationRecords={} epochs={} seed={}",
                training.size(),
                sequences.size(),
                validation.size(),
                options.epochs(),
                options.seed());

        Engine.getInstance().setRandomSeed((int) options.seed());
        Random random = new Random(options.seed());
        WaveSegmentationModel segmentation =
                WaveSegmentationModel.create(options.network(), samplingFrequencyHz);
        List<EpochMetrics> epochs = new ArrayList<>();
        String stopReason = "epochs";

        int batchesPerEpoch = (sequences.size() + options.batchSize() - 1) / options.batchSize();
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(new MaskedCrossEntropyLoss())
                        .optOptimizer(
                                Adam.builder()
                                        .optLearningRateTracker(
                                                learningRate(options, batchesPerEpoch))
                                        .build());
        try (Trainer trainer = segmentation.model().newTrainer(config)) {
            int length = sequences.get(0).input().length;
            trainer.initialize(new Shape(1, options.network().inputChannels(), length));

            double lastEpochSeconds = 0;
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                double elapsedSeconds = (System.nanoTime() - started) / 1e9;
                if (epoch > 1
                        && options.maxMinutes() > 0
                        && elapsedSeconds + lastEpochSeconds > options.maxMinutes() * 60) {
                    stopReason = "max-minutes";
                    break;
                }

                long epochStarted = System.nanoTime();
                Collections.shuffle(sequences, random);
                double loss = trainEpoch(trainer, sequences, options.batchSize(), epoch);
                SegmentationScores scores = score(segmentation, validation);
                lastEpochSeconds = (System.nanoTime() - epochStarted) / 1e9;

                EpochMetrics metrics = new EpochMetrics(epoch, loss, lastEpochSeconds, scores);
                epochs.add(metrics);
                progress.epochFinished(metrics);
            }
        } catch (RuntimeException e) {
            segmentation.close();
            throw e;
        }

        double trainingSeconds = (System.nanoTime() - started) / 1e9;
        ModelMetadata metadata;
        try {
            metadata =
                    metadata(
                            options,
                            segmentation,
                            training.get(0).leads(),
                            samplingFrequencyHz,
                            epochs,
                            stopReason,
                            trainingSeconds);
            segmentation.save(options.outFolder(), metadata);
        } catch (IOException | RuntimeException e) {
            segmentation.close();
            throw e;
        }
        LOG.info(
                "Training finished: epochs={} seconds={} macroF1={} out={}",
                epochs.size(),
                Math.round(trainingSeconds),
                metadata.validation().macroF1(),
                options.outFolder());
        return new TrainingResult(segmentation, metadata);
    }

    /**
     * Returns a cosine schedule from the learning rate of the options down to a twentieth of it at
     * the last update, so late epochs refine rather than swing.
     */
    private static Tracker learningRate(TrainingOptions options, int batchesPerEpoch) {
        return Tracker.cosine()
                .setBaseValue(options.learningRate())
                .optFinalValue(options.learningRate() / 20)
                .setMaxUpdates(options.epochs() * batchesPerEpoch)
                .build();
    }

    private double trainEpoch(Trainer trainer, List<Sequence> sequences, int batchSize, int epoch) {
        int batches = (sequences.size() + batchSize - 1) / batchSize;
        double lossSum = 0;
        for (int b = 0; b < batches; b++) {
            List<Sequence> batch =
                    sequences.subList(
                            b * batchSize, Math.min(sequences.size(), (b + 1) * batchSize));
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList[] inputAndLabels = toArrays(manager, batch);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(inputAndLabels[0]);
                    NDArray loss = trainer.getLoss().evaluate(inputAndLabels[1], predictions);
                    collector.backward(loss);
                    lossSum += loss.getFloat();
                }
                trainer.step();
            }
            progress.batchFinished(epoch, b + 1, batches);
        }
        return lossSum / batches;
    }

    /** Builds the input [batch, 1, time] and the labels [targets, mask], zero-padded at the end. */
    private static NDList[] toArrays(NDManager manager, List<Sequence> batch) {
        int length = 0;
        for (Sequence sequence : batch) {
            length = Math.max(length, sequence.input().length);
        }

        float[] input = new float[batch.size() * length];
        int[] targets = new int[batch.size() * length];
        float[] mask = new float[batch.size() * length];
        for (int i = 0; i < batch.size(); i++) {
            Sequence sequence = batch.get(i);
            int samples = sequence.input().length;
            System.arraycopy(sequence.input(), 0, input, i * length, samples);
            System.arraycopy(sequence.targets(), 0, targets, i * length, samples);
            System.arraycopy(sequence.mask(), 0, mask, i * length, samples);
        }

        NDList inputs = new NDList(manager.create(input, new Shape(batch.size(), 1, length)));
        NDList labels =
                new NDList(
                        manager.create(targets, new Shape(batch.size(), length)),
                        manager.create(mask, new Shape(batch.size(), length)));
        return new NDList[] {inputs, labels};
    }

    /** Shifts the labels by Δ: the output at t + Δ is trained on the label of sample t. */
    private static Sequence sequence(float[] signal, WaveLabels labels, int delay) {
        float[] input = WaveSegmentationModel.extendByDelay(signal, delay);
        int[] targets = new int[input.length];
        float[] mask = new float[input.length];
        for (int t = 0; t < signal.length; t++) {
            targets[t + delay] = labels.labels()[t];
            mask[t + delay] = labels.isAnnotated(t) ? 1f : 0f;
        }
        return new Sequence(input, targets, mask);
    }

    /** Scores the model on every lead of the records, inside each lead's annotated span. */
    static SegmentationScores score(WaveSegmentationModel model, List<LudbRecord> records) {
        ConfusionMatrix confusion = new ConfusionMatrix(WaveClass.names());

        for (LudbRecord record : records) {
            List<int[]> predicted = model.labels(record.signals());
            for (int lead = 0; lead < record.leads().size(); lead++) {
                WaveLabels reference = record.labels().get(lead);
                int[] labels = predicted.get(lead);
                for (int t = reference.spanStart(); t <= reference.spanEnd(); t++) {
                    confusion.add(reference.labels()[t], labels[t]);
                }
            }
        }
        return confusion.scores();
    }

    private static double commonSamplingFrequency(
            List<LudbRecord> training, List<LudbRecord> validation) {
        double samplingFrequencyHz = training.get(0).samplingFrequencyHz();
        List<LudbRecord> all = new ArrayList<>(training);
        all.addAll(validation);
        for (LudbRecord record : all) {
            if (record.samplingFrequencyHz() != samplingFrequencyHz) {
                throw new IllegalArgumentException(
                        "Record "
                                + record.number()
                                + " is sampled at "
                                + record.samplingFrequencyHz()
                                + " Hz, record "
                                + training.get(0).number()
                                + " at "
                                + samplingFrequencyHz
                                + " Hz; all records of a training run need the same rate");
            }
        }
        return samplingFrequencyHz;
    }

    private static ModelMetadata metadata(
            TrainingOptions options,
            WaveSegmentationModel segmentation,
            List<String> leads,
            double samplingFrequencyHz,
            List<EpochMetrics> epochs,
            String stopReason,
            double trainingSeconds) {
        int delay = options.network().delaySamples();
        double millisPerSample = 1000.0 / samplingFrequencyHz;
        SegmentationScores last = epochs.get(epochs.size() - 1).validation();

        return new ModelMetadata(
                "waves",
                "lmu",
                options.medstreamVersion(),
                WaveClass.names(),
                leads,
                samplingFrequencyHz,
                delay,
                delay * millisPerSample,
                options.network().thetaSamples() * millisPerSample,
                options.network(),
                segmentation.parameterCount(),
                WaveSegmentationModel.weightsFileName(),
                WaveSegmentationModel.STREAMING_WEIGHTS_FILE,
                options.trainingRecords(),
                options.validationRecords(),
                options.command(),
                options.seed(),
                options.epochs(),
                epochs.size(),
                stopReason,
                trainingSeconds,
                epochs,
                last);
    }
}
