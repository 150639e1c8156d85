package org.medstream.model.serve.inference;

import java.util.List;
import org.medstream.evaluation.waves.Wave;
import org.medstream.model.waves.ResampledDelineation;
import org.medstream.model.waves.WaveSink;

/**
 * Writes the labels and waves of a wave model's delineation of one window into a window result:
 * each lead's labels (0 none, 1 P, 2 QRS, 3 T) as runs through a {@link LabelRunEncoder}, and each
 * wave as an event. Every wave model family delineates through a {@link ResampledDelineation} that
 * reports into this sink, so their results are assembled and mapped to the window's samples the
 * same way. Not thread-safe.
 */
public final class WaveWindowOutput implements WaveSink {
    private final List<String> leadNames;
    private final WindowResultBuilder result;
    private final LabelRunEncoder[] encoders;
    private final long[] nextSample;

    /**
     * Creates the output of a delineation whose lead i the request named {@code leadNames.get(i)},
     * writing into {@code result}.
     *
     * @param leadNames per delineator lead, the window's name for it, or null for a lead the window
     *     lacks
     * @param classes the model's class names, in output order, for the runs' labels
     */
    public WaveWindowOutput(
            List<String> leadNames, List<String> classes, WindowResultBuilder result) {
        this.leadNames = leadNames;
        this.result = result;
        this.encoders = new LabelRunEncoder[leadNames.size()];
        this.nextSample = new long[leadNames.size()];
        for (int lead = 0; lead < encoders.length; lead++) {
            String name = leadNames.get(lead);
            if (name != null) {
                encoders[lead] =
                        new LabelRunEncoder(
                                (label, start, end) ->
                                        result.run(name, classes.get(label), start, end));
            }
        }
    }

    /**
     * Takes the label of the next window sample of a lead.
     *
     * @throws IllegalStateException when the sample is not the lead's next one, which would break
     *     the runs
     */
    @Override
    public void label(int lead, long sample, int label) {
        if (encoders[lead] == null) {
            return;
        }
        if (sample != nextSample[lead]) {
            throw new IllegalStateException(
                    "Label of sample "
                            + sample
                            + " of lead "
                            + leadNames.get(lead)
                            + " arrived, expected sample "
                            + nextSample[lead]);
        }
        nextSample[lead]++;
        encoders[lead].accept(label);
    }

    @Override
    public void accept(int lead, Wave wave) {
        String name = leadNames.get(lead);
        if (name != null) {
            result.event(
                    Event.wave(name, wave.kind().name(), wave.onset(), wave.peak(), wave.offset()));
        }
    }

    /** Reports each lead's run in progress at the window's end. */
    public void finish() {
        for (LabelRunEncoder encoder : encoders) {
            if (encoder != null) {
                encoder.finish();
            }
        }
    }
}
