package org.medstream.stream.waves;

/**
 * Keyed state of one lead of a stream: its channel, the last valid sample, and the resampler and
 * delineator state as {@link LeadDelineation} saves it. A Flink POJO, so the state has a schema
 * that Flink serializes without Kryo.
 */
public class LeadTrack {
    /** Index of the lead's channel in the stream's chunks. */
    public int channel;

    /** Channel name of the lead, as the chunks carry it. */
    public String name;

    /** Last finite sample in mV, which replaces missing (NaN) samples; 0 before the first. */
    public float lastValue;

    /** Last 2K + 1 resampler inputs, newest first; null when the stream is at the model's rate. */
    public double[] resamplerInputs;

    public long resamplerInputCount;
    public long resamplerOutputCount;

    /** Network state of the delineator, as {@code LeadState#toArray()} gives it. */
    public double[] network;

    /** Samples the delineator took, at the model's rate. */
    public long delineatorSamples;

    /** Last Δ + 1 delineator inputs, indexed by sample modulo Δ + 1. */
    public float[] recentValues;

    // The wave assembler's state, field by field as in WaveAssembler.State.
    public boolean assemblerStarted;
    public long assemblerNextSample;
    public int runKind;
    public long runStart;
    public long runPeak;
    public float runOnsetValue;
    public float runPeakDistance;
    public int heldKind;
    public long heldStart;
    public long heldEnd;
    public long heldPeak;
    public float heldPeakDistance;

    /** Creates an empty track, for Flink's POJO serializer. */
    public LeadTrack() {}
}
