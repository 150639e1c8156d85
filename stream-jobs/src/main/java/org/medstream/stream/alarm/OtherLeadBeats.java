package org.medstream.stream.alarm;

import java.util.Arrays;

/**
 * The most recent beats that a second detector found: on another ECG lead of the stream, the
 * evidence of the {@link AsystoleSuppressor}, or on the alarm lead, the evidence of the {@link
 * AgreementRule}. A Flink POJO kept in {@link AlarmState}: public no-argument constructor and
 * public fields.
 */
public class OtherLeadBeats {
    /**
     * Beats kept, the oldest overwritten first. 64 beats cover 16 s at 240 bpm, a 4 s window plus
     * chunks of up to 12 s.
     *
     * <p>NOTE: with longer chunks at fast rates the beats of a window can be overwritten before it
     * is checked, and the asystole is then raised as without the suppressor.
     */
    public static final int CAPACITY = 64;

    /** Sample indices of the beats in a ring; {@code next} is where the next one goes. */
    public long[] indices = new long[CAPACITY];

    public int count;
    public int next;

    public OtherLeadBeats() {}

    /** Adds a beat; beats at or before the last one added are ignored. */
    public void add(long sampleIndex) {
        if (count > 0 && sampleIndex <= last()) {
            return;
        }
        indices[next] = sampleIndex;
        next = (next + 1) % indices.length;
        count = Math.min(count + 1, indices.length);
    }

    /** Forgets every beat, as after a gap that restarts detection. */
    public void clear() {
        Arrays.fill(indices, 0);
        count = 0;
        next = 0;
    }

    /** Returns the {@code age}-th most recent beat, 0 for the last one added. */
    long fromLast(int age) {
        return indices[Math.floorMod(next - 1 - age, indices.length)];
    }

    private long last() {
        return fromLast(0);
    }
}
