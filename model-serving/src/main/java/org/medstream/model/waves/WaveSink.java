package org.medstream.model.waves;

import org.medstream.evaluation.waves.Wave;

/**
 * Receives the waves a delineator completes, with the model lead each belongs to, and optionally
 * the most likely class of every sample it labels.
 */
@FunctionalInterface
public interface WaveSink {
    /**
     * Takes one wave.
     *
     * @param lead index of the lead in the model's lead order
     * @param wave the wave, as sample indices of the stream
     */
    void accept(int lead, Wave wave);

    /**
     * Takes the most likely class of one sample of one lead, before the wave assembler sees it.
     * Samples of a lead come in order from 0; ignored unless overridden.
     *
     * @param lead index of the lead in the model's lead order
     * @param sample index of the sample, as in {@link #accept}
     * @param label class index: 0 none, 1 P, 2 QRS, 3 T
     */
    default void label(int lead, long sample, int label) {}
}
