package org.medstream.model.resample;

import java.util.Arrays;

/**
 * Brings the channels of one stream segment to a model's rate, frame by frame: one {@link
 * StreamingResampler} per channel, all of the same filter, so their outputs line up into frames of
 * one value per channel. At the model's own rate (a null filter) the samples pass unchanged.
 *
 * <p>Frame w is resampler output n = w + n0, where n0 is the number of start-up outputs that refer
 * to input indices before the segment's first sample; they are never passed on. Output n refers to
 * the fractional input index {@link ResamplingFilter#inputIndexOf(long)} = n · M / L − K, which
 * already takes out the filter's group delay K. {@link #segmentIndexOf} rounds that index to the
 * nearest segment sample (halves up) and clamps it to the samples fed.
 *
 * <p>NOTE: the filter history of the first outputs still contains the zeros before the segment's
 * first sample, so a resampled segment starts with a smoothed step from 0 over about K input
 * samples.
 *
 * <p>Not thread-safe; keep one per stream segment.
 */
public final class ResampledFrames {

    /** Receives frames at the model's rate. */
    @FunctionalInterface
    public interface FrameSink {
        /** Takes the next frame, one value per channel; the array is reused afterwards. */
        void accept(float[] frame);
    }

    private final StreamingResampler[] resamplers;
    private final float[] frame;

    /** Resampler outputs skipped at the segment start, n0 above; 0 without resamplers. */
    private final long skippedOutputs;

    /** Samples fed without a resampler; with one, its input count is used instead. */
    private long directSamples;

    /** Segment samples fed before {@link #finish} started padding; −1 until then. */
    private long samplesBeforeFinish = -1;

    /**
     * Creates the frames of a segment not fed yet.
     *
     * @param filter the filter from the segment's rate to the model's, or null when the two are
     *     equal
     */
    public ResampledFrames(ResamplingFilter filter, int channels) {
        this.resamplers = new StreamingResampler[channels];
        if (filter != null) {
            for (int c = 0; c < channels; c++) {
                resamplers[c] = filter.newStream();
            }
        }
        this.frame = new float[channels];
        this.skippedOutputs = filter == null ? 0 : filter.startUpOutputs();
    }

    /** Returns whether the channels are resampled, that is whether the rates differ. */
    public boolean resampled() {
        return filter() != null;
    }

    /** Returns the filter to the model's rate, or null without resampling. */
    public ResamplingFilter filter() {
        return resamplers.length == 0 || resamplers[0] == null ? null : resamplers[0].filter();
    }

    /** Resampler outputs left out at the segment start, n0. */
    public long skippedOutputs() {
        return skippedOutputs;
    }

    /**
     * Continues from a checkpoint of frames with the same filter and channels.
     *
     * @param resamplerStates per channel, its resampler's state; ignored without a filter
     * @param samplesFed segment samples fed; used without a filter, where no resampler counts them
     */
    public void restore(StreamingResampler.Snapshot[] resamplerStates, long samplesFed) {
        if (resampled()) {
            for (int c = 0; c < resamplers.length; c++) {
                resamplers[c].restore(resamplerStates[c]);
            }
        } else {
            directSamples = samplesFed;
        }
    }

    /**
     * Returns, per channel, its resampler's state for a checkpoint, with null entries when no
     * resampler runs.
     */
    public StreamingResampler.Snapshot[] snapshots() {
        StreamingResampler.Snapshot[] states = new StreamingResampler.Snapshot[resamplers.length];
        for (int c = 0; c < resamplers.length; c++) {
            states[c] = resamplers[c] == null ? null : resamplers[c].snapshot();
        }
        return states;
    }

    /**
     * Feeds the next {@code count} samples of every channel, which must be finite, and passes the
     * frames they complete to {@code frames}.
     *
     * @param samples per channel, samples[channel][0 .. count)
     */
    public void accept(double[][] samples, int count, FrameSink frames) {
        double[][] inputs = new double[samples.length][];
        for (int c = 0; c < samples.length; c++) {
            inputs[c] = count == samples[c].length ? samples[c] : Arrays.copyOf(samples[c], count);
        }
        if (!resampled()) {
            directSamples += count;
            feed(inputs, 0, Long.MAX_VALUE, frames);
            return;
        }
        long firstOutput = resamplers[0].outputCount();
        feed(resample(inputs), firstOutput, Long.MAX_VALUE, frames);
    }

    /**
     * Ends the segment: flushes the resamplers' last K inputs by repeating each channel's last
     * value, and passes on the frames that refer to samples fed. Nothing is fed afterwards.
     */
    public void finish(FrameSink frames) {
        samplesBeforeFinish = inputSamples();
        if (!resampled() || resamplers[0].inputCount() == 0) {
            return;
        }
        long lastInput = resamplers[0].inputCount() - 1;
        int padding = resamplers[0].filter().delayInputSamples();
        double[][] inputs = new double[resamplers.length][padding];
        for (int c = 0; c < resamplers.length; c++) {
            Arrays.fill(inputs[c], resamplers[c].snapshot().recentInputs()[0]);
        }
        long firstOutput = resamplers[0].outputCount();
        feed(resample(inputs), firstOutput, lastInput, frames);
    }

    /** Number of segment samples fed, not counting the padding of finish. */
    public long inputSamples() {
        if (samplesBeforeFinish >= 0) {
            return samplesBeforeFinish;
        }
        return resampled() ? resamplers[0].inputCount() : directSamples;
    }

    /** Maps frame w to the nearest segment sample, as the class comment describes. */
    public long segmentIndexOf(long frameIndex) {
        long lastFed = Math.max(0, inputSamples() - 1);
        long segmentIndex;
        if (!resampled()) {
            segmentIndex = frameIndex;
        } else {
            double inputIndex = resamplers[0].inputIndexOf(frameIndex + skippedOutputs);
            segmentIndex = (long) Math.floor(inputIndex + 0.5);
        }
        return Math.max(0, Math.min(lastFed, segmentIndex));
    }

    private double[][] resample(double[][] inputs) {
        double[][] outputs = new double[inputs.length][];
        for (int c = 0; c < inputs.length; c++) {
            outputs[c] = resamplers[c].process(inputs[c]);
        }
        return outputs;
    }

    /**
     * Passes on frames of the given per-channel values. With resamplers, the values are outputs
     * firstOutput, firstOutput + 1, …, and the start-up outputs and those referring past input
     * {@code lastInput} are left out.
     */
    private void feed(double[][] values, long firstOutput, long lastInput, FrameSink frames) {
        int length = values.length == 0 ? 0 : values[0].length;
        boolean resampled = resampled();
        for (int s = 0; s < length; s++) {
            long n = firstOutput + s;
            if (resampled && n < skippedOutputs) {
                continue;
            }
            if (resampled && resamplers[0].inputIndexOf(n) > lastInput) {
                break;
            }
            for (int c = 0; c < values.length; c++) {
                frame[c] = (float) values[c][s];
            }
            frames.accept(frame);
        }
    }
}
