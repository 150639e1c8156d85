package org.medstream.model.medtsllm;

import java.util.List;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.windows.WindowedStream;

/**
 * Finds the boundaries (beats, breath onsets) of one stream segment with a MedTsLLM boundary model
 * as its samples arrive: a {@link WindowedStream} gives each model sample its boundary probability
 * from windows of the model's length half a window apart, and {@link StreamingPeaks} picks the
 * boundaries with the spacing and threshold of training. A boundary maps to the nearest stream
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

    private final WindowedStream windows;
    private final StreamingPeaks peaks;

    /**
     * Continues from {@code state}.
     *
     * @param filter the filter from the stream's rate to the model's, or null when they are equal
     */
    public BoundaryStream(
            MedTsLlmBoundaryModel model, ResamplingFilter filter, BoundaryStreamState state) {
        this.windows =
                new WindowedStream(
                        filter,
                        model.windowLength(),
                        model.step(),
                        model.channels().size(),
                        window -> model.probabilities(List.of(window))[0],
                        state.windows);
        this.peaks = new StreamingPeaks(model.minimumSpacing(), model.threshold(), state.peaks);
    }

    /** Returns a new state for a segment that starts at stream sample {@code firstSampleIndex}. */
    public static BoundaryStreamState newState(long firstSampleIndex) {
        BoundaryStreamState state = new BoundaryStreamState();
        state.windows = WindowedStream.newState(firstSampleIndex);
        return state;
    }

    /**
     * Feeds the next {@code count} samples of every channel, which must be finite, and passes the
     * boundaries they complete to {@code boundaries}.
     *
     * @param samples per channel of the model, in its order, samples[channel][0 .. count)
     */
    public void feed(double[][] samples, int count, BoundarySink boundaries) {
        StreamingPeaks.BoundarySink picked = sink(boundaries);
        windows.feed(
                samples, count, (modelSample, probability) -> peaks.accept(probability, picked));
    }

    /**
     * Ends the segment: flushes the resamplers, runs the last window and decides the boundaries
     * still open. Nothing is fed afterwards.
     */
    public void finish(BoundarySink boundaries) {
        StreamingPeaks.BoundarySink picked = sink(boundaries);
        windows.finish((modelSample, probability) -> peaks.accept(probability, picked));
        peaks.finish(picked);
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
        return windows.streamIndexOf(modelSample);
    }

    /** Writes the windows back into the state this stream runs on; the peak picker works on it. */
    public void save() {
        windows.save();
    }

    private StreamingPeaks.BoundarySink sink(BoundarySink boundaries) {
        return modelSample -> boundaries.accept(modelSample, streamIndexOf(modelSample));
    }
}
