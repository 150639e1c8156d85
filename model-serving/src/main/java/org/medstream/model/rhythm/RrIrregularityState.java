package org.medstream.model.rhythm;

import java.util.Arrays;

/**
 * Per-stream state of an {@link AfDetector}: the last RR intervals it accepted, the last beat, and
 * an interval held back while the detector checks whether it was premature. Its size is fixed by
 * the detector's window, whatever the stream's length.
 *
 * <p>A Flink POJO (public no-argument constructor, public fields of primitive and primitive array
 * types), so it can sit in Flink keyed state without a generic serializer, and {@link #copy} gives
 * an independent copy with which the detector continues exactly as with the original.
 */
public class RrIrregularityState {
    /** Accepted RR intervals in milliseconds, a ring buffer; null until the first beat. */
    public double[] rrMillis;

    /** Index in {@link #rrMillis} of the oldest accepted interval. */
    public int start;

    /** Accepted intervals in {@link #rrMillis}, up to its length. */
    public int count;

    /** Sample index of the last beat, or -1 before the first beat. */
    public long lastBeatIndex = -1;

    /** Whether the last beat was ectopic by its class, so that the interval after it is skipped. */
    public boolean lastBeatEctopic;

    /** One bit per recent beat, the last beat in bit 0: set when its class was ectopic. */
    public long ectopicBeats;

    /**
     * A premature interval held back until the next one shows whether a compensatory pause follows;
     * 0 when none is held.
     */
    public double pendingMillis;

    /** Intervals skipped as next to an ectopic beat, by beat class or by the premature pattern. */
    public long skippedIntervals;

    /** Intervals accepted since the state was created. */
    public long acceptedIntervals;

    public RrIrregularityState() {}

    /** Returns an independent copy. */
    public RrIrregularityState copy() {
        RrIrregularityState copy = new RrIrregularityState();
        copy.rrMillis = rrMillis == null ? null : Arrays.copyOf(rrMillis, rrMillis.length);
        copy.start = start;
        copy.count = count;
        copy.lastBeatIndex = lastBeatIndex;
        copy.lastBeatEctopic = lastBeatEctopic;
        copy.ectopicBeats = ectopicBeats;
        copy.pendingMillis = pendingMillis;
        copy.skippedIntervals = skippedIntervals;
        copy.acceptedIntervals = acceptedIntervals;
        return copy;
    }

    /** Forgets the intervals and the last beat, as after a gap in the signal. */
    public void clear() {
        start = 0;
        count = 0;
        lastBeatIndex = -1;
        lastBeatEctopic = false;
        ectopicBeats = 0;
        pendingMillis = 0;
    }
}
