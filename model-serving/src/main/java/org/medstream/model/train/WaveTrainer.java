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
import java.util.Arrays;
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
 * <p>Each record is one training sequence with all its leads as input channels, and the network
 * labels every lead. The output at sample t is trained on the label of sample t − Δ, and only
 * samples inside the lead's annotated span count. The saved weights are those after the last epoch.
 * The validation records never pick an epoch, so their scores stay an unbiased estimate.
 */
public final class WaveTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(WaveTrainer.class);

    /** Largest |ln gain| of the training augmentation: gains from 0.67 to 1.5. */
    private static final double MAX_LOG_GAIN = 0.4;

    /** Largest baseline offset of the training augmentation, in mV. */
    private static final double MAX_OFFSET_MV = 0.3;

    private final TrainingProgress progress;

    /** Creates a trainer that reports to {@code progress}. */
    public WaveTrainer(TrainingProgress progress) {
        this.progress = progress;
    }

    /** A sequence ready for a batch: the delayed input, its targets and its loss mask. */
    private record Sequence(float[][] input, int[][] targets, float[][] mask) {}

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

        requireLeads(options.network().inputChannels(), training, validation);
        List<Sequence> sequences = new ArrayList<>();
        for (LudbRecord record : training) {
            sequences.add(sequence(record, delay));
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
            int length = sequences.get(0).input()[0].length;
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
                double loss = trainEpoch(trainer, sequences, options.batchSize(), epoch, random);
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

    private double trainEpoch(
            Trainer trainer, List<Sequence> sequences, int batchSize, int epoch, Random random) {
        int batches = (sequences.size() + batchSize - 1) / batchSize;
        double lossSum = 0;
        for (int b = 0; b < batches; b++) {
            List<Sequence> batch =
                    sequences.subList(
                            b * batchSize, Math.min(sequences.size(), (b + 1) * batchSize));
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList[] inputAndLabels = toArrays(manager, batch, random);
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

    /**
     * Builds the input [batch, leads, time] and the labels [targets, mask] of shape [batch · leads,
     * time], zero-padded at the end.
     *
     * <p>Each record is scaled by a random gain and shifted by a random offset, as electrode
     * contact, amplifier gain and baseline differ between monitors and patients. Leads are dropped
     * (input zero, loss mask zero), so that the model also segments streams with fewer leads. A
     * third of the records keep every lead, a third lose each lead with probability 1/2, and a
     * third keep only one to three leads, as two-lead Holter and bedside monitors have.
     */
    private static NDList[] toArrays(NDManager manager, List<Sequence> batch, Random random) {
        int leads = batch.get(0).input().length;
        int length = 0;
        for (Sequence sequence : batch) {
            length = Math.max(length, sequence.input()[0].length);
        }

        float[] input = new float[batch.size() * leads * length];
        int[] targets = new int[batch.size() * leads * length];
        float[] mask = new float[batch.size() * leads * length];
        for (int i = 0; i < batch.size(); i++) {
            Sequence sequence = batch.get(i);
            boolean[] leadKept = keptLeads(leads, random);
            float gain = (float) Math.exp(MAX_LOG_GAIN * (2 * random.nextDouble() - 1));
            float offset = (float) (MAX_OFFSET_MV * (2 * random.nextDouble() - 1));
            for (int lead = 0; lead < leads; lead++) {
                if (!leadKept[lead]) {
                    continue;
                }
                int row = (i * leads + lead) * length;
                float[] signal = sequence.input()[lead];
                for (int t = 0; t < signal.length; t++) {
                    input[row + t] = signal[t] * gain + offset;
                }
                System.arraycopy(sequence.targets()[lead], 0, targets, row, signal.length);
                System.arraycopy(sequence.mask()[lead], 0, mask, row, signal.length);
            }
        }

        NDList inputs = new NDList(manager.create(input, new Shape(batch.size(), leads, length)));
        NDList labels =
                new NDList(
                        manager.create(targets, new Shape(batch.size() * leads, length)),
                        manager.create(mask, new Shape(batch.size() * leads, length)));
        return new NDList[] {inputs, labels};
    }

    /** Chooses the leads one training record keeps, as {@link #toArrays} describes. */
    private static boolean[] keptLeads(int leads, Random random) {
        boolean[] leadKept = new boolean[leads];
        int mode = random.nextInt(3);
        if (mode == 0) {
            Arrays.fill(leadKept, true);
        } else if (mode == 1) {
            for (int lead = 0; lead < leads; lead++) {
                leadKept[lead] = random.nextBoolean();
            }
        } else {
            int keep = 1 + random.nextInt(Math.min(3, leads));
            for (int k = 0; k < keep; k++) {
                leadKept[random.nextInt(leads)] = true;
            }
        }
        boolean any = false;
        for (boolean lead : leadKept) {
            any |= lead;
        }
        if (!any) {
            leadKept[random.nextInt(leads)] = true;
        }
        return leadKept;
    }

    /** Shifts the labels by Δ: the output at t + Δ is trained on the label of sample t. */
    private static Sequence sequence(LudbRecord record, int delay) {
        int leads = record.leads().size();
        float[][] input = new float[leads][];
        int[][] targets = new int[leads][];
        float[][] mask = new float[leads][];
        for (int lead = 0; lead < leads; lead++) {
            float[] signal = record.signals().get(lead);
            WaveLabels labels = record.labels().get(lead);
            input[lead] = WaveSegmentationModel.extendByDelay(signal, delay);
            targets[lead] = new int[input[lead].length];
            mask[lead] = new float[input[lead].length];
            for (int t = 0; t < signal.length; t++) {
                targets[lead][t + delay] = labels.labels()[t];
                mask[lead][t + delay] = labels.isAnnotated(t) ? 1f : 0f;
            }
        }
        return new Sequence(input, targets, mask);
    }

    private static void requireLeads(
            int leads, List<LudbRecord> training, List<LudbRecord> validation) {
        List<LudbRecord> all = new ArrayList<>(training);
        all.addAll(validation);
        for (LudbRecord record : all) {
            if (record.leads().size() != leads) {
                throw new IllegalArgumentException(
                        "Record "
                                + record.number()
                                + " has "
                                + record.leads().size()
                                + " leads, the network takes "
                                + leads);
            }
        }
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
