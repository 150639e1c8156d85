package org.medstream.model.breaths;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medstream.evaluation.breaths.BreathMarks;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.model.train.LabelledSequence;
import org.medstream.model.train.TimeSplit;
import org.medstream.model.train.TrainingData;

/**
 * Training data of the {@code breaths} task from BIDMC PPG and Respiration records in the dataset's
 * CSV export ({@code bidmc_01_Signals.csv} with {@code bidmc_01_Breaths.csv} beside it): the RESP
 * channel, scaled by {@link RespirationScaler} from the record's first sample, labelled per sample
 * with 1 within ±{@link #HALF_WIDTH_SECONDS} of a breath onset marked by the first annotator, else
 * 0.
 *
 * <p>The dataset has few records, so a record is split in time ({@link TimeSplit}): training
 * sequences come from the training span, validation sequences from the validation span. Each
 * sequence scores {@value #SEQUENCE_SECONDS} s and starts with {@value #WARM_UP_SECONDS} s of
 * unscored input, because the network starts empty and needs its memory window to settle. That
 * warm-up input may come from before the span, as it would in a stream, but no label outside the
 * span is scored and no input after the span is read.
 */
public final class BidmcTrainingData {
    /** Task name of breath detection. */
    public static final String TASK = "breaths";

    /** Channel the model reads, as BIDMC names it. */
    public static final String CHANNEL = "RESP";

    /** Annotator whose breath marks are the labels. */
    public static final String ANNOTATOR = "ann1";

    /** Sampling frequency of every BIDMC record. */
    public static final double SAMPLING_FREQUENCY_HZ = 125;

    /** Half width of the labelled run around each breath onset, in seconds. */
    public static final double HALF_WIDTH_SECONDS = 0.2;

    private static final double SEQUENCE_SECONDS = 20;
    private static final double WARM_UP_SECONDS = 10;
    private static final double TRAINING_STRIDE_SECONDS = 5;

    private BidmcTrainingData() {}

    /** Returns the class names in output order. */
    public static List<String> classes() {
        return List.of("none", "onset");
    }

    /** Returns the path of record {@code number}'s signals file in {@code folder}. */
    public static Path signalsFile(Path folder, int number) {
        return folder.resolve(String.format(Locale.ROOT, "bidmc_%02d_Signals.csv", number));
    }

