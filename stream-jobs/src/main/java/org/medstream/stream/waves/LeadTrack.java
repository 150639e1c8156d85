package org.medstream.stream.waves;

/**
 * Keyed state of one delineated lead of a stream: its channel, the model lead it feeds, the last
 * valid sample and its resampler's state. A Flink POJO, so the state has a schema that Flink
 * serializes without Kryo.
 */
public class LeadTrack {
    /** Index of the lead's channel in the stream's chunks. */
    public int channel;

    /** Channel name of the lead, as the chunks carry it and the segments report it. */
    public String name;

    /** Index of the model lead this channel feeds, in the model's lead order. */
    public int modelLead;

    /** Last finite sample in mV, which replaces missing (NaN) samples; 0 before the first. */
    public float lastValue;

    /** Last 2K + 1 resampler inputs, newest first; null when the stream is at the model's rate. */
    public double[] resamplerInputs;

    public long resamplerInputCount;
    public long resamplerOutputCount;

    /** Creates an empty track, for Flink's POJO serializer. */
    public LeadTrack() {}
}
