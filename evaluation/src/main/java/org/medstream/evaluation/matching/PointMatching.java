package org.medstream.evaluation.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One-to-one matching of test points to reference points within a tolerance, nearest pairs first:
 * of all pairs no further apart than the tolerance, the closest pair is matched, then the closest
 * pair of the points left, and so on. Equal distances keep the earlier reference point, then the
 * earlier test point.
 */
public final class PointMatching {
    private PointMatching() {}

    /**
     * Matches {@code test} to {@code reference}, both as sample indices.
     *
     * @param tolerance largest distance of a match, in samples
     * @return for each reference point, the index in {@code test} of its match, or −1
     */
    public static int[] match(List<Long> reference, List<Long> test, long tolerance) {
        List<long[]> pairs = new ArrayList<>();
        for (int r = 0; r < reference.size(); r++) {
            for (int t = 0; t < test.size(); t++) {
                long distance = Math.abs(test.get(t) - reference.get(r));
                if (distance <= tolerance) {
                    pairs.add(new long[] {distance, r, t});
                }
            }
        }
        pairs.sort(Comparator.comparingLong((long[] pair) -> pair[0]));

        int[] matches = new int[reference.size()];
        Arrays.fill(matches, -1);
        boolean[] testUsed = new boolean[test.size()];
        for (long[] pair : pairs) {
            int r = (int) pair[1];
            int t = (int) pair[2];
            if (matches[r] >= 0 || testUsed[t]) {
                continue;
            }
            matches[r] = t;
            testUsed[t] = true;
        }
        return matches;
    }
}
