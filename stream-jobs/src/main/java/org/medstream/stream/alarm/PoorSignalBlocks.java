package org.medstream.stream.alarm;

import java.util.Arrays;

/**
 * The recent one-second blocks of the primary ECG lead in which the signal was poor: flagged by the
 * ingest gate (noisy, saturated, flat or missing samples) or judged unreliable by the detector. A
 * Flink POJO kept in {@link AlarmState}: public no-argument constructor and public fields.
 */
public class PoorSignalBlocks {
    /**
     * Blocks kept, the oldest overwritten first; 64 one-second blocks cover any asystole window.
     */
    public static final int CAPACITY = 64;

    /**
     * Block numbers ({@code sampleIndex / blockSamples}) in a ring; {@code next} is the next slot.
     */
    public long[] blocks = new long[CAPACITY];

    public int count;
    public int next;

    public PoorSignalBlocks() {}

    /** Marks every block that {@code [fromIndex, toIndex]} touches as poor. */
    public void mark(long fromIndex, long toIndex, long blockSamples) {
        for (long block = fromIndex / blockSamples; block <= toIndex / blockSamples; block++) {
            if (count > 0 && block <= blocks[Math.floorMod(next - 1, blocks.length)]) {
                continue;
            }
            blocks[next] = block;
            next = (next + 1) % blocks.length;
            count = Math.min(count + 1, blocks.length);
        }
    }

    /** Returns how many blocks that {@code [fromIndex, toIndex]} touches are marked poor. */
    public int countIn(long fromIndex, long toIndex, long blockSamples) {
        long first = fromIndex / blockSamples;
        long last = toIndex / blockSamples;
        int marked = 0;
        for (int age = 0; age < count; age++) {
            long block = blocks[Math.floorMod(next - 1 - age, blocks.length)];
            if (block < first) {
                break;
            }
            if (block <= last) {
                marked++;
            }
        }
        return marked;
    }

    /** Forgets every block, as after a gap that restarts detection. */
    public void clear() {
        Arrays.fill(blocks, 0);
        count = 0;
        next = 0;
    }
}
