package org.medstream.stream.validate;

/**
 * Validation state of one stream: the layout its chunks must keep and the index the next chunk
 * should start at. A Flink POJO, so no fallback serializer runs.
 */
public class ChunkLayout {
    public double samplingFrequencyHz;
    public long streamStartMicros;
    public String[] channelNames;
    public long nextSampleIndex;
    public long lastFirstSampleIndex;
    public long lastActivityMillis;

    /**
     * The most recent gap, {@code [gapStartIndex, gapEndIndex)}: samples the stream skipped and the
     * beat detection operator bridged. Empty when both are equal.
     */
    public long gapStartIndex;

    public long gapEndIndex;

    /** Processing time of the registered cleanup timer, or -1 when none is registered. */
    public long cleanupTimerMillis;

    public ChunkLayout() {}
}
