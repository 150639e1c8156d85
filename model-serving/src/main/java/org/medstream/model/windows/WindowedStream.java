package org.medstream.model.windows;

import org.medstream.model.resample.ResampledFrames;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.StreamingResampler;

/**
 * Runs a model that maps whole windows to one output per sample over one stream segment, as its
 * samples arrive: {@link ResampledFrames} brings the channels to the model's rate, and a {@link
 * WindowTiler} cuts windows, runs them and stitches their outputs, each sample's from the window in
 * which it lies farthest from an edge. Outputs come in model sample order; {@link #streamIndexOf}
 * maps a model sample to the nearest stream sample.
 *
 * <p>A stream is built for one call from its {@link WindowedStreamState}, and {@link #save()}
 * writes it back, so that operators keep only the state between chunks.
 */
public final class WindowedStream {
    /** Runs one window. */
    @FunctionalInterface
    public interface WindowFunction {
        /**
         * Returns one output per sample of a window.
         *
         * @param window the window's channels one after the other, channels · W values
         */
        float[] apply(float[] window);
    }

    /** Receives the stitched outputs. */
    @FunctionalInterface
    public interface OutputSink {
        /** Takes the output of model sample {@code modelSample}, counted from the segment start. */
        void accept(long modelSample, float output);
    }

    private final WindowedStreamState state;
    private final ResampledFrames frames;
    private final WindowTiler tiler;
    private final WindowFunction function;
    private final int channels;

    /**
     * Continues from {@code state}.
     *
     * @param filter the filter from the stream's rate to the model's, or null when they are equal
     * @param window samples per window, W
     * @param step samples between window starts, with W − step even
     */
    public WindowedStream(
            ResamplingFilter filter,
            int window,
            int step,
            int channels,
            WindowFunction function,
            WindowedStreamState state) {
        this.state = state;
        this.channels = channels;
        this.function = function;
        this.frames = new ResampledFrames(filter, channels);
        this.tiler = new WindowTiler(window, step, channels);
        if (state.recentFrames != null) {
            StreamingResampler.Snapshot[] resamplers = new StreamingResampler.Snapshot[channels];
            if (frames.resampled()) {
                if (state.resamplerInputs == null) {
                    throw new IllegalStateException(
                            "The windowed stream was saved without a resampler; the stream's or"
                                    + " the model's sampling frequency changed since the"
                                    + " checkpoint");
                }
                for (int c = 0; c < channels; c++) {
                    resamplers[c] =
                            new StreamingResampler.Snapshot(
                                    state.resamplerInputs[c],
                                    state.resamplerInputCount,
                                    state.resamplerOutputCount);
                }
            }
            frames.restore(resamplers, state.inputSamples);
            tiler.restore(state.frames, state.recentFrames);
        }
    }

    /** Returns a new state for a segment that starts at stream sample {@code firstSampleIndex}. */
    public static WindowedStreamState newState(long firstSampleIndex) {
        WindowedStreamState state = new WindowedStreamState();
        state.firstSampleIndex = firstSampleIndex;
        return state;
    }

    /**
     * Feeds the next {@code count} samples of every channel, which must be finite, and passes the
     * outputs they make final to {@code outputs}.
     *
     * @param samples per channel of the model, in its order, samples[channel][0 .. count)
     */
    public void feed(double[][] samples, int count, OutputSink outputs) {
        if (count > 0) {
            frames.accept(samples, count, frame -> step(frame, outputs));
        }
    }

    /**
     * Ends the segment: flushes the resamplers and runs the last window, so every model sample has
     * its output. Nothing is fed afterwards.
     */
    public void finish(OutputSink outputs) {
        frames.finish(frame -> step(frame, outputs));
        tiler.finish((start, from, to) -> run(start, from, to, outputs));
    }

    /** Returns the stream sample index nearest to model sample {@code modelSample}. */
    public long streamIndexOf(long modelSample) {
        return state.firstSampleIndex + frames.segmentIndexOf(modelSample);
    }

    /** Writes the resamplers and the tiler back into the state this stream runs on. */
    public void save() {
        state.inputSamples = frames.inputSamples();
        StreamingResampler.Snapshot[] snapshots = frames.snapshots();
        if (frames.resampled()) {
            state.resamplerInputs = new double[channels][];
            for (int c = 0; c < channels; c++) {
                state.resamplerInputs[c] = snapshots[c].recentInputs();
            }
            state.resamplerInputCount = snapshots[0].inputCount();
            state.resamplerOutputCount = snapshots[0].outputCount();
        } else {
            state.resamplerInputs = null;
        }
        state.frames = tiler.samples();
        state.recentFrames = tiler.recentFrames();
    }

    private void step(float[] frame, OutputSink outputs) {
        tiler.accept(frame, (start, from, to) -> run(start, from, to, outputs));
    }

    /** Runs one window and passes the outputs of samples from .. to on. */
    private void run(long start, long from, long to, OutputSink outputs) {
        int window = tiler.windowLength();
        float[] input = new float[channels * window];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(tiler.window(start, c), 0, input, c * window, window);
        }
        float[] output = function.apply(input);
        for (long sample = from; sample < to; sample++) {
            outputs.accept(sample, output[(int) (sample - start)]);
        }
    }
}
