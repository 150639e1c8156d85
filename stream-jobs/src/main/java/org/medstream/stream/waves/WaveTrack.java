package org.medstream.stream.waves;

import org.medstream.stream.time.RetentionTimer;

/**
 * Keyed state of one stream in {@link WaveDelineationFunction}: its clock, the expected next
 * sample, its leads, its delineator and its cleanup timer. A Flink POJO.
 */
public class WaveTrack {
    public double samplingFrequencyHz;

    /** UTC time of sample index 0, in microseconds since the epoch. */
    public long streamStartMicros;

    /** Stream sample index of the first sample given to the current delineators. */
    public long segmentStartIndex;

    /** Stream sample index the next chunk is expected to start at. */
    public long nextSampleIndex;

    /** One entry per delineated lead, in model lead order. */
    public LeadTrack[] leads;

    /**
     * Network state of the stream's delineator, as {@code StreamState#toArray()} gives it; null
     * before the first sample of a delineation segment.
     */
    public double[] network;

    /** Frames the delineator took, at the model's rate. */
    public long delineatorSamples;

    /** Last Δ + 1 frames the delineator took, frame of sample s at (s mod (Δ + 1)) · L. */
    public float[] recentFrames;

    /** Wave assembler of each model lead, in model lead order. */
    public AssemblerTrack[] assemblers;

    /** Timer that ends the stream after the state retention without chunks. */
    public RetentionTimer retention;

    /** Creates an empty track, for Flink's POJO serializer. */
    public WaveTrack() {}
}