    /**
     * Reads the records named by number from {@code folder} and labels them for a network with a
     * delay of {@code delaySamples}.
     *
     * @throws IOException when a record cannot be read
     * @throws IllegalArgumentException when a record is not sampled at 125 Hz, has no RESP channel
     *     or no breath marks of {@value #ANNOTATOR}, or a span is too short for one sequence
     */
    public static TrainingData read(
            Path folder,
            List<Integer> trainingRecords,
            List<Integer> validationRecords,
            TimeSplit split,
            int delaySamples)
            throws IOException {
        List<LabelledSequence> training = new ArrayList<>();
        List<LabelledSequence> validation = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            boolean isTraining = pass == 0;
            for (int number : isTraining ? trainingRecords : validationRecords) {
                Recording recording = RecordingFiles.open(signalsFile(folder, number));
                double fs = recording.samplingFrequencyHz();
                if (fs != SAMPLING_FREQUENCY_HZ) {
                    throw new IllegalArgumentException(
                            "Record "
                                    + recording.source()
                                    + " is sampled at "
                                    + fs
                                    + " Hz; BIDMC records are sampled at "
                                    + SAMPLING_FREQUENCY_HZ
                                    + " Hz");
                }
                float[] signal = RespirationScaler.scaleAll(respiration(recording), fs);
                int[] labels = labels(recording, signal.length);
                if (isTraining) {
                    training.addAll(
                            sequences(
                                    recording,
                                    signal,
                                    labels,
                                    "training span",
                                    split.trainingFromSeconds(),
                                    split.trainingToSeconds(),
                                    TRAINING_STRIDE_SECONDS,
                                    delaySamples));
                } else {
                    validation.addAll(
                            sequences(
                                    recording,
                                    signal,
                                    labels,
                                    "validation span",
                                    split.validationFromSeconds(),
                                    split.validationToSeconds(),
                                    SEQUENCE_SECONDS,
                                    delaySamples));
                }
            }
        }
        return new TrainingData(
                TASK, classes(), List.of(CHANNEL), SAMPLING_FREQUENCY_HZ, training, validation);
    }

    /**
     * Returns the sequences whose scored samples lie in [from, to) seconds, {@code strideSeconds}
     * apart, plus one that ends at the span's end.
     */
    static List<LabelledSequence> sequences(
            Recording recording,
            float[] signal,
            int[] labels,
            String spanName,
            double fromSeconds,
            double toSeconds,
            double strideSeconds,
            int delay) {
        double fs = recording.samplingFrequencyHz();
        int length = (int) Math.round(SEQUENCE_SECONDS * fs);
        int warmUp = (int) Math.round(WARM_UP_SECONDS * fs);
        int stride = (int) Math.round(strideSeconds * fs);
        if (toSeconds * fs > signal.length) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "The %s %s s of %s ends after the record, which lasts %.1f s",
                            spanName,
                            TimeSplit.formatSpan(fromSeconds, toSeconds),
                            recording.source(),
                            signal.length / fs));
        }
        long spanEnd = (long) Math.floor(toSeconds * fs);
        long first = Math.max((long) Math.ceil(fromSeconds * fs), warmUp);
        long last = spanEnd - delay - length;
        if (last < first) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "The %s %s s of %s is too short: a sequence needs %g s of labels"
                                    + " after %g s of warm-up and %d samples of look-ahead (the"
                                    + " record has %.1f s)",
                            spanName,
                            TimeSplit.formatSpan(fromSeconds, toSeconds),
                            recording.source(),
                            SEQUENCE_SECONDS,
                            WARM_UP_SECONDS,
                            delay,
                            signal.length / fs));
        }
        List<LabelledSequence> sequences = new ArrayList<>();
        for (long start = first; start <= last; start += stride) {
            sequences.add(sequence(signal, labels, (int) start, length, warmUp, delay));
        }
        if ((last - first) % stride != 0) {
            sequences.add(sequence(signal, labels, (int) last, length, warmUp, delay));
        }
        return sequences;
    }

    /** Returns the sequence scoring [start, start + length), with its warm-up and look-ahead. */
    private static LabelledSequence sequence(
            float[] signal, int[] labels, int start, int length, int warmUp, int delay) {
        int samples = warmUp + length + delay;
        float[][] input = new float[1][samples];
        int[][] targets = new int[1][samples];
        float[][] mask = new float[1][samples];
        System.arraycopy(signal, start - warmUp, input[0], 0, samples);
        for (int t = 0; t < warmUp + length; t++) {
            targets[0][t + delay] = labels[start - warmUp + t];
            mask[0][t + delay] = t >= warmUp ? 1f : 0f;
        }
        return new LabelledSequence(input, targets, mask);
    }

    /** Returns 1 within the half width of each onset marked by {@value #ANNOTATOR}, else 0. */
    static int[] labels(Recording recording, int length) {
        int halfWidth = (int) Math.round(HALF_WIDTH_SECONDS * recording.samplingFrequencyHz());
        int[] labels = new int[length];
        List<Long> marks = BreathMarks.of(recording, ANNOTATOR);
        for (long mark : marks) {
            long from = Math.max(0, mark - halfWidth);
            long to = Math.min(length - 1L, mark + halfWidth);
            for (long t = from; t <= to; t++) {
                labels[(int) t] = 1;
            }
        }
        if (marks.isEmpty()) {
            throw new IllegalArgumentException(
                    "Record "
                            + recording.source()
                            + " has no breath marks of "
                            + ANNOTATOR
                            + "; put the dataset's _Breaths.csv file beside the _Signals.csv file");
        }
        return labels;
    }

    /** Returns the RESP channel with missing samples replaced by the last valid one. */
    private static double[] respiration(Recording recording) {
        int channel = -1;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < recording.channels().size(); c++) {
            RecordingChannel candidate = recording.channels().get(c);
            names.add(candidate.name());
            if (candidate.name().equalsIgnoreCase(CHANNEL)) {
                channel = c;
            }
        }
        if (channel < 0) {
            throw new IllegalArgumentException(
                    "Record "
                            + recording.source()
                            + " has no "
                            + CHANNEL
                            + " channel (channels "
                            + names
                            + "); the breaths model reads the respiration signal");
        }
        double[] signal = recording.physical(channel);
        double last = 0;
        for (int t = 0; t < signal.length; t++) {
            if (Double.isFinite(signal[t])) {
                last = signal[t];
            } else {
                signal[t] = last;
            }
        }
        return signal;
    }
}
