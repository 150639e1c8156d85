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
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.medstream.model.artifact.LmuSegmentationModel;
import org.medstream.model.artifact.ModelMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an LMU segmentation network on labelled sequences with Adam and masked cross-entropy,
 * scores it on the validation sequences after every epoch, and writes the model directory. The
 * task's data builder ({@code LudbTrainingData} for waves, {@code MitBihTrainingData} for beats)
 * decides what a sequence is and which outputs count.
 *
 * <p>The saved weights are those after the last epoch. The validation records never pick an epoch,
 * so their scores stay an unbiased estimate.
 */
public final class SegmentationTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentationTrainer.class);

    /** Largest |ln gain| of the training augmentation: gains from 0.67 to 1.5. */
    private static final double MAX_LOG_GAIN = 0.4;

    /** Largest baseline offset of the training augmentation, in mV. */
    private static final double MAX_OFFSET_MV = 0.3;

    private final TrainingProgress progress;

    /** Creates a trainer that reports to {@code progress}. */
    public SegmentationTrainer(TrainingProgress progress) {
        this.progress = progress;
    }

    /**
     * Trains on {@code data}, scores and saves a model as {@code options} describe.
     *
     * @return the trained model, open, for the caller to use and close, with the metadata written
     *     next to its weights
     * @throws IOException when the model directory cannot be written
     */
    public TrainingResult train(TrainingData data, TrainingOptions options) throws IOException {
        long started = System.nanoTime();
        if (options.network().inputChannels() != data.leads().size()) {
            throw new IllegalArgumentException(
                    "The network takes "
                            + options.network().inputChannels()
                            + " leads, the "
                            + data.task()
                            + " data has "
                            + data.leads().size());
        }
        if (options.network().classes() != data.classes().size()) {
            throw new IllegalArgumentException(
                    "The network has "
                            + options.network().classes()
                            + " classes, the "
                            + data.task()
                            + " task has "
                            + data.classes().size());
        }
        List<LabelledSequence> sequences = new ArrayList<>(data.training());
        LOG.info(
                "Training started: task={} records={} sequences={} validationRecords={}"
                        + " validationSequences={} epochs={} seed={}",
                data.task(),
                options.trainingRecords().size(),
                sequences.size(),
                options.validationRecords().size(),
                data.validation().size(),
                options.epochs(),
                options.seed());

        Engine.getInstance().setRandomSeed((int) options.seed());
        Random random = new Random(options.seed());
        LmuSegmentationModel segmentation =
                LmuSegmentationModel.create(
                        options.network(), data.samplingFrequencyHz(), modelName(data.task()));
        List<EpochMetrics> epochs = new ArrayList<>();
        String stopReason = "epochs";

        int batchesPerEpoch = (sequences.size() + options.batchSize() - 1) / options.batchSize();
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(new MaskedCrossEntropyLoss())
                        .optOptimizer(
                                Adam.builder()
                                        .optLearningRateTracker(
                                                LearningRateSchedule.COSINE.tracker(
                                                        options.learningRate(),
                                                        options.epochs() * batchesPerEpoch))
                                        .build());
        try (Trainer trainer = segmentation.model().newTrainer(config)) {
            int length = sequences.get(0).length();
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
                SegmentationScores scores = score(segmentation, data);
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
            metadata = metadata(options, data, segmentation, epochs, stopReason, trainingSeconds);
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

    private double trainEpoch(
            Trainer trainer,
            List<LabelledSequence> sequences,
            int batchSize,
            int epoch,
            Random random) {
        int batches = (sequences.size() + batchSize - 1) / batchSize;
        double lossSum = 0;
        for (int b = 0; b < batches; b++) {
            List<LabelledSequence> batch =
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
    private static NDList[] toArrays(
            NDManager manager, List<LabelledSequence> batch, Random random) {
        int leads = batch.get(0).leads();
        int length = 0;
        for (LabelledSequence sequence : batch) {
            length = Math.max(length, sequence.length());
        }

        float[] input = new float[batch.size() * leads * length];
        int[] targets = new int[batch.size() * leads * length];
        float[] mask = new float[batch.size() * leads * length];
        for (int i = 0; i < batch.size(); i++) {
            LabelledSequence sequence = batch.get(i);
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

    /**
     * Scores the model sample by sample on the validation sequences, over the outputs whose mask is
     * set.
     */
    static SegmentationScores score(LmuSegmentationModel model, TrainingData data) {
        ConfusionMatrix confusion = new ConfusionMatrix(data.classes());
        for (LabelledSequence sequence : data.validation()) {
            List<float[][]> outputs = model.outputs(sequence.input());
            for (int lead = 0; lead < sequence.leads(); lead++) {
                float[][] logits = outputs.get(lead);
                for (int t = 0; t < sequence.length(); t++) {
                    if (sequence.mask()[lead][t] > 0) {
                        confusion.addMostLikely(sequence.targets()[lead][t], logits, t);
                    }
                }
            }
        }
        return confusion.scores();
    }

    /** Returns the file prefix of a task's model, {@code lmu-waves} or {@code lmu-beats}. */
    static String modelName(String task) {
        return "lmu-" + task;
    }

    private static ModelMetadata metadata(
            TrainingOptions options,
            TrainingData data,
            LmuSegmentationModel segmentation,
            List<EpochMetrics> epochs,
            String stopReason,
            double trainingSeconds) {
        int delay = options.network().delaySamples();
        double millisPerSample = 1000.0 / data.samplingFrequencyHz();
        SegmentationScores last = epochs.get(epochs.size() - 1).validation();

        return new ModelMetadata(
                data.task(),
                "lmu",
                options.medstreamVersion(),
                data.classes(),
                data.leads(),
                data.samplingFrequencyHz(),
                delay,
                delay * millisPerSample,
                options.network().thetaSamples() * millisPerSample,
                options.network(),
                segmentation.parameterCount(),
                segmentation.weightsFileName(),
                segmentation.streamingWeightsFileName(),
                options.trainingRecords(),
                options.validationRecords(),
                options.timeSplit(),
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
