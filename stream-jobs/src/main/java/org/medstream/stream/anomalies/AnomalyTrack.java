package org.medstream.stream.anomalies;

import org.medstream.model.leads.LeadLabellerState;
import org.medstream.model.windows.WindowedStreamState;
import org.medstream.stream.model.StreamModelTrack;

/**
 * Keyed state of one stream in {@link AnomalyScoringFunction}: besides the common fields, the
 * channel scored, the lead labeller (resampler and network) and the span assembler of the current
 * scoring segment. A Flink POJO.
 */
public class AnomalyTrack extends StreamModelTrack {
    /** Index of the stream channel that feeds the model's lead II. */
    public int channel;

    /** Name of that channel, as the stream gives it. */
    public String channelName;

    /** Last finite sample in mV, which replaces missing (NaN) samples; 0 before the first. */
    public float lastValue;

    /** Resampler and network state of the current segment. */
    public LeadLabellerState lead;

    /** MedTsLLM only: resampler and windows of the current segment; null for an LMU model. */
    public WindowedStreamState windows;

    /** Span assembler state as {@code AnomalySpanAssembler#state()} returns it. */
    public long[] assembler;

    /** Creates an empty track, for Flink's POJO serializer. */
    public AnomalyTrack() {}
}
