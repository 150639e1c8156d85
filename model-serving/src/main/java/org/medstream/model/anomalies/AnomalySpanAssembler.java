package org.medstream.model.anomalies;

/**
 * Turns per-sample anomaly scores into anomalous spans as they stream. A span is a run of samples
 * whose score is at least the threshold, from its first to its last such sample, and carries the
 * maximum score inside it. Two rules keep score flicker from splitting or inventing spans:
 *
 * <ul>
 *   <li>a dip below the threshold shorter than {@link #MERGE_GAP_SECONDS} does not end a span, so
 *       the span is reported once that much time has passed after its last sample at or above the
 *       threshold;
 *   <li>spans shorter than {@link #MIN_SPAN_SECONDS} are dropped.
 * </ul>
 *
 * <p>A span that reaches {@link #MAX_SPAN_SECONDS} is reported there and the next sample at or
 * above the threshold starts a new one, so that a long anomalous episode (a run of ventricular
 * tachycardia, say) is reported while it lasts and not only when it ends.
 *
 * <p>Not thread-safe; keep one per stream. Its state is four numbers, which {@link #state()} and
 * {@link #restore(long[])} copy for a checkpoint.
 */
public final class AnomalySpanAssembler {
    /**
     * Default score threshold: a sample is anomalous when the model gives the {@code anomalous}
     * class a probability of at least one half, the most likely class of two.
     */
    public static final double DEFAULT_THRESHOLD = 0.5;

    /** Maximum dip below the threshold that does not end a span. */
    public static final double MERGE_GAP_SECONDS = 0.05;

    /** Shortest span reported; the reference spans are 300 ms long. */
    public static final double MIN_SPAN_SECONDS = 0.03;

    /** Maximum span length; a span that reaches it is reported and the next one starts. */
    public static final double MAX_SPAN_SECONDS = 10;

    /** Receives the spans an assembler completes. */
    @FunctionalInterface
    public interface Sink {
        /** Takes one span. */
        void accept(AnomalySpan span);
    }

    private static final int STATE_SIZE = 4;

    private final double threshold;
    private final int mergeGapSamples;
    private final int minSpanSamples;
    private final long maxSpanSamples;

    private long nextSample;

    /** First sample of the open span, or −1 when none is open. */
    private long spanStart = -1;

    /** Last sample of the open span with a score at or above the threshold. */
    private long lastAbove = -1;

    private double maxScore;

    /**
     * Creates an assembler for scores at {@code samplingFrequencyHz}.
     *
     * @throws IllegalArgumentException when the rate is not above 0 or the threshold is not in (0,
     *     1]
     */
    public AnomalySpanAssembler(double samplingFrequencyHz, double threshold) {
        if (!(samplingFrequencyHz > 0) || Double.isInfinite(samplingFrequencyHz)) {
            throw new IllegalArgumentException(
                    "Invalid sampling frequency "
                            + samplingFrequencyHz
                            + " Hz; expected a finite value above 0");
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException(
                    "Invalid anomaly threshold " + threshold + "; expected a value in (0, 1]");
        }
        this.threshold = threshold;
        this.mergeGapSamples = (int) Math.round(MERGE_GAP_SECONDS * samplingFrequencyHz);
        this.minSpanSamples = Math.max(1, (int) Math.round(MIN_SPAN_SECONDS * samplingFrequencyHz));
        this.maxSpanSamples = Math.max(1, Math.round(MAX_SPAN_SECONDS * samplingFrequencyHz));
    }

    /** Returns the score at or above which a sample is anomalous. */
    public double threshold() {
        return threshold;
    }

    /**
     * Takes the score of the next sample.
     *
     * @param score anomaly score from 0 to 1
     * @param spans receives the span this sample completes, if any
     * @throws IllegalArgumentException when the score is NaN
     */
    public void accept(double score, Sink spans) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("Invalid anomaly score NaN at sample " + nextSample);
        }
        long sample = nextSample++;
        if (score >= threshold) {
            if (spanStart < 0) {
                spanStart = sample;
                maxScore = score;
            }
            lastAbove = sample;
            maxScore = Math.max(maxScore, score);
            if (sample - spanStart + 1 >= maxSpanSamples) {
                endSpan(spans);
            }
        } else if (spanStart >= 0 && sample - lastAbove >= mergeGapSamples) {
            endSpan(spans);
        }
    }

    /** Ends the stream: a span still open ends at its last sample at or above the threshold. */
    public void finish(Sink spans) {
        endSpan(spans);
    }

    /** Returns the number of scores taken. */
    public long samples() {
        return nextSample;
    }

    /**
     * Returns the state as plain values: next sample, span start (−1 for none), last sample at or
     * above the threshold, and the raw bits of the span's maximum score.
     */
    public long[] state() {
        return new long[] {nextSample, spanStart, lastAbove, Double.doubleToRawLongBits(maxScore)};
    }

    /**
     * Continues from a state returned by {@link #state()}.
     *
     * @throws IllegalArgumentException when the array has another length
     */
    public void restore(long[] state) {
        if (state.length != STATE_SIZE) {
            throw new IllegalArgumentException(
                    "Invalid anomaly span assembler state of "
                            + state.length
                            + " values; expected "
                            + STATE_SIZE);
        }
        nextSample = state[0];
        spanStart = state[1];
        lastAbove = state[2];
        maxScore = Double.longBitsToDouble(state[3]);
    }

    private void endSpan(Sink spans) {
        if (spanStart < 0) {
            return;
        }
        long end = lastAbove + 1;
        if (end - spanStart >= minSpanSamples) {
            spans.accept(new AnomalySpan(spanStart, end, maxScore));
        }
        spanStart = -1;
        lastAbove = -1;
        maxScore = 0;
    }
}
