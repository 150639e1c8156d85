package org.medstream.evaluation.waves;

/** The points delineation is scored on: onset and offset of each wave kind. */
public enum Fiducial {
    P_ONSET(WaveKind.P, true),
    P_OFFSET(WaveKind.P, false),
    QRS_ONSET(WaveKind.QRS, true),
    QRS_OFFSET(WaveKind.QRS, false),
    T_ONSET(WaveKind.T, true),
    T_OFFSET(WaveKind.T, false);

    private final WaveKind kind;
    private final boolean onset;

    Fiducial(WaveKind kind, boolean onset) {
        this.kind = kind;
        this.onset = onset;
    }

    public WaveKind kind() {
        return kind;
    }

    public boolean isOnset() {
        return onset;
    }
}
