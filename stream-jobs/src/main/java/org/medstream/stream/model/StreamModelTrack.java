package org.medstream.stream.model;

import org.medstream.stream.time.RetentionTimer;

/**
 * Keyed state that every {@link StreamModelFunction} keeps per stream: its clock, the sample the
 * next chunk should start at and its retention timer. Subclasses add the model's state. A Flink
 * POJO.
 */
public class StreamModelTrack {
    public double samplingFrequencyHz;

    /** UTC time of sample index 0, in microseconds since the epoch. */
    public long streamStartMicros;

    /** Stream sample index the next chunk is expected to start at. */
    public long nextSampleIndex;

    /** Timer that ends the stream after the state retention without chunks. */
    public RetentionTimer retention;

    /** Creates an empty track, for Flink's POJO serializer. */
    public StreamModelTrack() {}
}
