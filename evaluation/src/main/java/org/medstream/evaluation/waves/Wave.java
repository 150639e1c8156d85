package org.medstream.evaluation.waves;

import java.util.Objects;

/**
 * One delineated wave of one lead, as sample indices.
 *
 * @param kind P, QRS or T
 * @param onset first sample of the wave
 * @param peak sample of the peak
 * @param offset last sample of the wave
 */
public record Wave(WaveKind kind, long onset, long peak, long offset) {
    public Wave {
        Objects.requireNonNull(kind, "kind");
        if (onset > peak || peak > offset) {
            throw new IllegalArgumentException(
                    kind
                            + " wave needs onset <= peak <= offset, got "
                            + onset
                            + ", "
                            + peak
                            + ", "
                            + offset);
        }
    }

    /** Returns the sample of one fiducial point of this wave. */
    public long sample(Fiducial fiducial) {
        return fiducial.isOnset() ? onset : offset;
    }
}
