package org.medstream.evaluation.waves;

/**
 * Counts and timing errors of one fiducial point over the scored leads.
 *
 * @param tp reference points with a test point of the same kind within the tolerance
 * @param fn reference points without one
 * @param fp test points inside the annotated span that matched no reference point
 * @param errorSumMillis sum of (test - reference) over the matches, in ms
 * @param errorSquareSumMillis sum of the squared errors, in ms²
 */
public record FiducialScore(
        long tp, long fn, long fp, double errorSumMillis, double errorSquareSumMillis) {
    static final FiducialScore EMPTY = new FiducialScore(0, 0, 0, 0, 0);

    FiducialScore plus(FiducialScore other) {
        return new FiducialScore(
                tp + other.tp,
                fn + other.fn,
                fp + other.fp,
                errorSumMillis + other.errorSumMillis,
                errorSquareSumMillis + other.errorSquareSumMillis);
    }

    /** Returns TP / (TP + FN) in percent, NaN without reference points. */
    public double sensitivity() {
        return percent(tp, tp + fn);
    }

    /** Returns TP / (TP + FP) in percent, NaN without test points. */
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

    private static double percent(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : 100.0 * numerator / denominator;
    }
}
