package org.medstream.stream.detect;

/**
 * State of {@link LmuBeatDetector} for one stream, as plain values: where the stream starts, the
 * last valid sample, the resampler to the model's rate (when the stream's rate differs), the
 * network's state and the beat assembler's. A Flink POJO.
 */
public class LmuBeatState {
    public double samplingFrequencyHz;

    /** Whether a sample has been fed; {@link #firstSampleIndex} is set from then on. */
    public boolean started;

    /** Stream sample index of the first sample fed. */
    public long firstSampleIndex;

    /** Last finite sample in mV, which replaces missing (NaN) samples; 0 before the first. */
    public float lastValue;

    /** Consecutive samples, up to the last fed, that were missing or equal to the one before. */
    public long flatRunSamples;

    /** Stream samples fed. */
    public long inputSamples;

    /** Last 2K + 1 resampler inputs, newest first; null when the stream is at the model's rate. */
    public double[] resamplerInputs;

    public long resamplerInputCount;
    public long resamplerOutputCount;

    /** Network state as {@code StreamState#toArray()} gives it. */
    public double[] network;

    /** Frames the network took, at the model's rate. */
    public long networkSamples;

    /** The last model-rate input, repeated to pad the end of a bounded stream. */
    public float lastModelInput;

    /** Beat assembler state as {@code BeatAssembler#state()} gives it. */
    public long[] assembler;

    /** Creates an empty state, for Flink's POJO serializer. */
    public LmuBeatState() {}
}
