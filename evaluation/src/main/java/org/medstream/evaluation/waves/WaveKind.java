package org.medstream.evaluation.waves;

import java.util.Optional;
import org.medstream.ingest.wfdb.AnnotationCode;

/** The ECG waves that delineation marks, with the WFDB peak code LUDB uses for each. */
public enum WaveKind {
    P(AnnotationCode.PWAVE),
    QRS(AnnotationCode.NORMAL),
    T(AnnotationCode.TWAVE);

    private final AnnotationCode peakCode;

    WaveKind(AnnotationCode peakCode) {
        this.peakCode = peakCode;
    }

    public AnnotationCode peakCode() {
        return peakCode;
    }

    /** Returns the kind whose peak is marked with {@code code}, if any. */
    public static Optional<WaveKind> ofPeak(AnnotationCode code) {
        for (WaveKind kind : values()) {
            if (kind.peakCode.equals(code)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
