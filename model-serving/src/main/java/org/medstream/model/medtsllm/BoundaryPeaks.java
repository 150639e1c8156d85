package org.medstream.model.medtsllm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

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
            boolean aboveLeft = probability[t] > probability[t - 1];
            boolean notBelowRight = probability[t] >= probability[t + 1];
            if (aboveLeft && notBelowRight && probability[t] >= threshold) {
                candidates.add(t);
            }
        }
        candidates.sort(
                Comparator.comparingDouble((Integer t) -> -probability[t])
                        .thenComparingInt(t -> t));

        boolean[] blocked = new boolean[probability.length];
        List<Integer> kept = new ArrayList<>();
        for (int t : candidates) {
            if (blocked[t]) {
                continue;
            }
            kept.add(t);
            int from = Math.max(0, t - minimumSpacing + 1);
            int to = Math.min(probability.length - 1, t + minimumSpacing - 1);
            Arrays.fill(blocked, from, to + 1, true);
        }
        return kept.stream().mapToInt(Integer::intValue).sorted().toArray();
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
