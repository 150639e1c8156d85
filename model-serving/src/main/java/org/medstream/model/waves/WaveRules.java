package org.medstream.model.waves;

import org.medstream.evaluation.waves.WaveKind;

/**
 * Rules that turn runs of per-sample labels into waves. A run shorter than its kind's minimum
 * duration is a spurious label, not a wave. Two runs of the same kind separated by at most the
 * merge gap are one wave with a label flicker inside it.
 *
 * @param minimumMillis shortest wave per kind, indexed by {@link WaveKind#ordinal()}
 * @param mergeGapMillis longest gap between two runs of one kind that still makes them one wave
 */
public record WaveRules(double[] minimumMillis, double mergeGapMillis) {
    /**
     * Default rules: P waves and QRS complexes of at least 40 ms, T waves of at least 60 ms, and
     * runs up to 20 ms apart merged. Normal P waves and QRS complexes last 60 ms or more (an
     * estimate from clinical reference ranges), so 40 ms leaves a margin for late onsets and early
     * offsets. Longer minimums and gaps scored no better on LUDB training records 97–128.
     */
    public static final WaveRules DEFAULT = new WaveRules(new double[] {40, 40, 60}, 20);

    public WaveRules {
        if (minimumMillis.length != WaveKind.values().length) {
            throw new IllegalArgumentException(
                    "Invalid minimum durations: expected one per wave kind (P, QRS, T), got "
                            + minimumMillis.length);
        }
        for (double minimum : minimumMillis) {
            if (!(minimum >= 0)) {
                throw new IllegalArgumentException(
                        "Invalid minimum wave duration " + minimum + " ms; expected 0 ms or more");
            }
        }
        if (!(mergeGapMillis >= 0)) {
            throw new IllegalArgumentException(
                    "Invalid merge gap " + mergeGapMillis + " ms; expected 0 ms or more");
        }
        minimumMillis = minimumMillis.clone();
    }

    @Override
    public double[] minimumMillis() {
        return minimumMillis.clone();
    }

    /** Shortest wave of {@code kind}, in samples at {@code samplingFrequencyHz}. */
    public int minimumSamples(WaveKind kind, double samplingFrequencyHz) {
        return (int) Math.round(minimumMillis[kind.ordinal()] * samplingFrequencyHz / 1000.0);
    }

    /** Merge gap in samples at {@code samplingFrequencyHz}. */
    public int mergeGapSamples(double samplingFrequencyHz) {
        return (int) Math.round(mergeGapMillis * samplingFrequencyHz / 1000.0);
    }
}
