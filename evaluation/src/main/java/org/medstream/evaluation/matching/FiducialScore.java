package org.medstream.evaluation.matching;

import java.util.List;
import java.util.function.LongPredicate;

/**
 * Counts and timing errors of one kind of fiducial point (a wave onset, a breath onset) over the
 * scored records or leads.
 *
 * @param tp reference points with a test point within the tolerance
 * @param fn reference points without one
 * @param fp test points inside the scored span that matched no reference point
 * @param errorSumMillis sum of (test - reference) over the matches, in ms
 * @param errorSquareSumMillis sum of the squared errors, in ms²
 * @param absoluteErrorSumMillis sum of |test - reference| over the matches, in ms
 */
public record FiducialScore(
        long tp,
        long fn,
        long fp,
        double errorSumMillis,
        double errorSquareSumMillis,
        double absoluteErrorSumMillis) {
    /** The score of nothing, to sum from. */
    public static final FiducialScore EMPTY = new FiducialScore(0, 0, 0, 0, 0, 0);

    /**
     * Scores {@code test} points against {@code reference} points, both as sample indices at {@code
     * samplingFrequencyHz}, matched by {@link PointMatching}. An unmatched test point is a false
     * positive only where {@code scored} accepts its sample.
     */
    public static FiducialScore of(
            List<Long> reference,
            List<Long> test,
            long tolerance,
            double samplingFrequencyHz,
            LongPredicate scored) {
        int[] matches = PointMatching.match(reference, test, tolerance);
        boolean[] testUsed = new boolean[test.size()];
        long tp = 0;
        double errorSum = 0;
        double errorSquareSum = 0;
        double absoluteErrorSum = 0;
        for (int r = 0; r < reference.size(); r++) {
            int t = matches[r];
            if (t < 0) {
                continue;
            }
            testUsed[t] = true;
            tp++;
            double errorMillis = (test.get(t) - reference.get(r)) * 1000.0 / samplingFrequencyHz;
            errorSum += errorMillis;
            errorSquareSum += errorMillis * errorMillis;
            absoluteErrorSum += Math.abs(errorMillis);
        }
        long fp = 0;
        for (int t = 0; t < test.size(); t++) {
            if (!testUsed[t] && scored.test(test.get(t))) {
                fp++;
            }
        }
        return new FiducialScore(
                tp, reference.size() - tp, fp, errorSum, errorSquareSum, absoluteErrorSum);
    }

    /** Returns the sum of this score and {@code other}. */
    public FiducialScore plus(FiducialScore other) {
        return new FiducialScore(
                tp + other.tp,
                fn + other.fn,
                fp + other.fp,
                errorSumMillis + other.errorSumMillis,
                errorSquareSumMillis + other.errorSquareSumMillis,
                absoluteErrorSumMillis + other.absoluteErrorSumMillis);
    }

    /** Returns the mean absolute timing error of the matches in ms, NaN without matches. */
    public double meanAbsoluteErrorMillis() {
        return tp == 0 ? Double.NaN : absoluteErrorSumMillis / tp;
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
