package org.medstream.model.medtsllm;

import java.util.List;
import org.medstream.model.resample.ResampledFrames;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.StreamingResampler;
import org.medstream.model.windows.WindowTiler;

/**
 * Finds the boundaries (beats, breath onsets) of one stream segment with a MedTsLLM boundary model
 * as its samples arrive: {@link ResampledFrames} brings the channels to the model's rate, a {@link
 * WindowTiler} cuts windows of the model's length half a window apart and stitches their
 * probabilities, and {@link StreamingPeaks} picks the boundaries with the spacing and threshold of
 * training. Boundaries come out as stream sample indices: a model sample maps to the nearest stream
 * sample.
 *
 * <p>A stream is built for one call from its {@link BoundaryStreamState}, and {@link #save()}
 * writes it back, so that operators keep only the state between chunks.
 */
public final class BoundaryStream {
    /** Receives the boundaries found. */
    @FunctionalInterface
    public interface BoundarySink {
        /**
         * Takes one boundary.
         *
         * @param modelSample its index at the model's rate, counted from the segment's start
         * @param streamIndex the stream sample index nearest to it
         */
        void accept(long modelSample, long streamIndex);
    }

    private final MedTsLlmBoundaryModel model;
    private final BoundaryStreamState state;
    private final ResampledFrames frames;
    private final WindowTiler tiler;
    private final StreamingPeaks peaks;
    private final int channels;

    /**
     * Continues from {@code state}.
     *
     * @param filter the filter from the stream's rate to the model's, or null when they are equal
     */
    public BoundaryStream(
            MedTsLlmBoundaryModel model, ResamplingFilter filter, BoundaryStreamState state) {
        this.model = model;
        this.state = state;
        this.channels = model.channels().size();
        this.frames = new ResampledFrames(filter, channels);
        this.tiler = new WindowTiler(model.windowLength(), model.step(), channels);
        this.peaks = new StreamingPeaks(model.minimumSpacing(), model.threshold(), state.peaks);
        if (state.recentFrames != null) {
            StreamingResampler.Snapshot[] resamplers = new StreamingResampler.Snapshot[channels];
            if (frames.resampled()) {
                if (state.resamplerInputs == null) {
                    throw new IllegalStateException(
                            "The boundary stream was saved without a resampler; the stream's or"
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
    public static BoundaryStreamState newState(long firstSampleIndex) {
        BoundaryStreamState state = new BoundaryStreamState();
        state.firstSampleIndex = firstSampleIndex;
        return state;
    }

    /**
     * Feeds the next {@code count} samples of every channel, which must be finite, and passes the
     * boundaries they complete to {@code boundaries}.
     *
     * @param samples per channel of the model, in its order, samples[channel][0 .. count)
     */
    public void feed(double[][] samples, int count, BoundarySink boundaries) {
        if (count > 0) {
            frames.accept(samples, count, frame -> step(frame, boundaries));
        }
    }

    /**
     * Ends the segment: flushes the resamplers, runs the last window and decides the boundaries
     * still open. Nothing is fed afterwards.
     */
    public void finish(BoundarySink boundaries) {
        frames.finish(frame -> step(frame, boundaries));
        tiler.finish((start, from, to) -> run(start, from, to, boundaries));
        peaks.finish(sink(boundaries));
    }

    /**
     * Returns the number of leading model samples whose boundaries have all been reported; {@link
     * #streamIndexOf} maps it to the stream.
     */
    public long reportedThrough() {
        return peaks.reportedThrough();
    }

    /** Returns the stream sample index nearest to model sample {@code modelSample}. */
    public long streamIndexOf(long modelSample) {
        return state.firstSampleIndex + frames.segmentIndexOf(modelSample);
    }

    /** Writes the resamplers, tiler and peak picker back into the state this stream runs on. */
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

    private void step(float[] frame, BoundarySink boundaries) {
        tiler.accept(frame, (start, from, to) -> run(start, from, to, boundaries));
    }

    /** Runs one window and passes the probabilities of samples from .. to to the peak picker. */
    private void run(long start, long from, long to, BoundarySink boundaries) {
        int window = tiler.windowLength();
        float[] input = new float[channels * window];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(tiler.window(start, c), 0, input, c * window, window);
        }
        float[] probability = model.probabilities(List.of(input))[0];
        StreamingPeaks.BoundarySink picked = sink(boundaries);
        for (long sample = from; sample < to; sample++) {
            peaks.accept(probability[(int) (sample - start)], picked);
        }
    }

    private StreamingPeaks.BoundarySink sink(BoundarySink boundaries) {
        return modelSample -> boundaries.accept(modelSample, streamIndexOf(modelSample));
    }
}
