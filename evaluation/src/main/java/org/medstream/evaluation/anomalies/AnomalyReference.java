package org.medstream.evaluation.anomalies;

import java.util.List;
import org.medstream.evaluation.beats.AamiClass;
import org.medstream.evaluation.beats.BeatAnnotation;

/**
 * Reference anomalies of an MIT-BIH record: every sample within ±150 ms of a beat whose AAMI class
 * is not N (S, V, F or Q) is anomalous. Training labels and scoring both read this one definition.
 */
public final class AnomalyReference {
    /** Half width of the anomalous span around each abnormal beat's fiducial point, in seconds. */
    public static final double HALF_WIDTH_SECONDS = 0.15;

    private AnomalyReference() {}

    /**
     * Marks the anomalous samples of a record of {@code length} samples.
     *
     * @param beats reference annotations; labels that are not beats are skipped
     * @param samplingFrequencyHz sampling frequency of the annotations' sample indices
     * @throws IllegalArgumentException when the length is negative or the rate is not above 0
     */
    public static boolean[] anomalous(
            List<BeatAnnotation> beats, int length, double samplingFrequencyHz) {
        if (length < 0 || !(samplingFrequencyHz > 0)) {
            throw new IllegalArgumentException(
                    "Invalid record of "
                            + length
                            + " samples at "
                            + samplingFrequencyHz
                            + " Hz; expected a length of at least 0 and a rate above 0");
        }
        int halfWidth = (int) Math.round(HALF_WIDTH_SECONDS * samplingFrequencyHz);
        boolean[] anomalous = new boolean[length];
        for (BeatAnnotation beat : beats) {
            AamiClass aamiClass = AamiClass.ofLabel(beat.label());
            if (aamiClass == null || aamiClass == AamiClass.N) {
                continue;
            }
            long from = Math.max(0, beat.sample() - halfWidth);
            long to = Math.min(length - 1L, beat.sample() + halfWidth);
            for (long t = from; t <= to; t++) {
                anomalous[(int) t] = true;
            }
        }
        return anomalous;
    }
}
