package org.medstream.model.medtsllm;

import java.util.Arrays;

/**
 * Accumulates {@link BoundaryScores} span by span, so that records of different lengths weigh by
 * their segments and boundaries, not equally.
 */
public final class BoundaryScorer {
    private double iouSum;
    private int segments;
    private double errorSum;
    private int matched;
    private int unmatched;
    private int referenceCount;
    private int predictedCount;

    /**
     * Adds one scored span [from, to) with its reference and predicted boundaries, both ascending
     * sample indices. Boundaries outside the span are ignored.
     *
     * @throws IllegalArgumentException when the span is empty
     */
    public void add(int[] reference, int[] predicted, int from, int to) {
        if (to <= from) {
            throw new IllegalArgumentException("Empty scored span [" + from + ", " + to + ")");
        }
        int[] inReference = inside(reference, from, to);
        int[] inPredicted = inside(predicted, from, to);
        referenceCount += inReference.length;
        predictedCount += inPredicted.length;

        int[] cuts = new int[inPredicted.length + 2];
        cuts[0] = from;
        System.arraycopy(inPredicted, 0, cuts, 1, inPredicted.length);
        cuts[cuts.length - 1] = to;
        for (int i = 1; i < inReference.length; i++) {
            iouSum += bestIou(inReference[i - 1], inReference[i], cuts);
            segments++;
        }

        if (inPredicted.length == 0) {
            unmatched += inReference.length;
            return;
        }
        for (int boundary : inReference) {
            errorSum += distanceToNearest(boundary, inPredicted);
            matched++;
        }
    }

    /** Returns the scores of every span added so far. */
    public BoundaryScores scores() {
        return new BoundaryScores(
                segments == 0 ? Double.NaN : iouSum / segments,
                matched == 0 ? Double.NaN : errorSum / matched,
                referenceCount,
                predictedCount,
                segments,
                unmatched);
    }

    /**
     * Returns the largest IoU of the segment [start, end) with the predicted segments [cuts[j],
     * cuts[j + 1]), where {@code cuts} is ascending and starts and ends with the span's edges.
     */
    static double bestIou(int start, int end, int[] cuts) {
        // The last cut at or before start opens the first predicted segment that overlaps.
        int first = Arrays.binarySearch(cuts, start);
        if (first < 0) {
            first = -first - 2;
        }
        double best = 0;
        for (int j = Math.max(0, first); j + 1 < cuts.length && cuts[j] < end; j++) {
            int intersection = Math.min(end, cuts[j + 1]) - Math.max(start, cuts[j]);
            if (intersection <= 0) {
                continue;
            }
            int union = Math.max(end, cuts[j + 1]) - Math.min(start, cuts[j]);
            best = Math.max(best, (double) intersection / union);
        }
        return best;
    }

    /** Returns the distance from {@code sample} to the nearest of the ascending {@code points}. */
    static int distanceToNearest(int sample, int[] points) {
        int index = Arrays.binarySearch(points, sample);
        if (index >= 0) {
            return 0;
        }
        int insertion = -index - 1;
        int best = Integer.MAX_VALUE;
        if (insertion < points.length) {
            best = points[insertion] - sample;
        }
        if (insertion > 0) {
            best = Math.min(best, sample - points[insertion - 1]);
        }
        return best;
    }

    private static int[] inside(int[] points, int from, int to) {
        return Arrays.stream(points).filter(p -> p >= from && p < to).toArray();
    }
}
