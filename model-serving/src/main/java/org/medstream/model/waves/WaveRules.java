package org.medstream.model.waves;

import org.medstream.evaluation.waves.WaveKind;

/**
 * Rules that turn runs of per-sample labels into waves. A run shorter than its kind's minimum
 * duration is a spurious label, not a wave. Two runs of the same kind separated by at most that
 * kind's merge gap, with no wave of another kind between them, are one wave with a label flicker
 * inside it.
 *
 * @param minimumMillis shortest wave per kind, indexed by {@link WaveKind#ordinal()}
 * @param mergeGapMillis longest gap between two runs of one kind that still makes them one wave,
 *     per kind, indexed by {@link WaveKind#ordinal()}
 */
public record WaveRules(double[] minimumMillis, double[] mergeGapMillis) {
    /**
     * Default rules: P waves and QRS complexes of at least 40 ms, T waves of at least 60 ms, and
     * runs up to 20 ms apart merged, T runs up to 150 ms apart. Normal P waves and QRS complexes
     * last 60 ms or more (an estimate from clinical reference ranges), so 40 ms leaves a margin for
     * late onsets and early offsets. Longer minimums and gaps for every kind scored no better on
     * LUDB training records 97–128. A notched or biphasic T wave often reaches the network as two
     * runs. On LUDB records 101–128 (model trained on 1–100), the sum of T onset and offset F1 rose
     * with the T gap up to 100 ms and stayed level to 300 ms (docs/lmu.md).
     */
    public static final WaveRules DEFAULT =
            new WaveRules(new double[] {40, 40, 60}, new double[] {20, 20, 150});

    public WaveRules {
        requireOnePerKind("minimum durations", minimumMillis);
        requireOnePerKind("merge gaps", mergeGapMillis);
        for (double minimum : minimumMillis) {
            if (!(minimum >= 0)) {
                throw new IllegalArgumentException(
                        "Invalid minimum wave duration " + minimum + " ms; expected 0 ms or more");
            }
        }
        for (double gap : mergeGapMillis) {
            if (!(gap >= 0)) {
                throw new IllegalArgumentException(
                        "Invalid merge gap " + gap + " ms; expected 0 ms or more");
            }
        }
        minimumMillis = minimumMillis.clone();
        mergeGapMillis = mergeGapMillis.clone();
    }

    @Override
    public double[] minimumMillis() {
        return minimumMillis.clone();
    }

    @Override
    public double[] mergeGapMillis() {
        return mergeGapMillis.clone();
    }

    /** Shortest wave of {@code kind}, in samples at {@code samplingFrequencyHz}. */
    public int minimumSamples(WaveKind kind, double samplingFrequencyHz) {
        return samples(minimumMillis[kind.ordinal()], samplingFrequencyHz);
    }

    /** Merge gap of {@code kind} in samples at {@code samplingFrequencyHz}. */
    public int mergeGapSamples(WaveKind kind, double samplingFrequencyHz) {
        return samples(mergeGapMillis[kind.ordinal()], samplingFrequencyHz);
    }

    private static int samples(double millis, double samplingFrequencyHz) {
        return (int) Math.round(millis * samplingFrequencyHz / 1000.0);
    }

    private static void requireOnePerKind(String name, double[] values) {
        if (values.length != WaveKind.values().length) {
            throw new IllegalArgumentException(
                    "Invalid "
                            + name
                            + ": expected one per wave kind (P, QRS, T), got "
                            + values.length);
        }
    }
}
