package org.medstream.model.leads;

import java.util.Arrays;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.lmu.streaming.StreamState;
import org.medstream.model.lmu.streaming.StreamingLmuNetwork;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.StreamingResampler;

/**
 * Runs a one-lead streaming model over one lead of a stream, sample by sample: resamples the lead
 * to the model's rate when the stream's rate differs, steps the network and passes on the most
 * likely class of every model sample, in order. Model sample n is the n-th resampler output after
 * its start-up outputs; the network labels it Δ samples later.
 *
 * <p>A labeller is built for one call from its {@link LeadLabellerState}, and {@link #save()}
 * writes it back, so that operators keep only the state between chunks. {@link
 * #streamIndexOf(long)} maps a model sample back to the stream's sample index through the
 * resampler's fractional input index, rounded to the nearest sample.
 */
public final class LeadLabeller {
    /** Receives the network's outputs for one model sample. */
    @FunctionalInterface
    public interface OutputSink {
        /**
         * Takes the logits of the next model sample; the array is reused for the next sample, so
         * read it before returning.
         */
        void accept(float[] logits);
    }

    private final LeadLabellerState state;
    private final StreamingLmuNetwork network;
    private final StreamState networkState;
    private final StreamingResampler resampler;
    private final long skippedOutputs;
    private final int delay;
    private final float[] frame = new float[1];
    private final float[] logits;

    /**
     * Continues from {@code state}.
     *
     * @param model a model with one input lead
     * @param filter the filter from the stream's rate to the model's, or null when they are equal
     */
    public LeadLabeller(StreamingLmuModel model, ResamplingFilter filter, LeadLabellerState state) {
        this.state = state;
        this.network = model.network();
        if (network.leads() != 1) {
            throw new IllegalArgumentException(
                    "A lead labeller runs one-lead models; model "
                            + model.metadata().model()
                            + " has "
                            + network.leads()
                            + " leads");
        }
        this.networkState = network.newState();
        if (state.network != null) {
            networkState.fromArray(state.network, state.networkSamples);
        }
        if (filter == null) {
            resampler = null;
            skippedOutputs = 0;
        } else {
            resampler = filter.newStream();
            if (state.resamplerInputs != null) {
                resampler.restore(
                        new StreamingResampler.Snapshot(
                                state.resamplerInputs,
                                state.resamplerInputCount,
                                state.resamplerOutputCount));
            }
            skippedOutputs = filter.startUpOutputs();
        }
        this.delay = model.metadata().delaySamples();
        this.logits = new float[network.outputs()];
    }

    /** Returns a new state for a stream at {@code samplingFrequencyHz}, before its first sample. */
    public static LeadLabellerState newState(double samplingFrequencyHz) {
        LeadLabellerState state = new LeadLabellerState();
        state.samplingFrequencyHz = samplingFrequencyHz;
        return state;
    }

    /**
     * Feeds stream samples, which must be finite, and passes the outputs of every model sample they
     * complete to {@code outputs}.
     *
     * @param firstSampleIndex stream sample index of {@code input[0]}; only the first call's value
     *     is kept, later calls continue from it
     */
    public void feed(double[] input, long firstSampleIndex, OutputSink outputs) {
        if (input.length == 0) {
            return;
        }
        if (!state.started) {
            state.started = true;
            state.firstSampleIndex = firstSampleIndex;
        }
        // Count the samples first: the events they complete may lie anywhere up to the last of
        // them.
        state.inputSamples += input.length;
        state.lastInput = input[input.length - 1];
        resample(input, Long.MAX_VALUE, outputs);
    }

    /**
     * Ends the stream: flushes the resampler with copies of the last sample (dropping outputs past
     * it) and pads the network with Δ copies of its last input, so that every model sample fed gets
     * a label.
     */
    public void finish(OutputSink outputs) {
        if (!state.started) {
            return;
        }
        if (resampler != null) {
            double[] padding = new double[resampler.filter().delayInputSamples()];
            Arrays.fill(padding, state.lastInput);
            resample(padding, state.inputSamples - 1, outputs);
        }
        long modelSamples = networkState.samples();
        for (int i = 0; i < delay; i++) {
            long labelled = networkState.samples() - delay;
            frame[0] = state.lastModelInput;
            network.step(networkState, frame, logits);
            if (labelled >= 0 && labelled < modelSamples) {
                outputs.accept(logits);
            }
        }
    }

    /** Returns the most likely class of {@code logits}, as the network ranks them. */
    public int mostLikely(float[] logits) {
        return network.mostLikely(logits, 0);
    }

    /**
     * Returns the stream sample index of model sample {@code modelSample}, clamped to the samples
     * fed so far.
     */
    public long streamIndexOf(long modelSample) {
        long index;
        if (resampler == null) {
            index = modelSample;
        } else {
            double inputIndex = resampler.inputIndexOf(modelSample + skippedOutputs);
            index = (long) Math.floor(inputIndex + 0.5);
        }
        long lastFed = Math.max(0, state.inputSamples - 1);
        return state.firstSampleIndex + Math.max(0, Math.min(lastFed, index));
    }

    /** Writes the network's and the resampler's state back into the state this labeller runs on. */
    public void save() {
        state.network = networkState.toArray();
        state.networkSamples = networkState.samples();
        if (resampler != null) {
            StreamingResampler.Snapshot snapshot = resampler.snapshot();
            state.resamplerInputs = snapshot.recentInputs();
            state.resamplerInputCount = snapshot.inputCount();
            state.resamplerOutputCount = snapshot.outputCount();
        }
    }

    /**
     * Feeds stream samples through the resampler; outputs past input {@code lastInput} are dropped.
     */
    private void resample(double[] input, long lastInput, OutputSink outputs) {
        if (resampler == null) {
            for (double value : input) {
                step((float) value, outputs);
            }
            return;
        }
        long firstOutput = resampler.outputCount();
        double[] output = resampler.process(input);
        for (int i = 0; i < output.length; i++) {
            long n = firstOutput + i;
            if (n < skippedOutputs) {
                continue;
            }
            if (resampler.inputIndexOf(n) > lastInput) {
                break;
            }
            step((float) output[i], outputs);
        }
    }

    private void step(float value, OutputSink outputs) {
        frame[0] = value;
        state.lastModelInput = value;
        long labelled = networkState.samples() - delay;
        network.step(networkState, frame, logits);
        if (labelled >= 0) {
            outputs.accept(logits);
        }
    }
}
