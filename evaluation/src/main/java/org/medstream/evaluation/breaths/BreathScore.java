package org.medstream.evaluation.breaths;

import org.medstream.evaluation.matching.FiducialScore;

/**
 * Onset matches and breath overlaps over one or more records.
 *
 * @param onsets counts and timing errors of the breath onsets
 * @param segments reference breaths (onset to next onset) inside the scored span
 * @param iouSum sum over those breaths of the best intersection over union with a test breath
 */
public record BreathScore(FiducialScore onsets, long segments, double iouSum) {
    static final BreathScore EMPTY = new BreathScore(FiducialScore.EMPTY, 0, 0);

    BreathScore plus(BreathScore other) {
        return new BreathScore(
                onsets.plus(other.onsets), segments + other.segments, iouSum + other.iouSum);
    }

    /**
     * Returns the mean absolute timing error of the matched onsets in samples at {@link
     * BreathEvaluator#PAPER_RATE_HZ}, NaN without matches.
     */
    public double meanAbsoluteErrorSamples() {
        return onsets.meanAbsoluteErrorMillis() * BreathEvaluator.PAPER_RATE_HZ / 1000.0;
    }

    /**
     * Returns the mean over reference breaths of their best IoU with a test breath, NaN without.
     */
    public double meanIou() {
        return segments == 0 ? Double.NaN : iouSum / segments;
    }
}
