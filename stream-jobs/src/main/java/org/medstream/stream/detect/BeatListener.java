package org.medstream.stream.detect;

/** Receives the beats a {@link BeatDetector} finds. */
@FunctionalInterface
public interface BeatListener {
    /**
     * Receives one beat.
     *
     * @param sampleIndex stream sample index of the fiducial point (R peak)
     * @param beatClass AAMI class N, S, V, F or Q; Q when the detector does not classify
     */
    void onBeat(long sampleIndex, char beatClass);
}
