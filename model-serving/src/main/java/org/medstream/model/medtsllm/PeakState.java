package org.medstream.model.medtsllm;

/**
 * State of a {@link StreamingPeaks} for one stream segment, as plain values. A Flink POJO, so
 * operators can keep it in keyed state.
 */
public class PeakState {
    /** Probability samples taken. */
    public long samples;

    /** The probabilities of the last two samples taken: sample n − 2, then n − 1. */
    public float beforeLast;

    public float last;

    /** Candidates of the open cluster: sample indices, ascending, and their probabilities. */
    public long[] pendingPositions = new long[0];

    public float[] pendingHeights = new float[0];

    /** The last boundary of a cluster closed before it ended; −1 when there is none. */
    public long forcedBoundary = -1;

    /** Creates the state of a segment before its first sample, also for Flink's POJO serializer. */
    public PeakState() {}
}
