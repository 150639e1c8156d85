package org.medstream.ingest.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.time.EpochMicros;

/**
 * Sequence state the gate keeps per stream: the layout its chunks must keep, the sample index the
 * next chunk should start at, the chunks held back until a gap before them fills, and recent gaps.
 * It also keeps the flat-line run of each channel, which continues across chunks.
 */
final class StreamSequence {
    /** Gaps remembered to tell a late chunk (its samples fall in a gap) from a duplicate. */
    static final int REMEMBERED_GAPS = 16;

    double samplingFrequencyHz;
    long streamStartMicros;
    List<String> channelNames;
    List<String> units;
    long nextIndex;
    long lastActivityMillis;

    /** Skipped sample ranges, oldest first, as {start, end} pairs. */
    final List<long[]> recentGaps = new ArrayList<>();

    /** Chunks that arrived ahead of a gap, by first sample index. */
    final TreeMap<Long, HeldChunk> held = new TreeMap<>();

    /** Per channel: the value of the current flat run and its length in frames. */
    double[] runValue;

    long[] runLength;

    /** A chunk held back: its Avro bytes and the wall-clock time it arrived. */
    record HeldChunk(byte[] chunk, int frameCount, long arrivedAtMillis) {}

    static StreamSequence startingWith(SignalChunk chunk) {
        StreamSequence sequence = new StreamSequence();
        sequence.samplingFrequencyHz = chunk.getSamplingFrequencyHz();
        sequence.streamStartMicros = EpochMicros.of(chunk.getStreamStartMicros());
        sequence.channelNames = List.copyOf(chunk.getChannelNames());
        sequence.units = List.copyOf(chunk.getUnits());
        sequence.nextIndex = chunk.getFirstSampleIndex();
        int channels = chunk.getChannelNames().size();
        sequence.runValue = new double[channels];
        sequence.runLength = new long[channels];
        return sequence;
    }

    void rememberGap(long start, long end) {
        recentGaps.add(new long[] {start, end});
        if (recentGaps.size() > REMEMBERED_GAPS) {
            recentGaps.remove(0);
        }
    }

    /** Returns the remembered gap that overlaps {@code [start, end)}, or null. */
    long[] gapOverlapping(long start, long end) {
        for (long[] gap : recentGaps) {
            if (start < gap[1] && gap[0] < end) {
                return gap;
            }
        }
        return null;
    }
}
