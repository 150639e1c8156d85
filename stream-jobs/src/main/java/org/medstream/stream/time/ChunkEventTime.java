package org.medstream.stream.time;

import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.time.EpochMicros;

/**
 * Event time of a chunk. Its Flink record timestamp is the time of its first frame, {@code
 * streamStartMicros + firstSampleIndex / samplingFrequencyHz}; its end is the time of its last
 * frame, which the watermarks follow.
 */
public final class ChunkEventTime {
    private ChunkEventTime() {}

    /** Returns whether the chunk's time fields can be read (positive finite frequency, a start). */
    public static boolean hasEventTime(SignalChunk chunk) {
        double samplingFrequencyHz = chunk.getSamplingFrequencyHz();
        return chunk.getStreamStartMicros() != null
                && samplingFrequencyHz > 0
                && !Double.isInfinite(samplingFrequencyHz);
    }

    public static StreamClock clock(SignalChunk chunk) {
        return new StreamClock(
                EpochMicros.of(chunk.getStreamStartMicros()), chunk.getSamplingFrequencyHz());
    }

    /** Event time of the chunk's first frame, in milliseconds. */
    public static long firstFrameMillis(SignalChunk chunk) {
        return clock(chunk).timeMillis(chunk.getFirstSampleIndex());
    }

    /** Event time of the chunk's last frame, in milliseconds. */
    public static long lastFrameMillis(SignalChunk chunk) {
        long lastIndex = chunk.getFirstSampleIndex() + Math.max(chunk.getFrameCount(), 1) - 1;
        return clock(chunk).timeMillis(lastIndex);
    }
}
