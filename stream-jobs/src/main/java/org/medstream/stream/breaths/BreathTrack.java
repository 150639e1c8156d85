package org.medstream.stream.breaths;

import org.medstream.model.leads.LeadLabellerState;
import org.medstream.stream.time.RetentionTimer;

/** Keyed state of {@link BreathDetectionFunction} for one stream, as plain values. A Flink POJO. */
public class BreathTrack {
    /** Respiration channel: its name and index in the stream's chunks. */
    public String channelName;

    public int channel;

    public double samplingFrequencyHz;
    public long streamStartMicros;

    /** Stream sample index the next chunk is expected to start at. */
    public long nextSampleIndex;

    /** Last finite sample, which replaces missing (NaN) samples; 0 before the first. */
    public double lastValue;

    /** Respiration scaler state as {@code RespirationScaler#state()} returns it. */
    public double[] scaler;

    /** Resampler and network state of the current segment. */
    public LeadLabellerState lead;

    /** Run assembler state as {@code RunAssembler#state()} returns it. */
    public long[] assembler;

    /** Stream sample index of the last breath emitted, −1 before the first. */
    public long lastBreathIndex;

    /** Timer that ends the stream after the state retention without chunks. */
    public RetentionTimer retention;

    /** Creates an empty state, for Flink's POJO serializer. */
    public BreathTrack() {}
}
