package org.medstream.model.serve.inference;

import java.util.List;
import org.medstream.evaluation.waves.Wave;
import org.medstream.model.waves.WaveAssembler;
import org.medstream.model.waves.WaveRules;

/**
 * Turns one lead's most likely wave class per sample (0 none, 1 P, 2 QRS, 3 T) into the label runs
 * and wave events of a window result: a {@link LabelRunEncoder} for the runs and a {@link
 * WaveAssembler} under {@link WaveRules#DEFAULT} for the waves. Every wave model family feeds its
 * labels through this class, so their results are assembled the same way. Not thread-safe.
 */
public final class WaveLeadOutput {
    private final String lead;
    private final WindowResultBuilder result;
    private final WaveAssembler assembler;
    private final LabelRunEncoder encoder;

    /**
     * Creates the output of {@code lead} (the name the request gave it) at the window's sampling
     * frequency, writing into {@code result}.
     *
     * @param classes the model's class names, in output order, for the runs' labels
     */
    public WaveLeadOutput(
            String lead,
            List<String> classes,
            double samplingFrequencyHz,
            WindowResultBuilder result) {
        this.lead = lead;
        this.result = result;
        this.assembler = new WaveAssembler(WaveRules.DEFAULT, samplingFrequencyHz);
        this.encoder =
                new LabelRunEncoder(
                        (label, start, end) -> result.run(lead, classes.get(label), start, end));
    }

    /**
     * Takes the class of the next sample and its signal value.
     *
     * @param sample index of the sample in the window; samples come in order from 0
     */
    public void accept(long sample, int label, float value) {
        encoder.accept(label);
        assembler.accept(sample, label, value, this::add);
    }

    /** Reports the run and the wave in progress at the window's end. */
    public void finish() {
        encoder.finish();
        assembler.finish(this::add);
    }

    private void add(Wave wave) {
        result.event(
                Event.wave(lead, wave.kind().name(), wave.onset(), wave.peak(), wave.offset()));
    }
}
