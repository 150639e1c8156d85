package org.medstream.model.waves;

import java.util.function.Consumer;
import org.medstream.evaluation.waves.Wave;
import org.medstream.model.lmu.streaming.LeadState;
import org.medstream.model.lmu.streaming.StreamingLmuNetwork;

/**
 * Delineates one lead as its samples arrive: steps the streaming segmentation network, takes the
 * most likely class of each output, and assembles the labels into waves.
 *
 * <p>The output at input t labels the sample t − Δ, so the delineator keeps the last Δ + 1 input
 * values to give the assembler the value of the labelled sample. Its memory is fixed by the network
 * and Δ, whatever the length of the stream. Not thread-safe; keep one per lead.
 */
public final class StreamingDelineator {
    private final StreamingLmuNetwork network;
    private final int delaySamples;
    private final LeadState state;
    private final WaveAssembler assembler;
    private final float[] logits;

    /** Input values of the last Δ + 1 samples, indexed by sample modulo Δ + 1. */
    private final float[] recentValues;

    /**
     * Creates a delineator for a lead sampled at the rate the network was trained for.
     *
     * @param delaySamples the model's algorithmic delay Δ in samples
     */
    public StreamingDelineator(
            StreamingLmuNetwork network,
            int delaySamples,
            WaveRules rules,
            double samplingFrequencyHz) {
        if (delaySamples < 0) {
            throw new IllegalArgumentException(
                    "Delay must be 0 samples or more, got " + delaySamples);
        }
        this.network = network;
        this.delaySamples = delaySamples;
        this.state = network.newState();
        this.assembler = new WaveAssembler(rules, samplingFrequencyHz);
        this.logits = new float[network.classes()];
        this.recentValues = new float[delaySamples + 1];
    }

    /** Takes the next input sample; {@code waves} receives the waves it completes. */
    public void accept(float value, Consumer<Wave> waves) {
        long sample = state.samples();
        recentValues[(int) (sample % recentValues.length)] = value;
        network.step(state, value, logits);

        long labelled = sample - delaySamples;
        if (labelled >= 0) {
            float labelledValue = recentValues[(int) (labelled % recentValues.length)];
            assembler.accept(labelled, mostLikely(logits), labelledValue, waves);
        }
    }

    /**
     * Ends the stream: feeds Δ copies of the last sample so that every sample gets a label, then
     * emits the waves still held back. The delineator must not be used afterwards.
     */
    public void finish(Consumer<Wave> waves) {
        long samples = state.samples();
        if (samples > 0) {
            float last = recentValues[(int) ((samples - 1) % recentValues.length)];
            for (int i = 0; i < delaySamples; i++) {
                stepPadding(last, samples, waves);
            }
        }
        assembler.finish(waves);
    }

    /** Number of input samples taken. */
    public long samples() {
        return state.samples();
    }

    /** Returns everything the delineator remembers, for a checkpoint. */
    public Snapshot snapshot() {
        return new Snapshot(
                state.toArray(), state.samples(), recentValues.clone(), assembler.state());
    }

    /**
     * Continues from a snapshot taken of a delineator with the same model and rules.
     *
     * @throws IllegalArgumentException when the snapshot does not fit this delineator's model
     */
    public void restore(Snapshot snapshot) {
        if (snapshot.recentValues().length != recentValues.length) {
            throw new IllegalArgumentException(
                    "Snapshot keeps "
                            + snapshot.recentValues().length
                            + " recent samples, this model's delay needs "
                            + recentValues.length
                            + "; was it taken with another model?");
        }
        state.fromArray(snapshot.network(), snapshot.samples());
        System.arraycopy(snapshot.recentValues(), 0, recentValues, 0, recentValues.length);
        assembler.restore(snapshot.assembler());
    }

    /**
     * State of a delineator as plain values.
     *
     * @param network the network's lead state, as {@link LeadState#toArray()} gives it
     * @param samples input samples taken
     * @param recentValues the last Δ + 1 input values, indexed by sample modulo Δ + 1
     * @param assembler the wave assembler's state
     */
    public record Snapshot(
            double[] network, long samples, float[] recentValues, WaveAssembler.State assembler) {}

    private void stepPadding(float value, long realSamples, Consumer<Wave> waves) {
        long sample = state.samples();
        network.step(state, value, logits);
        long labelled = sample - delaySamples;
        if (labelled >= 0 && labelled < realSamples) {
            float labelledValue = recentValues[(int) (labelled % recentValues.length)];
            assembler.accept(labelled, mostLikely(logits), labelledValue, waves);
        }
    }

    private static int mostLikely(float[] logits) {
        int best = 0;
        for (int c = 1; c < logits.length; c++) {
            if (logits[c] > logits[best]) {
                best = c;
            }
        }
        return best;
    }
}
