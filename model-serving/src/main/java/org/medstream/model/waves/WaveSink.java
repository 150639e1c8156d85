package org.medstream.model.waves;

import org.medstream.evaluation.waves.Wave;

/** Receives the waves a delineator completes, with the model lead each belongs to. */
@FunctionalInterface
public interface WaveSink {
    /**
     * Takes one wave.
     *
     * @param lead index of the lead in the model's lead order
     * @param wave the wave, as sample indices of the stream
     */
    void accept(int lead, Wave wave);
}
