package org.medstream.model.waves;

/**
 * Delineates the leads of one stream as frames (one sample of every model lead) arrive, and turns
 * each lead's labels into waves. Implementations differ in how they label: sample by sample with a
 * recurrent network, or window by window. Not thread-safe; keep one per stream.
 */
public interface Delineator {

    /**
     * Takes the next frame; {@code waves} receives the waves it completes.
     *
     * @param frame one value per model lead; values of absent leads are ignored
     */
    void accept(float[] frame, WaveSink waves);

    /**
     * Ends the stream: labels every sample still unlabelled and emits the waves still held back.
     * The delineator must not be used afterwards.
     */
    void finish(WaveSink waves);

    /** Number of frames taken. */
    long samples();

    /** Returns the delineator's state, for a checkpoint. */
    DelineatorSnapshot snapshot();

    /**
     * Continues from a snapshot taken of a delineator with the same model and rules.
     *
     * @throws IllegalArgumentException when the snapshot does not fit this delineator's model
     */
    void restore(DelineatorSnapshot snapshot);
}
