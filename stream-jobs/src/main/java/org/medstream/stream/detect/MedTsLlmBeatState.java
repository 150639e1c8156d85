package org.medstream.stream.detect;

import org.medstream.model.medtsllm.BoundaryStreamState;

/**
 * State of {@link MedTsLlmBeatDetector} for one stream, as plain values: the last valid sample, how
 * long the lead has been flat, and the boundary stream (resampler, windows, peak picker). A Flink
 * POJO.
 */
public class MedTsLlmBeatState {
    /** Sampling frequency of the stream. */
    public double samplingFrequencyHz;

    /** Last finite sample in mV, which replaces missing (NaN) samples; 0 before the first. */
    public float lastValue;

    /** Samples fed so far. */
    public long inputSamples;

    /** Consecutive samples, up to the last fed, that were missing or equal to the one before. */
    public long flatRunSamples;

    /** The boundary stream, null before the first sample, which sets its start index. */
    public BoundaryStreamState boundaries;

    /** Creates an empty state, for Flink's POJO serializer. */
    public MedTsLlmBeatState() {}
}
