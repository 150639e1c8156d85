package org.medstream.stream.waves;

/**
 * Keyed state of one stream in {@link WaveDelineationFunction}: its clock, the expected next
 * sample, its leads and its cleanup timer. A Flink POJO.
 */
public class WaveTrack {
    public double samplingFrequencyHz;

    /** UTC time of sample index 0, in microseconds since the epoch. */
    public long streamStartMicros;

    /** Stream sample index of the first sample given to the current delineators. */
    public long segmentStartIndex;

    /** Stream sample index the next chunk is expected to start at. */
    public long nextSampleIndex;

    /** One entry per delineated lead, in channel order. */
    public LeadTrack[] leads;

    /** Processing time of the last chunk, in milliseconds. */
    public long lastActivityMillis;

    /** Processing time the cleanup timer is set for, or -1 when none is set. */
    public long cleanupTimerMillis;

    /** Creates an empty track, for Flink's POJO serializer. */
    public WaveTrack() {}
}
