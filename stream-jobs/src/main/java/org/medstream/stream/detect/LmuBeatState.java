package org.medstream.stream.detect;

import org.medstream.model.leads.LeadLabellerState;

/**
 * State of {@link LmuBeatDetector} for one stream, as plain values: the last valid sample, how long
 * the lead has been flat, the lead labeller's state (resampler and network) and the run
 * assembler's. A Flink POJO.
 */
public class LmuBeatState {
    /** Last finite sample in mV, which replaces missing (NaN) samples; 0 before the first. */
    public float lastValue;

    /** Consecutive samples, up to the last fed, that were missing or equal to the one before. */
    public long flatRunSamples;

    /** Resampler and network state. */
    public LeadLabellerState lead;

    /** Run assembler state as {@code RunAssembler#state()} returns it. */
    public long[] assembler;

    /** Creates an empty state, for Flink's POJO serializer. */
    public LmuBeatState() {}
}
