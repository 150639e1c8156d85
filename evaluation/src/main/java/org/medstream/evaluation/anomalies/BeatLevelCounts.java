package org.medstream.evaluation.anomalies;

/**
 * Beat-level counts of anomalous spans against the reference beats of one record, or of several
 * records summed, without point adjustment. Percentages are NaN where their denominator is 0.
 *
 * @param name record name, or {@code total}
 * @param ventricularBeats reference beats of AAMI class V
 * @param ventricularDetected V beats with a predicted anomalous sample within ±150 ms
 * @param abnormalBeats reference beats of any class but N (S, V, F, Q)
 * @param abnormalDetected abnormal beats with a predicted anomalous sample within ±150 ms
 * @param spans predicted anomalous spans
 * @param falsePositiveSpans predicted spans that overlap the ±150 ms of no abnormal beat
 */
public record BeatLevelCounts(
        String name,
        long ventricularBeats,
        long ventricularDetected,
        long abnormalBeats,
        long abnormalDetected,
        long spans,
        long falsePositiveSpans) {

    /** Returns the sensitivity for ventricular ectopic beats (VEB Se), in percent. */
    public double ventricularSensitivity() {
        return percent(ventricularDetected, ventricularBeats);
    }

    /** Returns the share of abnormal beats detected, in percent. */
    public double abnormalSensitivity() {
        return percent(abnormalDetected, abnormalBeats);
    }

    /** Returns the share of predicted spans that overlap an abnormal beat (+P), in percent. */
    public double positivePredictivity() {
        return percent(spans - falsePositiveSpans, spans);
    }

    /** Returns the sum of these counts and {@code other}'s, named {@code name}. */
    BeatLevelCounts plus(BeatLevelCounts other, String name) {
        return new BeatLevelCounts(
                name,
                ventricularBeats + other.ventricularBeats,
                ventricularDetected + other.ventricularDetected,
                abnormalBeats + other.abnormalBeats,
                abnormalDetected + other.abnormalDetected,
                spans + other.spans,
                falsePositiveSpans + other.falsePositiveSpans);
    }

    private static double percent(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : 100.0 * numerator / denominator;
    }
}
