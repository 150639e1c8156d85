package org.medstream.model.resample;

import java.util.Arrays;

/**
 * Resampler state of one stream and one channel: the last 2K + 1 input samples and two counters.
 * Chunks of any length go in and the output samples they complete come out, so the concatenated
 * output is the same, bit for bit, for every split of the input, and equals {@link
 * ResamplingFilter#resample(double[])} over the whole input.
 *
 * <p>Output n is emitted as soon as input sample floor(n · M / L) arrives. It refers to the input
 * at fractional index {@link ResamplingFilter#inputIndexOf(long)}, which lies {@link
 * #delayMillis()} before that output's own time n / f_out.
 *
 * <p>A NaN or infinite input sample makes every output whose history contains it NaN or infinite:
 * the outputs emitted while that sample and the next 2K arrive. The filter has no feedback, so the
 * output after that is exactly what it would have been without the bad sample in the history.
 *
 * <p>Not thread-safe; keep one instance per stream and channel.
 */
public final class StreamingResampler {
    private final ResamplingFilter filter;
    private final int up;
    private final int down;
    private final int length;

    /**
     * The last 2K + 1 inputs stored twice, so that history[newest + m] is the input m samples
     * before the newest one for every m in 0..2K without wrapping.
     */
    private final double[] history;

    private int newest;
    private long inputCount;
    private long outputCount;

    StreamingResampler(ResamplingFilter filter) {
        this.filter = filter;
        this.up = filter.ratio().up();
        this.down = filter.ratio().down();
        this.length = filter.tapsPerPhase();
        this.history = new double[2 * length];
    }

    /** Feeds a chunk and returns the output samples it completes, possibly none. */
    public double[] process(double[] chunk) {
        return process(chunk, 0, chunk.length);
    }

    /**
     * Feeds chunk[offset .. offset + count) and returns the output samples it completes, possibly
     * none.
     *
     * @throws IndexOutOfBoundsException if the range lies outside the chunk
     */
    public double[] process(double[] chunk, int offset, int count) {
        if (offset < 0 || count < 0 || offset > chunk.length - count) {
            throw new IndexOutOfBoundsException(
                    "Range offset="
                            + offset
                            + ", count="
                            + count
                            + " is outside a chunk of "
                            + chunk.length
                            + " samples");
        }
        long completed = filter.outputCountAfter(inputCount + count);
        double[] output = new double[(int) (completed - outputCount)];
        int written = 0;

        for (int i = 0; i < count; i++) {
            push(chunk[offset + i]);
            long current = inputCount - 1;

            // Every output whose newest input is the sample just pushed; with L > M one input
            // completes several outputs.
            while (outputCount < completed) {
                long position = outputCount * down;
                if (position / up != current) {
                    break;
                }
                output[written] = filterAt((int) (position % up));
                written++;
                outputCount++;
            }
        }
        return output;
    }

    /** Clears the history and both counters, as for a new stream. */
    public void reset() {
        Arrays.fill(history, 0.0);
        newest = 0;
        inputCount = 0;
        outputCount = 0;
    }

    /**
     * Returns the state of this resampler for a checkpoint: the last 2K + 1 inputs, newest first,
     * and both counters. The snapshot shares no array with the resampler.
     */
    public Snapshot snapshot() {
        double[] recentInputs = Arrays.copyOfRange(history, newest, newest + length);
        return new Snapshot(recentInputs, inputCount, outputCount);
    }

    /**
     * Continues from a snapshot taken of a resampler with the same filter, so that the output from
     * here on equals, bit for bit, that of the resampler the snapshot was taken of.
     *
     * @throws IllegalArgumentException when the snapshot's history length differs from this
     *     filter's 2K + 1 taps per phase, or its counters are negative or do not fit each other
     */
    public void restore(Snapshot snapshot) {
        if (snapshot.recentInputs().length != length) {
            throw new IllegalArgumentException(
                    "Resampler snapshot has "
                            + snapshot.recentInputs().length
                            + " recent inputs, the filter from "
                            + rates()
                            + " needs "
                            + length
                            + "; was it taken at other rates?");
        }
        if (snapshot.inputCount() < 0
                || snapshot.outputCount() != filter.outputCountAfter(snapshot.inputCount())) {
            throw new IllegalArgumentException(
                    "Resampler snapshot has inputCount "
                            + snapshot.inputCount()
                            + " and outputCount "
                            + snapshot.outputCount()
                            + ", but the filter from "
                            + rates()
                            + " gives "
                            + (snapshot.inputCount() < 0
                                    ? "no outputs for a negative input count"
                                    : filter.outputCountAfter(snapshot.inputCount())
                                            + " outputs after that many inputs"));
        }
        newest = 0;
        System.arraycopy(snapshot.recentInputs(), 0, history, 0, length);
        System.arraycopy(snapshot.recentInputs(), 0, history, length, length);
        inputCount = snapshot.inputCount();
        outputCount = snapshot.outputCount();
    }

    /**
     * State of a resampler as plain values.
     *
     * @param recentInputs the last 2K + 1 input samples, newest first; zeros before the first input
     * @param inputCount input samples fed
     * @param outputCount output samples returned
     */
    public record Snapshot(double[] recentInputs, long inputCount, long outputCount) {}

    /** Number of input samples fed since creation or the last reset. */
    public long inputCount() {
        return inputCount;
    }

    /** Number of output samples returned since creation or the last reset; the next one's index. */
    public long outputCount() {
        return outputCount;
    }

    /** Group delay in output samples; see {@link ResamplingFilter#delayOutputSamples()}. */
    public double delaySamples() {
        return filter.delayOutputSamples();
    }

    /** Group delay in milliseconds; see {@link ResamplingFilter#delayMillis()}. */
    public double delayMillis() {
        return filter.delayMillis();
    }

    /**
     * Fractional input index that output n refers to; see {@link ResamplingFilter#inputIndexOf}.
     */
    public double inputIndexOf(long outputIndex) {
        return filter.inputIndexOf(outputIndex);
    }

    /** Filter this stream runs, shared with other streams at the same rates. */
    public ResamplingFilter filter() {
        return filter;
    }

    private String rates() {
        return filter.ratio().inputHz() + " Hz to " + filter.ratio().outputHz() + " Hz";
    }

    private void push(double sample) {
        newest = newest == 0 ? length - 1 : newest - 1;
        history[newest] = sample;
        history[newest + length] = sample;
        inputCount++;
    }

    private double filterAt(int phaseIndex) {
        double[] phase = filter.phase(phaseIndex);
        double sum = 0.0;
        for (int m = 0; m < length; m++) {
            sum += phase[m] * history[newest + m];
        }
        return sum;
    }
}
