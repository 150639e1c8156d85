package org.medstream.model.medtsllm.train;

import java.util.Arrays;
import java.util.List;

/**
 * Channels of a record at 125 Hz with its reference boundaries, and the span of them that a
 * training run or a score uses. The first channel is the one the boundaries were marked on; the
 * others are covariates of the same length.
 *
 * @param number record number, which groups windows into batches that share a prompt prefix
 * @param channels channel names, such as {@code ii} or {@code RESP}, the marked channel first
 * @param signals the whole channels at 125 Hz, in the order of {@code channels}
 * @param boundaries sample indices of the reference boundaries, ascending
 * @param from first sample of the span
 * @param to sample after the last one of the span
 */
public record BoundaryRecord(
        int number,
        List<String> channels,
        List<float[]> signals,
        int[] boundaries,
        int from,
        int to) {

    public BoundaryRecord {
        channels = List.copyOf(channels);
        signals = List.copyOf(signals);
        if (channels.isEmpty() || channels.size() != signals.size()) {
            throw new IllegalArgumentException(
                    "Record "
                            + number
                            + " needs one signal per channel, got channels "
                            + channels
                            + " and "
                            + signals.size()
                            + " signals");
        }
        int length = signals.get(0).length;
        for (int c = 1; c < signals.size(); c++) {
            if (signals.get(c).length != length) {
                throw new IllegalArgumentException(
                        "Channel "
                                + channels.get(c)
                                + " of record "
                                + number
                                + " has "
                                + signals.get(c).length
                                + " samples, channel "
                                + channels.get(0)
                                + " has "
                                + length);
            }
        }
        if (from < 0 || to > length || to <= from) {
            throw new IllegalArgumentException(
                    "Invalid span ["
                            + from
                            + ", "
                            + to
                            + ") of record "
                            + number
                            + " with "
                            + length
                            + " samples");
        }
    }

    /** Creates a record of one channel. */
    public BoundaryRecord(
            int number, String channel, float[] signal, int[] boundaries, int from, int to) {
        this(number, List.of(channel), List.<float[]>of(signal), boundaries, from, to);
    }

    /** Name of the channel the boundaries were marked on. */
    public String channel() {
        return channels.get(0);
    }

    /** Returns the channel the boundaries were marked on. */
    public float[] signal() {
        return signals.get(0);
    }

    /** Returns the same channels restricted to the span [from, to). */
    public BoundaryRecord withSpan(int spanFrom, int spanTo) {
        return new BoundaryRecord(number, channels, signals, boundaries, spanFrom, spanTo);
    }

    /** Returns the reference boundaries inside the span. */
    public int[] boundariesInSpan() {
        return Arrays.stream(boundaries).filter(b -> b >= from && b < to).toArray();
    }
}
