package org.medstream.model.medtsllm;

import java.util.Arrays;

/**
 * Picks boundaries from a boundary probability as it streams in, with the rule of {@link
 * BoundaryPeaks#pick}: local maxima of at least the threshold, taken from the highest down, each
 * kept when no kept one lies closer than the minimum spacing D.
 *
 * <p>Candidates closer than D to their neighbour form a cluster. Only candidates of one cluster can
 * block each other, so a cluster is decided on its own, with the same greedy rule, once no later
 * candidate can join it: D − 1 samples after its last candidate. For isolated boundaries that gives
 * the same boundaries as {@code pick} over the whole trace, D + 1 samples after each.
 *
 * <p>A cluster grows for as long as candidates keep coming less than D apart, which a rhythm faster
 * than D does without end. So a cluster is also decided once its first candidate lies {@value
 * #MAX_CLUSTER_SPACINGS} · D samples back; a later candidate closer than D to the last boundary
 * kept there is then dropped. Only there can the result differ from {@code pick}.
 *
 * <p>Works on a {@link PeakState}, which the caller keeps between calls. Not thread-safe.
 */
public final class StreamingPeaks {
    /** Span of a cluster, in minimum spacings, after which it is decided without waiting. */
    public static final int MAX_CLUSTER_SPACINGS = 3;

    /** Receives the boundaries picked. */
    @FunctionalInterface
    public interface BoundarySink {
        /** Takes the sample index of one boundary; indices come in ascending order. */
        void accept(long sample);
    }

    private final int minimumSpacing;
    private final double threshold;
    private final PeakState state;

    /**
     * Continues from {@code state}.
     *
     * @throws IllegalArgumentException when {@code minimumSpacing} is below 1
     */
    public StreamingPeaks(int minimumSpacing, double threshold, PeakState state) {
        if (minimumSpacing < 1) {
            throw new IllegalArgumentException(
                    "minimumSpacing must be at least 1 sample, got " + minimumSpacing);
        }
        this.minimumSpacing = minimumSpacing;
        this.threshold = threshold;
        this.state = state;
    }

    /**
     * Samples from a probability sample to the report of its boundary at most: the span of a
     * cluster that is decided early, and the sample that shows the last one is no candidate.
     */
    public static long delaySamples(int minimumSpacing) {
        return (long) MAX_CLUSTER_SPACINGS * minimumSpacing + 1;
    }

    /** Takes the probability of the next sample; {@code boundaries} gets those it decides. */
    public void accept(float probability, BoundarySink boundaries) {
        long n = state.samples;
        if (n >= 2) {
            long t = n - 1;
            if (BoundaryPeaks.isCandidate(state.beforeLast, state.last, probability, threshold)) {
                addCandidate(t, state.last, boundaries);
            }
            closeWhenDecided(t, boundaries);
        }
        state.beforeLast = state.last;
        state.last = probability;
        state.samples = n + 1;
    }

    /** Ends the segment: its last sample is no candidate, so the open cluster is decided. */
    public void finish(BoundarySink boundaries) {
        decide(boundaries);
    }

    /**
     * Returns the number of leading probability samples whose boundaries have all been reported:
     * those before the open cluster, or all but the last sample when none is open.
     */
    public long reportedThrough() {
        if (state.pendingPositions.length > 0) {
            return state.pendingPositions[0];
        }
        return Math.max(0, state.samples - 1);
    }

    private void addCandidate(long t, float height, BoundarySink boundaries) {
        if (state.forcedBoundary >= 0 && t - state.forcedBoundary < minimumSpacing) {
            return;
        }
        int count = state.pendingPositions.length;
        if (count > 0 && t - state.pendingPositions[count - 1] >= minimumSpacing) {
            decide(boundaries);
            count = 0;
        }
        state.pendingPositions = Arrays.copyOf(state.pendingPositions, count + 1);
        state.pendingHeights = Arrays.copyOf(state.pendingHeights, count + 1);
        state.pendingPositions[count] = t;
        state.pendingHeights[count] = height;
    }

    /**
     * Decides the open cluster once sample {@code t} has been checked: when no later candidate can
     * be closer than D to its last one, or when it spans too long.
     */
    private void closeWhenDecided(long t, BoundarySink boundaries) {
        int count = state.pendingPositions.length;
        if (count == 0) {
            return;
        }
        boolean complete = t - state.pendingPositions[count - 1] >= minimumSpacing - 1;
        boolean tooLong =
                t - state.pendingPositions[0] >= (long) MAX_CLUSTER_SPACINGS * minimumSpacing;
        if (complete) {
            decide(boundaries);
        } else if (tooLong) {
            state.forcedBoundary = decide(boundaries);
        }
    }

    /** Reports the kept candidates of the open cluster and clears it; returns the last kept. */
    private long decide(BoundarySink boundaries) {
        boolean[] kept =
                BoundaryPeaks.keep(state.pendingPositions, state.pendingHeights, minimumSpacing);
        long lastKept = -1;
        for (int i = 0; i < kept.length; i++) {
            if (kept[i]) {
                boundaries.accept(state.pendingPositions[i]);
                lastKept = state.pendingPositions[i];
            }
        }
        state.pendingPositions = new long[0];
        state.pendingHeights = new float[0];
        return lastKept;
    }
}
