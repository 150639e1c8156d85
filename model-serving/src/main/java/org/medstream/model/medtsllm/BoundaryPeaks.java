package org.medstream.model.medtsllm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns a per-sample boundary probability into boundaries: the local maxima of the probability, of
 * which a peak is dropped when a higher one lies closer than the minimum spacing. The spacing is
 * the 10th percentile of the segment lengths seen in training, as Chan et al. (MLHC 2024) choose it
 * for MedTsLLM's boundary tasks.
 */
public final class BoundaryPeaks {
    /** Percentile of the training segment lengths used as the minimum spacing. */
    public static final double SPACING_PERCENTILE = 10;

    private BoundaryPeaks() {}

    /**
     * Returns the sample indices of the boundaries in {@code probability}, ascending.
     *
     * <p>A local maximum is a sample above its left neighbour and not below its right one, so a
     * plateau counts once, at its first sample (scipy's {@code find_peaks} takes its middle). The
     * first and last samples are never peaks, as in {@code find_peaks}. Peaks below {@code
     * threshold} are left out. The rest are taken from the highest down, and each is kept only when
     * every kept peak is at least {@code minimumSpacing} samples away. Equal heights keep the
     * earlier peak.
     *
     * @param threshold smallest probability of a boundary; 0 keeps every local maximum
     * @throws IllegalArgumentException when {@code minimumSpacing} is below 1
     */
    public static int[] pick(float[] probability, int minimumSpacing, double threshold) {
        if (minimumSpacing < 1) {
            throw new IllegalArgumentException(
                    "minimumSpacing must be at least 1 sample, got " + minimumSpacing);
        }
        List<Integer> candidates = new ArrayList<>();
        for (int t = 1; t + 1 < probability.length; t++) {
            if (isCandidate(probability[t - 1], probability[t], probability[t + 1], threshold)) {
                candidates.add(t);
            }
        }
        long[] positions = new long[candidates.size()];
        float[] heights = new float[candidates.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = candidates.get(i);
            heights[i] = probability[candidates.get(i)];
        }
        boolean[] kept = keep(positions, heights, minimumSpacing);
        List<Integer> boundaries = new ArrayList<>();
        for (int i = 0; i < kept.length; i++) {
            if (kept[i]) {
                boundaries.add(candidates.get(i));
            }
        }
        return boundaries.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Returns whether a sample of probability {@code current} between {@code previous} and {@code
     * next} is a candidate boundary: a local maximum, as {@link #pick} defines it, of at least
     * {@code threshold}.
     */
    public static boolean isCandidate(float previous, float current, float next, double threshold) {
        return current > previous && current >= next && current >= threshold;
    }

    /**
     * Returns which candidates {@link #pick} keeps: taken from the highest down, equal heights
     * earlier first, each kept only when every kept one is at least {@code minimumSpacing} samples
     * away.
     *
     * @param positions sample indices of the candidates, ascending
     * @param heights their probabilities
     */
    public static boolean[] keep(long[] positions, float[] heights, int minimumSpacing) {
        Integer[] order = new Integer[positions.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                Comparator.comparingDouble((Integer i) -> -heights[i])
                        .thenComparingLong(i -> positions[i]));
        boolean[] kept = new boolean[positions.length];
        TreeSet<Long> keptPositions = new TreeSet<>();
        for (int i : order) {
            Long below = keptPositions.floor(positions[i]);
            Long above = keptPositions.ceiling(positions[i]);
            boolean blocked =
                    (below != null && positions[i] - below < minimumSpacing)
                            || (above != null && above - positions[i] < minimumSpacing);
            if (!blocked) {
                kept[i] = true;
                keptPositions.add(positions[i]);
            }
        }
        return kept;
    }

    /**
     * Returns the minimum spacing for {@link #pick}: the {@value #SPACING_PERCENTILE}th percentile
     * of the lengths between consecutive boundaries, over every list in {@code boundaries},
     * linearly interpolated between the sorted lengths (numpy's default), rounded, and at least 1.
     *
     * @param boundaries ascending boundary sample indices of each record or span
     * @throws IllegalArgumentException when no list has two boundaries
     */
    public static int minimumSpacing(List<int[]> boundaries) {
        List<Integer> lengths = new ArrayList<>();
        for (int[] list : boundaries) {
            for (int i = 1; i < list.length; i++) {
                lengths.add(list[i] - list[i - 1]);
            }
        }
        if (lengths.isEmpty()) {
            throw new IllegalArgumentException(
                    "The training data has no two consecutive boundaries, so no segment length to"
                            + " derive the minimum peak spacing from");
        }
        double[] sorted = lengths.stream().mapToDouble(Integer::doubleValue).sorted().toArray();
        return Math.max(1, (int) Math.round(percentile(sorted, SPACING_PERCENTILE)));
    }

    /** Returns the percentile of ascending values, linearly interpolated between ranks. */
    static double percentile(double[] sorted, double percent) {
        double rank = percent / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(sorted.length - 1, below + 1);
        double fraction = rank - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
