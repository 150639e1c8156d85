package org.medstream.evaluation.anomalies;

/**
 * Point-adjusted sample counts of one record or of several records summed, with the scores derived
 * from them. Percentages are NaN where their denominator is 0.
 *
 * @param name record name, or {@code total}
 * @param samples samples scored
 * @param truePositives anomalous samples predicted anomalous, after point adjustment
 * @param falsePositives normal samples predicted anomalous
 * @param falseNegatives anomalous samples not predicted, after point adjustment
 * @param trueNegatives normal samples not predicted
 * @param segments reference anomalous segments
 * @param detectedSegments reference segments with at least one predicted sample
 */
public record AnomalyCounts(
        String name,
        long samples,
        long truePositives,
        long falsePositives,
        long falseNegatives,
        long trueNegatives,
        long segments,
        long detectedSegments) {

    /** Returns TP / (TP + FP) in percent. */
    public double precision() {
        return percent(truePositives, truePositives + falsePositives);
    }

    /** Returns TP / (TP + FN) in percent. */
    public double recall() {
        return percent(truePositives, truePositives + falseNegatives);
    }

    /** Returns the harmonic mean of precision and recall, in percent. */
    public double f1() {
        return percent(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    }

    /**
     * Returns the area under the ROC curve of the binary predictions, in percent. With one
     * operating point the curve runs from (0, 0) through (FPR, TPR) to (1, 1), so the area is (TPR
     * + TNR) / 2.
     */
    public double auroc() {
        double tpr = percent(truePositives, truePositives + falseNegatives);
        double tnr = percent(trueNegatives, trueNegatives + falsePositives);
        return (tpr + tnr) / 2;
    }

    /** Returns the sum of these counts and {@code other}'s, named {@code name}. */
    AnomalyCounts plus(AnomalyCounts other, String name) {
        return new AnomalyCounts(
                name,
                samples + other.samples,
                truePositives + other.truePositives,
                falsePositives + other.falsePositives,
                falseNegatives + other.falseNegatives,
                trueNegatives + other.trueNegatives,
                segments + other.segments,
                detectedSegments + other.detectedSegments);
    }

    private static double percent(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : 100.0 * numerator / denominator;
    }
}
