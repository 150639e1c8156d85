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
     * Beats kept by default, the oldest overwritten first. 64 beats cover 16 s at 240 bpm, a 4 s
     * window plus chunks of up to 12 s.
     *
     * <p>NOTE: with longer chunks at fast rates the beats of a window can be overwritten before it
     * is checked, and the asystole is then raised as without the suppressor.
     */
    public static final int CAPACITY = 64;

    /** Sample indices of the beats in a ring; {@code next} is where the next one goes. */
    public long[] indices = new long[CAPACITY];

    /**
     * The detector's class of each beat, parallel to {@code indices}. It is null until a beat with
     * a class is added, and {@code Q} (unclassified) for beats added without one.
     */
    public char[] classes;

    public int count;
    public int next;

    public OtherLeadBeats() {}

    /** Creates an empty ring that keeps the last {@code capacity} beats. */
    public OtherLeadBeats(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "Beat ring capacity must be at least 1, got " + capacity);
        }
        indices = new long[capacity];
    }

    /** Adds a beat without a class; beats at or before the last one added are ignored. */
    public void add(long sampleIndex) {
        add(sampleIndex, 'Q');
    }

    /**
     * Adds a beat with the detector's class ({@code N}, {@code S}, {@code V}, {@code F} or {@code
     * Q}); beats at or before the last one added are ignored.
     */
    public void add(long sampleIndex, char beatClass) {
        if (count > 0 && sampleIndex <= last()) {
            return;
        }
        if (beatClass != 'Q' && (classes == null || classes.length != indices.length)) {
            classes = new char[indices.length];
            Arrays.fill(classes, 'Q');
        }
        indices[next] = sampleIndex;
        if (classes != null) {
            classes[next] = beatClass;
        }
        next = (next + 1) % indices.length;
        count = Math.min(count + 1, indices.length);
    }

    /** Forgets every beat, as after a gap that restarts detection. */
    public void clear() {
        Arrays.fill(indices, 0);
        classes = null;
        count = 0;
        next = 0;
    }

    /**
     * Returns a ring of {@code capacity} beats with the most recent of these beats, oldest first,
     * or this ring when its capacity is already {@code capacity}.
     */
    public OtherLeadBeats withCapacity(int capacity) {
        if (indices.length == capacity) {
            return this;
        }
        OtherLeadBeats resized = new OtherLeadBeats(capacity);
        for (int age = Math.min(count, capacity) - 1; age >= 0; age--) {
            resized.add(fromLast(age), classFromLast(age));
        }
        return resized;
    }

    /** Returns the {@code age}-th most recent beat, 0 for the last one added. */
    long fromLast(int age) {
        return indices[Math.floorMod(next - 1 - age, indices.length)];
    }

    /** Returns the class of the {@code age}-th most recent beat, {@code Q} when it has none. */
    char classFromLast(int age) {
        if (classes == null || classes.length != indices.length) {
            return 'Q';
        }
        return classes[Math.floorMod(next - 1 - age, indices.length)];
    }

    private long last() {
        return fromLast(0);
    }
}
