package org.medstream.stream.waves;

import org.medstream.stream.model.StreamModelTrack;

/**
 * Keyed state of one stream in {@link WaveDelineationFunction}: besides the common fields, its
 * leads and its delineator. A Flink POJO.
 */
public class WaveTrack extends StreamModelTrack {
    /** Stream sample index of the first sample given to the current delineators. */
    public long segmentStartIndex;

    /** One entry per delineated lead, in model lead order. */
    public LeadTrack[] leads;

    /**
     * Network state of the stream's delineator, as {@code StreamState#toArray()} gives it, empty
     * for a windowed model; null before the first sample of a delineation segment.
     */
    public double[] network;

    /** Frames the delineator took, at the model's rate. */
    public long delineatorSamples;

    /**
     * Frames the delineator keeps: the last Δ + 1 for an LMU model, the last window for a windowed
     * one. The frame of sample s starts at (s mod their number) · L.
     */
    public float[] recentFrames;

    /** Wave assembler of each model lead, in model lead order. */
    public AssemblerTrack[] assemblers;

    /**
     * The patient of the stream's last chunk, Avro single-object encoded, for models whose prompt
     * describes the patient; null when the chunk carried none.
     */
    public byte[] patient;

    /** Creates an empty track, for Flink's POJO serializer. */
    public WaveTrack() {}
}
