package org.medstream.model.windows;

/**
 * State of a {@link WindowedStream} for one segment of one stream, as plain values: where it
 * starts, the resamplers to the model's rate and the last window of frames. A Flink POJO, so
 * operators can keep it in keyed state.
 */
public class WindowedStreamState {
    /** Stream sample index of the segment's first sample. */
    public long firstSampleIndex;

    /** Segment samples fed. */
    public long inputSamples;

    /**
     * Per channel, its resampler's last 2K + 1 inputs, newest first; null when the stream is at the
     * model's rate.
     */
    public double[][] resamplerInputs;

    public long resamplerInputCount;
    public long resamplerOutputCount;

    /** Frames at the model's rate taken by the window tiler. */
    public long frames;

    /** The tiler's last window of frames, null before the first sample. */
    public float[] recentFrames;

    /** Creates an empty state, for Flink's POJO serializer. */
    public WindowedStreamState() {}
}
