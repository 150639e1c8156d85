package org.medstream.model.waves;

import java.util.ArrayList;
import java.util.List;
import org.medstream.model.lmu.streaming.StreamState;
import org.medstream.model.lmu.streaming.StreamingLmuNetwork;

/**
 * Delineates the leads of one stream as their samples arrive. It steps the streaming segmentation
 * network with one frame (a sample of every lead) at a time, takes the most likely class of each
 * lead's output, and assembles each lead's labels into waves.
 *
 * <p>The output at input t labels the sample t − Δ, so the delineator keeps the last Δ + 1 frames
 * to give the assemblers the value of the labelled sample. Leads the stream does not have are fed
 * as zeros, as in training, and get no waves. The memory is fixed by the network and Δ, whatever
 * the length of the stream. Not thread-safe; keep one per stream.
 */
public final class StreamingDelineator implements Delineator {
    private final StreamingLmuNetwork network;
    private final int leads;
    private final int delaySamples;
    private final boolean[] present;
    private final StreamState state;
    private final WaveAssembler[] assemblers;
    private final float[] logits;

    /** Frames of the last Δ + 1 samples, frame of sample s at (s mod (Δ + 1)) · L. */
    private final float[] recentFrames;

    /**
     * Creates a delineator for a stream sampled at the rate the network was trained for.
     *
     * @param delaySamples the model's algorithmic delay Δ in samples
     * @param present for each model lead, whether the stream has it
     */
    public StreamingDelineator(
            StreamingLmuNetwork network,
            int delaySamples,
            WaveRules rules,
            double samplingFrequencyHz,
            boolean[] present) {
        if (delaySamples < 0) {
            throw new IllegalArgumentException(
                    "Invalid delay " + delaySamples + " samples; expected 0 or more");
        }
        if (present.length != network.leads()) {
            throw new IllegalArgumentException(
                    "The model takes "
                            + network.leads()
                            + " leads, the presence mask has "
                            + present.length);
        }
        this.network = network;
        this.leads = network.leads();
        this.delaySamples = delaySamples;
        this.present = present.clone();
        this.state = network.newState();
        this.assemblers = new WaveAssembler[leads];
        for (int lead = 0; lead < leads; lead++) {
            assemblers[lead] = new WaveAssembler(rules, samplingFrequencyHz);
        }
        this.logits = new float[network.outputs()];
        this.recentFrames = new float[(delaySamples + 1) * leads];
    }

    @Override
    public void accept(float[] frame, WaveSink waves) {
        long sample = state.samples();
        int slot = slot(sample);
        for (int lead = 0; lead < leads; lead++) {
            recentFrames[slot + lead] = present[lead] ? frame[lead] : 0f;
        }
        network.step(state, recentFrames, slot, logits);
        label(sample - delaySamples, waves);
    }

    /**
     * Ends the stream: feeds Δ copies of the last frame so that every sample gets a label, then
     * emits the waves still held back. The delineator must not be used afterwards.
     */
    @Override
    public void finish(WaveSink waves) {
        long samples = state.samples();
        if (samples > 0) {
            int last = slot(samples - 1);
            float[] padding = new float[leads];
            System.arraycopy(recentFrames, last, padding, 0, leads);
            for (int i = 0; i < delaySamples; i++) {
                long labelled = state.samples() - delaySamples;
                network.step(state, padding, 0, logits);
                if (labelled < samples) {
                    label(labelled, waves);
                }
            }
        }
        for (int lead = 0; lead < leads; lead++) {
            int index = lead;
            assemblers[lead].finish(wave -> waves.accept(index, wave));
        }
    }

    @Override
    public long samples() {
        return state.samples();
    }

    @Override
    public DelineatorSnapshot snapshot() {
        List<WaveAssembler.State> assemblerStates = new ArrayList<>();
        for (WaveAssembler assembler : assemblers) {
            assemblerStates.add(assembler.state());
        }
        return new DelineatorSnapshot(
                state.toArray(), state.samples(), recentFrames.clone(), assemblerStates);
    }

    @Override
    public void restore(DelineatorSnapshot snapshot) {
        if (snapshot.recentFrames().length != recentFrames.length
                || snapshot.assemblers().size() != assemblers.length) {
            throw new IllegalArgumentException(
                    "Snapshot of "
                            + snapshot.assemblers().size()
                            + " leads and "
                            + snapshot.recentFrames().length
                            + " recent values does not fit this model ("
                            + leads
                            + " leads, "
                            + recentFrames.length
                            + " recent values); was it taken with another model?");
        }
        state.fromArray(snapshot.network(), snapshot.samples());
        System.arraycopy(snapshot.recentFrames(), 0, recentFrames, 0, recentFrames.length);
        for (int lead = 0; lead < leads; lead++) {
            assemblers[lead].restore(snapshot.assemblers().get(lead));
        }
    }

    private int slot(long sample) {
        return (int) (sample % (delaySamples + 1)) * leads;
    }

    private void label(long labelled, WaveSink waves) {
        if (labelled < 0) {
            return;
        }
        int slot = slot(labelled);
        for (int lead = 0; lead < leads; lead++) {
            if (!present[lead]) {
                continue;
            }
            int index = lead;
            int label = network.mostLikely(logits, lead);
            waves.label(lead, labelled, label);
            assemblers[lead].accept(
                    labelled, label, recentFrames[slot + lead], wave -> waves.accept(index, wave));
        }
    }
}
