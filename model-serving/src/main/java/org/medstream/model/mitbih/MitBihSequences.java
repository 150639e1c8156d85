package org.medstream.model.mitbih;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.model.leads.LeadMap;
import org.medstream.model.train.LabelledSequence;
import org.medstream.model.train.TrainingData;

/**
 * Training data from MIT-BIH Arrhythmia records, shared by the tasks that learn per-sample labels
 * from the reference beats ({@code beats}, {@code anomalies}): lead MLII (taken as lead II) cut
 * into 10 s sequences, with targets that a task derives from the record's {@code .atr}.
 *
 * <p>Every sequence starts with an empty network state, which a long stream never has after its
 * first seconds, so the first 0.5 s of each sequence does not count. The sequence reads Δ samples
 * past its 10 s, so that the outputs for its last samples see the signal that follows them, as a
 * stream would.
 */
public final class MitBihSequences {
    /** Lead the models read, by the name {@link LeadMap} matches MIT-BIH's MLII to. */
    public static final String LEAD = "ii";

    /** Sampling frequency of every MIT-BIH Arrhythmia record. */
    public static final double SAMPLING_FREQUENCY_HZ = 360;

    private static final double SEQUENCE_SECONDS = 10;
    private static final double WARM_UP_SECONDS = 0.5;

    /** Per-sample class indices of one record, derived from its reference beats. */
    @FunctionalInterface
    public interface Labeller {
        /**
         * Returns the class index of each of the {@code length} samples of a record at {@code
         * samplingFrequencyHz}.
         */
        int[] labels(List<BeatAnnotation> beats, int length, double samplingFrequencyHz);
    }

    private MitBihSequences() {}

    /**
     * Reads the records named by number from {@code folder} ({@code 100.hea}, {@code 100.dat},
     * {@code 100.atr}, …) and labels them for a network with a delay of {@code delaySamples}.
     *
     * @param task task name, for {@link TrainingData} and error messages
     * @param classes class names in output order, class 0 the background
     * @throws IOException when a record or its {@code .atr} cannot be read
     * @throws IllegalArgumentException when a record has no MLII or lead II channel, or is not
     *     sampled at 360 Hz
     */
    public static TrainingData read(
            Path folder,
            List<Integer> trainingRecords,
            List<Integer> validationRecords,
            int delaySamples,
            String task,
            List<String> classes,
            Labeller labeller)
            throws IOException {
        List<LabelledSequence> training = new ArrayList<>();
        List<LabelledSequence> validation = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            List<Integer> records = pass == 0 ? trainingRecords : validationRecords;
            List<LabelledSequence> sequences = pass == 0 ? training : validation;
            for (int number : records) {
                Recording recording = RecordingFiles.open(folder.resolve(Integer.toString(number)));
                if (recording.samplingFrequencyHz() != SAMPLING_FREQUENCY_HZ) {
                    throw new IllegalArgumentException(
                            "Record "
                                    + number
                                    + " is sampled at "
                                    + recording.samplingFrequencyHz()
                                    + " Hz; MIT-BIH Arrhythmia records are sampled at "
                                    + SAMPLING_FREQUENCY_HZ
                                    + " Hz");
                }
                sequences.addAll(
                        sequences(folder, number, recording, delaySamples, task, labeller));
            }
        }
        return new TrainingData(
                task, classes, List.of(LEAD), SAMPLING_FREQUENCY_HZ, training, validation);
    }

    private static List<LabelledSequence> sequences(
            Path folder, int number, Recording recording, int delay, String task, Labeller labeller)
            throws IOException {
        int channel = leadChannel(recording, number, task);
        float[] signal = millivolts(recording.physical(channel));
        Path annotationFile = folder.resolve(number + ".atr");
        if (!annotationFile.toFile().isFile()) {
            throw new NoSuchFileException(
                    annotationFile.toString(), null, "reference beat annotations not found");
        }
        double fs = recording.samplingFrequencyHz();
        int[] labels = labeller.labels(WfdbBeatAnnotations.read(annotationFile), signal.length, fs);

        int length = (int) Math.round(SEQUENCE_SECONDS * fs);
        int warmUp = (int) Math.round(WARM_UP_SECONDS * fs);
        List<LabelledSequence> sequences = new ArrayList<>();
        for (int start = 0; start + length + delay <= signal.length; start += length) {
            float[][] input = new float[1][length + delay];
            int[][] targets = new int[1][length + delay];
            float[][] mask = new float[1][length + delay];
            System.arraycopy(signal, start, input[0], 0, length + delay);
            for (int t = 0; t < length; t++) {
                targets[0][t + delay] = labels[start + t];
                mask[0][t + delay] = t >= warmUp ? 1f : 0f;
            }
            sequences.add(new LabelledSequence(input, targets, mask));
        }
        return sequences;
    }

    private static int leadChannel(Recording recording, int number, String task) {
        List<String> names = new ArrayList<>();
        for (var channel : recording.channels()) {
            names.add(channel.name());
        }
        LeadMap map = LeadMap.of(names, List.of(LEAD));
        int channel = map.channelOf(0);
        if (channel < 0 || !names.get(channel).toLowerCase(Locale.ROOT).endsWith("ii")) {
            throw new IllegalArgumentException(
                    "Record "
                            + number
                            + " has no MLII or lead II channel (channels "
                            + names
                            + "); the "
                            + task
                            + " model reads lead II");
        }
        return channel;
    }

    private static float[] millivolts(double[] physical) {
        float[] signal = new float[physical.length];
        for (int t = 0; t < physical.length; t++) {
            signal[t] = Double.isNaN(physical[t]) ? 0f : (float) physical[t];
        }
        return signal;
    }
}
