package org.medstream.model.anomalies;

/**
 * One anomalous span of a stream, in the samples the scores were given at.
 *
 * @param startSample first sample of the span
 * @param endSample sample after the last sample of the span
 * @param maxScore highest anomaly score inside the span, from 0 to 1
 */
public record AnomalySpan(long startSample, long endSample, double maxScore) {
    public AnomalySpan {
        if (startSample < 0 || endSample <= startSample) {
            throw new IllegalArgumentException(
                    "Invalid anomaly span ["
                            + startSample
                            + ", "
                            + endSample
                            + "); expected 0 <= start < end");
        }
    }
}
