package org.medstream.model.serve.medtsllm;

import org.medstream.model.waves.Delineator;
import org.medstream.model.waves.DelineatorSnapshot;
import org.medstream.model.waves.WaveAssembler;
import org.medstream.model.waves.WaveRules;
import org.medstream.model.waves.WaveSink;

/**
 * A delineator over labels computed beforehand for one whole window at the model's rate: frame w
 * reports each lead's label of sample w and feeds it, with the frame's value, to the lead's wave
 * assembler. The MedTsLLM predictor labels the windows of a batch together and then runs each
 * window's labels through a {@code ResampledDelineation} with this class, which maps them to the
 * window's rate. Used once per window; it has no checkpoint.
 */
final class LabelReplay implements Delineator {
    private final int[][] labels;
    private final WaveAssembler[] assemblers;
    private long samples;

    /**
     * @param labels per lead, the label of every model-rate sample of the window
     * @param modelHz the model's sampling frequency, which the wave rules' durations refer to
     */
    LabelReplay(int[][] labels, double modelHz) {
        this.labels = labels;
        this.assemblers = new WaveAssembler[labels.length];
        for (int lead = 0; lead < labels.length; lead++) {
            assemblers[lead] = new WaveAssembler(WaveRules.DEFAULT, modelHz);
        }
    }

    @Override
    public void accept(float[] frame, WaveSink waves) {
        // Counted before reporting, as the other delineators count a frame before labelling it.
        long sample = samples++;
        for (int lead = 0; lead < labels.length; lead++) {
            if (sample >= labels[lead].length) {
                throw new IllegalStateException(
                        "Frame "
                                + sample
                                + " is past the "
                                + labels[lead].length
                                + " labelled model samples of the window");
            }
            int label = labels[lead][(int) sample];
            int index = lead;
            waves.label(lead, sample, label);
            assemblers[lead].accept(sample, label, frame[lead], wave -> waves.accept(index, wave));
        }
    }

    @Override
    public void finish(WaveSink waves) {
        for (int lead = 0; lead < labels.length; lead++) {
            int index = lead;
            assemblers[lead].finish(wave -> waves.accept(index, wave));
        }
    }

    @Override
    public long samples() {
        return samples;
    }

    @Override
    public DelineatorSnapshot snapshot() {
        throw new UnsupportedOperationException("A label replay has no checkpoint");
    }

    @Override
    public void restore(DelineatorSnapshot snapshot) {
        throw new UnsupportedOperationException("A label replay has no checkpoint");
    }
}
