package org.medstream.stream.breaths;

import org.medstream.model.leads.LeadLabellerState;
import org.medstream.model.medtsllm.BoundaryStreamState;
import org.medstream.stream.alarm.ApneaState;
import org.medstream.stream.model.StreamModelTrack;

/**
 * Keyed state of {@link BreathDetectionFunction} for one stream: besides the common fields, its
 * respiration channel, and the scaler, labeller and assembler of an LMU model or the channels and
 * boundary stream of a MedTsLLM model. A Flink POJO.
 */
public class BreathTrack extends StreamModelTrack {
    /** Respiration channel: its name and index in the stream's chunks. */
    public String channelName;

    public int channel;

    /** Last finite sample, which replaces missing (NaN) samples; 0 before the first. */
    public double lastValue;

    /** Respiration scaler state as {@code RespirationScaler#state()} returns it. */
    public double[] scaler;

    /** Resampler and network state of the current segment. */
    public LeadLabellerState lead;

    /** Run assembler state as {@code RunAssembler#state()} returns it. */
    public long[] assembler;

    /**
     * MedTsLLM only: the stream's channel index of each channel the model reads, the respiration
     * channel first; null for an LMU model.
     */
    public int[] channels;

    /** MedTsLLM only: per model channel, the last finite sample, which replaces missing ones. */
    public double[] lastValues;

    /** MedTsLLM only: resamplers, windows and peak picker of the current segment. */
    public BoundaryStreamState boundaries;

    /** Care unit of the patient context of the stream's last chunk; null when it had none. */
    public String patientCareUnit;

    /** Breath intervals and the apnea rule, which restarts at the start of each segment. */
    public ApneaState apnea = new ApneaState();

    /** Creates an empty state, for Flink's POJO serializer. */
    public BreathTrack() {}
}
