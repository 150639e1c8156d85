package org.medstream.evaluation.beats;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Beat-by-beat counts of one record (or the sum over records) with the EC57 statistics derived from
 * them.
 *
 * <p>The confusion matrix has reference classes as rows and test classes as columns, in the order
 * of {@link AamiClass} followed by {@link #NONE}: row {@code NONE} counts test beats without a
 * reference beat (false positives), column {@code NONE} counts reference beats without a test beat
 * (false negatives).
 */
@JsonPropertyOrder({
    "record",
    "tp",
    "fn",
    "fp",
    "sensitivity",
    "positivePredictivity",
    "classified",
    "vebSensitivity",
    "vebPositivePredictivity",
    "svebSensitivity",
    "svebPositivePredictivity"
})
public final class RecordScore {
    /** Index of the row and column for "no matching beat". */
    public static final int NONE = AamiClass.values().length;

    private static final int N = AamiClass.N.ordinal();
    private static final int S = AamiClass.S.ordinal();
    private static final int V = AamiClass.V.ordinal();
    private static final int F = AamiClass.F.ordinal();

    private final String record;
    private final long[][] confusion;
    private final boolean classified;

    /** Sum of |test − reference| over the matched beats, in milliseconds. */
    private final double errorSumMillis;

    RecordScore(String record, long[][] confusion, boolean classified, double errorSumMillis) {
        this.record = record;
        this.confusion = confusion;
        this.classified = classified;
        this.errorSumMillis = errorSumMillis;
    }

    /** Sums the counts of several records under the given name. */
    static RecordScore sum(String name, Iterable<RecordScore> scores) {
        long[][] total = new long[NONE + 1][NONE + 1];
        boolean classified = false;
        double errorSumMillis = 0;
        for (RecordScore score : scores) {
            errorSumMillis += score.errorSumMillis;
            for (int r = 0; r <= NONE; r++) {
                for (int c = 0; c <= NONE; c++) {
                    total[r][c] += score.confusion[r][c];
                }
            }
            classified |= score.classified;
        }
        return new RecordScore(name, total, classified, errorSumMillis);
    }

    @JsonProperty
    public String record() {
        return record;
    }

    /** Reference beats matched by a test beat. */
    @JsonProperty
    public long tp() {
        long sum = 0;
        for (int r = 0; r < NONE; r++) {
            for (int c = 0; c < NONE; c++) {
                sum += confusion[r][c];
            }
        }
        return sum;
    }

    /** Reference beats without a test beat. */
    @JsonProperty
    public long fn() {
        long sum = 0;
        for (int r = 0; r < NONE; r++) {
            sum += confusion[r][NONE];
        }
        return sum;
    }

    /** Test beats without a reference beat. */
    @JsonProperty
    public long fp() {
        long sum = 0;
        for (int c = 0; c < NONE; c++) {
            sum += confusion[NONE][c];
        }
        return sum;
    }

    /**
     * Returns the mean absolute time between a matched test beat and its reference beat, in
     * milliseconds; NaN without matches.
     */
    @JsonProperty
    public double meanAbsoluteErrorMillis() {
        long matched = tp();
        return matched == 0 ? Double.NaN : errorSumMillis / matched;
    }

    /** QRS sensitivity TP / (TP + FN) in percent; NaN without reference beats. */
    @JsonProperty
    public double sensitivity() {
        return percent(tp(), tp() + fn());
    }

    /** QRS positive predictivity TP / (TP + FP) in percent; NaN without test beats. */
    @JsonProperty
    public double positivePredictivity() {
        return percent(tp(), tp() + fp());
    }

    /** Whether the test annotations carry classes other than Q, so that VEB and SVEB apply. */
    @JsonProperty
    public boolean classified() {
        return classified;
    }

    /** Reference V beats labelled V, over all reference V beats (percent). */
    @JsonProperty
    public double vebSensitivity() {
        return classified ? percent(confusion[V][V], rowSum(V)) : Double.NaN;
    }

    /**
     * Test V beats on reference V beats, over test V beats on reference N, S, V beats and on no
     * beat (percent): reference F and Q beats labelled V are not counted against the detector.
     */
    @JsonProperty
    public double vebPositivePredictivity() {
        if (!classified) {
            return Double.NaN;
        }
        long labelled = confusion[N][V] + confusion[S][V] + confusion[V][V] + confusion[NONE][V];
        return percent(confusion[V][V], labelled);
    }

    /** Reference S beats labelled S, over all reference S beats (percent). */
    @JsonProperty
    public double svebSensitivity() {
        return classified ? percent(confusion[S][S], rowSum(S)) : Double.NaN;
    }

    /**
     * Test S beats on reference S beats, over test S beats on reference N, S, V, F beats and on no
     * beat (percent): reference Q beats labelled S are not counted against the detector.
     */
    @JsonProperty
    public double svebPositivePredictivity() {
        if (!classified) {
            return Double.NaN;
        }
        long labelled =
                confusion[N][S]
                        + confusion[S][S]
                        + confusion[V][S]
                        + confusion[F][S]
                        + confusion[NONE][S];
        return percent(confusion[S][S], labelled);
    }

    /** Count of reference beats of class {@code row} matched to test class {@code column}. */
    public long count(int row, int column) {
        return confusion[row][column];
    }

    @JsonProperty("confusion")
    long[][] confusionCopy() {
        long[][] copy = new long[NONE + 1][];
        for (int r = 0; r <= NONE; r++) {
            copy[r] = confusion[r].clone();
        }
        return copy;
    }

    private long rowSum(int row) {
        long sum = 0;
        for (int c = 0; c <= NONE; c++) {
            sum += confusion[row][c];
        }
        return sum;
    }

    private static double percent(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : 100.0 * numerator / denominator;
    }
}
