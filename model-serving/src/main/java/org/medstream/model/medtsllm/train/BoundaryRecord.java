package org.medstream.model.medtsllm.train;

import java.util.Arrays;

/**
 * One channel of a record at 125 Hz with its reference boundaries, and the span of it that a
 * training run or a score uses.
 *
 * @param number record number, which groups windows into batches that share a prompt prefix
 * @param channel channel name, such as {@code ii} or {@code RESP}
 * @param signal the whole channel at 125 Hz
 * @param boundaries sample indices of the reference boundaries in {@code signal}, ascending
 * @param from first sample of the span
 * @param to sample after the last one of the span
 */
public record BoundaryRecord(
        int number, String channel, float[] signal, int[] boundaries, int from, int to) {

    public BoundaryRecord {
        if (from < 0 || to > signal.length || to <= from) {
            throw new IllegalArgumentException(
                    "Invalid span ["
                            + from
                            + ", "
                            + to
                            + ") of record "
                            + number
                            + " with "
                            + signal.length
                            + " samples");
        }
    }

    /** Returns the same channel restricted to the span [from, to). */
    public BoundaryRecord withSpan(int spanFrom, int spanTo) {
        return new BoundaryRecord(number, channel, signal, boundaries, spanFrom, spanTo);
    }

    /** Returns the reference boundaries inside the span. */
    public int[] boundariesInSpan() {
        return Arrays.stream(boundaries).filter(b -> b >= from && b < to).toArray();
    }
}
