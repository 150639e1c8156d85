package org.medstream.model.windows;

/**
 * Cuts a stream of frames into overlapping windows for a model that labels whole windows, such as
 * MedTsLLM, and marks which samples of each window are final. Once W frames have arrived, and then
 * every S frames, the window of the last W frames runs.
 *
 * <p>Stitching: consecutive windows overlap by W − S samples. A sample takes its output from the
 * window in which it lies farthest from an edge: each window contributes its middle S samples, from
 * M = (W − S) / 2 to W − M, the first window also its first M samples. At the end of the stream one
 * more window, ending at the last sample, covers the samples still without output; a stream shorter
 * than W is padded with its last frame. So a sample's output comes W − M samples after it at most,
 * once the first window has run (W − 1 for the first window's samples).
 *
 * <p>The tiler keeps the last W frames, whatever the length of the stream; {@link #recentFrames()}
 * and {@link #restore} copy them for a checkpoint. Not thread-safe; keep one per stream.
 */
public final class WindowTiler {

    /** Runs one window of the tiler. */
    @FunctionalInterface
    public interface WindowRunner {
        /**
         * Runs the window of W frames from {@code start}, read with {@link #window}; its outputs
         * for the samples from {@code from} to {@code to} (exclusive) are final.
         */
        void run(long start, long from, long to);
    }

    private final int window;
    private final int step;
    private final int margin;
    private final int channels;

    /** The last W frames, frame of sample s at (s mod W) · C. */
    private final float[] recentFrames;

    private long samples;

    /**
     * Creates a tiler for frames of {@code channels} values.
     *
     * @param window samples per window, W
     * @param step samples between the starts of consecutive windows, S, at most W, with W − S even
     * @throws IllegalArgumentException when the window and step do not fit these rules
     */
    public WindowTiler(int window, int step, int channels) {
        if (window < 1 || step < 1 || step > window || (window - step) % 2 != 0) {
            throw new IllegalArgumentException(
                    "Invalid window "
                            + window
                            + " and step "
                            + step
                            + "; expected 1 <= step <= window with window - step even");
        }
        if (channels < 1) {
            throw new IllegalArgumentException(
                    "A window tiler needs at least 1 channel, got " + channels);
        }
        this.window = window;
        this.step = step;
        this.margin = (window - step) / 2;
        this.channels = channels;
        this.recentFrames = new float[window * channels];
    }

    /** Samples from a sample to its output at most, once the first window has run: W − M. */
    public static int delaySamples(int window, int step) {
        return window - (window - step) / 2;
    }

    /** Samples per window, W. */
    public int windowLength() {
        return window;
    }

    /**
     * Takes the next frame and runs the window it completes, if any.
     *
     * @param frame one value per channel
     */
    public void accept(float[] frame, WindowRunner runner) {
        System.arraycopy(frame, 0, recentFrames, slot(samples), channels);
        samples++;
        if (samples >= window && (samples - window) % step == 0) {
            long start = samples - window;
            long from = start == 0 ? 0 : start + margin;
            runner.run(start, from, start + window - margin);
        }
    }

    /**
     * Ends the stream: runs one more window ending at the last sample when samples are still
     * without output. Nothing is fed afterwards.
     */
    public void finish(WindowRunner runner) {
        if (samples == 0) {
            return;
        }
        long outputEnd = outputEnd();
        if (outputEnd < samples) {
            if (samples < window) {
                padToWindow();
            }
            runner.run(Math.max(0, samples - window), outputEnd, samples);
        }
    }

    /**
     * Returns the values of one channel in the window of W samples from {@code start}, which must
     * be a window the tiler is running.
     */
    public float[] window(long start, int channel) {
        float[] values = new float[window];
        for (int i = 0; i < window; i++) {
            values[i] = recentFrames[slot(start + i) + channel];
        }
        return values;
    }

    /** Number of frames taken. */
    public long samples() {
        return samples;
    }

    /** Returns a copy of the last W frames, for a checkpoint. */
    public float[] recentFrames() {
        return recentFrames.clone();
    }

    /**
     * Continues from a checkpoint of a tiler of the same shape.
     *
     * @throws IllegalArgumentException when {@code frames} has another length
     */
    public void restore(long samplesTaken, float[] frames) {
        if (frames.length != recentFrames.length) {
            throw new IllegalArgumentException(
                    "Checkpoint of "
                            + frames.length
                            + " recent values does not fit a tiler of "
                            + window
                            + " frames of "
                            + channels
                            + " values; was it taken with another model?");
        }
        samples = samplesTaken;
        System.arraycopy(frames, 0, recentFrames, 0, recentFrames.length);
    }

    /** First sample without output: the end of the middle part of the last window run. */
    private long outputEnd() {
        if (samples < window) {
            return 0;
        }
        long lastStart = (samples - window) / step * step;
        return lastStart + window - margin;
    }

    /**
     * Fills the frames after the last one up to W with copies of it, so that a stream shorter than
     * one window can run. Only {@link #finish} calls this; the samples count stays.
     */
    private void padToWindow() {
        int last = slot(samples - 1);
        for (long s = samples; s < window; s++) {
            System.arraycopy(recentFrames, last, recentFrames, slot(s), channels);
        }
    }

    private int slot(long sample) {
        return (int) (sample % window) * channels;
    }
}
