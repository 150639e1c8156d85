package org.medstream.stream.anomalies;

/**
 * Keyed state of one stream in {@link AnomalyScoringFunction}: its clock, the channel scored, the
 * expected next sample, the resampler to the model's rate, the network and span assembler of the
 * current scoring segment, and the cleanup timer. A Flink POJO.
 */
public class AnomalyTrack {
    public double samplingFrequencyHz;

    /** UTC time of sample index 0, in microseconds since the epoch. */
    public long streamStartMicros;

    /** Index of the stream channel that feeds the model's lead II. */
    public int channel;

    /** Name of that channel, as the stream gives it. */
    public String channelName;

    /** Stream sample index of the first sample of the current scoring segment. */
    public long segmentStartIndex;

    /** Stream sample index the next chunk is expected to start at. */
    public long nextSampleIndex;

    /** Last finite sample in mV, which replaces missing (NaN) samples; 0 before the first. */
    public float lastValue;

    /** Last 2K + 1 resampler inputs, newest first; null at the model's rate or before a sample. */
    public double[] resamplerInputs;

    public long resamplerInputCount;
    public long resamplerOutputCount;

    /**
     * Network state as {@code StreamState#toArray()} gives it; null before the first sample of a
     * scoring segment.
     */
    public double[] network;

    /** Frames the network took in this segment, at the model's rate. */
    public long networkSamples;

    /** The last model-rate input, repeated to pad the end of a segment. */
    public float lastModelInput;

    /** Span assembler state as {@code AnomalySpanAssembler#state()} gives it. */
    public long[] assembler;

    /** Processing time of the last chunk, in milliseconds. */
    public long lastActivityMillis;

    /** Processing time the cleanup timer is set for, or -1 when none is set. */
    public long cleanupTimerMillis;

    /** Creates an empty track, for Flink's POJO serializer. */
    public AnomalyTrack() {}
}
