package org.medstream.model.beats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medstream.evaluation.beats.AamiClass;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.model.leads.LeadMap;
import org.medstream.model.mitbih.MitBihSequences;
import org.medstream.model.train.TrainingData;

/**
 * Training data of the {@code beats} task from MIT-BIH Arrhythmia records: lead MLII (taken as lead
 * II) cut into 10 s sequences by {@link MitBihSequences}, labelled per sample with the AAMI class
 * of the beat whose fiducial point lies within ±50 ms, or none.
 *
 * <p>A streaming detector turns each run of beat labels into one beat at the run's middle, so the
 * ±50 ms run marks where the beat is and its labels give its class.
 */
public final class MitBihTrainingData {
    /** Task name of beat detection and classification. */
    public static final String TASK = "beats";

    /** Lead the model reads, by the name {@link LeadMap} matches MIT-BIH's MLII to. */
    public static final String LEAD = MitBihSequences.LEAD;

    /** Sampling frequency of every MIT-BIH Arrhythmia record. */
    public static final double SAMPLING_FREQUENCY_HZ = MitBihSequences.SAMPLING_FREQUENCY_HZ;

    /** Half width of the labelled run around each beat's fiducial point, in seconds. */
    public static final double HALF_WIDTH_SECONDS = 0.05;

    private MitBihTrainingData() {}

    /** Returns the class names in output order: none, then the AAMI classes N, S, V, F, Q. */
    public static List<String> classes() {
        List<String> classes = new ArrayList<>();
        classes.add("none");
        for (AamiClass aamiClass : AamiClass.values()) {
            classes.add(aamiClass.name());
        }
        return classes;
    }

    /**
     * Reads the records named by number from {@code folder} ({@code 100.hea}, {@code 100.dat},
     * {@code 100.atr}, …) and labels them for a network with a delay of {@code delaySamples}.
     *
     * @throws IOException when a record or its {@code .atr} cannot be read
     * @throws IllegalArgumentException when a record has no MLII or lead II channel, or is not
     *     sampled at 360 Hz
     */
    public static TrainingData read(
            Path folder,
            List<Integer> trainingRecords,
            List<Integer> validationRecords,
            int delaySamples)
            throws IOException {
        return MitBihSequences.read(
                folder,
                trainingRecords,
                validationRecords,
                delaySamples,
                TASK,
                classes(),
                MitBihTrainingData::labels);
    }

    /**
     * Returns per sample 0, or 1 + the AAMI class ordinal of the beat whose fiducial point is
     * within the half width. Where two beats' runs overlap, the later beat's label wins.
     */
    static int[] labels(List<BeatAnnotation> beats, int length, double samplingFrequencyHz) {
        int halfWidth = (int) Math.round(HALF_WIDTH_SECONDS * samplingFrequencyHz);
        int[] labels = new int[length];
        for (BeatAnnotation beat : beats) {
            AamiClass aamiClass = AamiClass.ofLabel(beat.label());
            if (aamiClass == null) {
                continue;
            }
            long from = Math.max(0, beat.sample() - halfWidth);
            long to = Math.min(length - 1L, beat.sample() + halfWidth);
            for (long t = from; t <= to; t++) {
                labels[(int) t] = aamiClass.ordinal() + 1;
            }
        }
        return labels;
    }
}
