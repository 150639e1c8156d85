package org.medstream.model.leads;

/**
 * State of a {@link LeadLabeller} for one lead of one stream, as plain values: where the stream
 * starts, the resampler to the model's rate (when the stream's rate differs) and the network's
 * state. A Flink POJO, so operators can keep it in keyed state.
 */
public class LeadLabellerState {
    /** Sampling frequency of the stream. */
    public double samplingFrequencyHz;

    /** Whether a sample has been fed; {@link #firstSampleIndex} is set from then on. */
    public boolean started;

    /** Stream sample index of the first sample fed. */
    public long firstSampleIndex;

    /** Stream samples fed. */
    public long inputSamples;

    /** The last stream sample fed, repeated to flush the resampler at the end of a stream. */
    public double lastInput;

    /** Last 2K + 1 resampler inputs, newest first; null when the stream is at the model's rate. */
    public double[] resamplerInputs;

    public long resamplerInputCount;
    public long resamplerOutputCount;

    /** Network state as {@code StreamState#toArray()} returns it. */
    public double[] network;

    /** Frames the network took, at the model's rate. */
    public long networkSamples;

    /** The last model-rate input, repeated to pad the end of a bounded stream. */
    public float lastModelInput;

    /** Creates an empty state, for Flink's POJO serializer. */
    public LeadLabellerState() {}
}
