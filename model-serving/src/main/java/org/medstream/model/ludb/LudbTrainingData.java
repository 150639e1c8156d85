package org.medstream.model.ludb;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medstream.model.artifact.LmuSegmentationModel;
import org.medstream.model.train.LabelledSequence;
import org.medstream.model.train.TrainingData;

/**
 * Training data of the {@code waves} task from LUDB: each record is one sequence of its twelve
 * leads, labelled none, P, QRS or T per sample, with only the samples inside each lead's annotated
 * span counting.
 */
public final class LudbTrainingData {
    /** Task name of wave segmentation. */
    public static final String TASK = "waves";

    private LudbTrainingData() {}

    /**
     * Reads the training and validation records from {@code folder} and labels them for a network
     * with a delay of {@code delaySamples}.
     *
     * @throws IOException when a record or annotation file cannot be read
     * @throws IllegalArgumentException when a record is not sampled at 500 Hz or the records differ
     *     in leads
     */
    public static TrainingData read(
            Path folder,
            List<Integer> trainingRecords,
            List<Integer> validationRecords,
            int delaySamples)
            throws IOException {
        LudbReader reader = new LudbReader(folder);
        List<LudbRecord> training = reader.readAll(trainingRecords);
        List<LudbRecord> validation = reader.readAll(validationRecords);
        List<LudbRecord> all = new ArrayList<>(training);
        all.addAll(validation);
        LudbRecord first = all.get(0);
        for (LudbRecord record : all) {
            LudbReader.requireLudbRate(record);
            if (!record.leads().equals(first.leads())) {
                throw new IllegalArgumentException(
                        "Record "
                                + record.number()
                                + " has leads "
                                + record.leads()
                                + ", record "
                                + first.number()
                                + " has "
                                + first.leads()
                                + "; all records of a training run need the same leads");
            }
        }
        return new TrainingData(
                TASK,
                WaveClass.names(),
                first.leads(),
                first.samplingFrequencyHz(),
                sequences(training, delaySamples),
                sequences(validation, delaySamples));
    }

    private static List<LabelledSequence> sequences(List<LudbRecord> records, int delay) {
        List<LabelledSequence> sequences = new ArrayList<>();
        for (LudbRecord record : records) {
            sequences.add(sequence(record, delay));
        }
        return sequences;
    }

    /** Shifts the labels by Δ: the output at t + Δ is trained on the label of sample t. */
    private static LabelledSequence sequence(LudbRecord record, int delay) {
        int leads = record.leads().size();
        float[][] input = new float[leads][];
        int[][] targets = new int[leads][];
        float[][] mask = new float[leads][];
        for (int lead = 0; lead < leads; lead++) {
            float[] signal = record.signals().get(lead);
            WaveLabels labels = record.labels().get(lead);
            input[lead] = LmuSegmentationModel.extendByDelay(signal, delay);
            targets[lead] = new int[input[lead].length];
            mask[lead] = new float[input[lead].length];
            for (int t = 0; t < signal.length; t++) {
                targets[lead][t + delay] = labels.labels()[t];
                mask[lead][t + delay] = labels.isAnnotated(t) ? 1f : 0f;
            }
        }
        return new LabelledSequence(input, targets, mask);
    }
}
