package org.medstream.evaluation.breaths;

/**
 * Counts, timing errors and segment overlaps of breath onsets over one or more records.
 *
 * @param tp reference onsets with a test onset within the tolerance
 * @param fn reference onsets without one
 * @param fp test onsets inside the scored span that matched no reference onset
 * @param errorSumMillis sum of (test − reference) over the matches, in ms
 * @param errorSquareSumMillis sum of the squared errors, in ms²
 * @param absoluteErrorSumSamples sum of |test − reference| over the matches, in samples at {@link
 *     BreathEvaluator#PAPER_RATE_HZ}
 * @param segments reference breaths (onset to next onset) inside the scored span
 * @param iouSum sum over those breaths of the best intersection over union with a test breath
 */
public record BreathScore(
        long tp,
        long fn,
        long fp,
        double errorSumMillis,
        double errorSquareSumMillis,
        double absoluteErrorSumSamples,
        long segments,
        double iouSum) {
    static final BreathScore EMPTY = new BreathScore(0, 0, 0, 0, 0, 0, 0, 0);

    BreathScore plus(BreathScore other) {
        return new BreathScore(
                tp + other.tp,
                fn + other.fn,
                fp + other.fp,
                errorSumMillis + other.errorSumMillis,
                errorSquareSumMillis + other.errorSquareSumMillis,
                absoluteErrorSumSamples + other.absoluteErrorSumSamples,
                segments + other.segments,
                iouSum + other.iouSum);
    }

    /** Returns TP / (TP + FN) in percent, NaN without reference onsets. */
    public double sensitivity() {
        return percent(tp, tp + fn);
    }

    /** Returns TP / (TP + FP) in percent, NaN without test onsets. */
    public double positivePredictivity() {
        return percent(tp, tp + fp);
    }

    /** Returns the harmonic mean of sensitivity and positive predictivity, in percent. */
    public double f1() {
        return percent(2 * tp, 2 * tp + fp + fn);
    }

    /** Returns the mean timing error of the matches in ms, NaN without matches. */
    public double meanErrorMillis() {
        return tp == 0 ? Double.NaN : errorSumMillis / tp;
    }

    /**
     * Returns the standard deviation of the timing error in ms (population), NaN without matches.
     */
    public double errorSdMillis() {
        if (tp == 0) {
            return Double.NaN;
        }
        double mean = meanErrorMillis();
        return Math.sqrt(Math.max(0, errorSquareSumMillis / tp - mean * mean));
    }

    /**
     * Returns the mean absolute timing error of the matches in samples at {@link
     * BreathEvaluator#PAPER_RATE_HZ}, NaN without matches.
     */
    public double meanAbsoluteErrorSamples() {
        return tp == 0 ? Double.NaN : absoluteErrorSumSamples / tp;
    }

    /**
     * Returns the mean over reference breaths of their best IoU with a test breath, NaN without.
     */
    public double meanIou() {
        return segments == 0 ? Double.NaN : iouSum / segments;
    }

    private static double percent(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : 100.0 * numerator / denominator;
    }
}
