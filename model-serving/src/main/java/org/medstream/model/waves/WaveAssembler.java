package org.medstream.model.waves;

import java.util.function.Consumer;
import org.medstream.evaluation.waves.Wave;
import org.medstream.evaluation.waves.WaveKind;

/**
 * Turns the per-sample labels of one lead into waves as they stream. Each run of P, QRS or T labels
 * becomes a wave from its first to its last sample. Its peak is the sample farthest from the signal
 * value at the onset. Short runs are dropped and nearby runs of one kind merged, as {@link
 * WaveRules} say.
 *
 * <p>A T wave that follows another T wave with no QRS complex between them is dropped: a cardiac
 * cycle has one T wave, and a second one is a U wave or a mislabelled P wave.
 *
 * <p>A wave is emitted once no later run can merge into it: its kind's merge gap after its offset,
 * or when a run of another kind long enough to be a wave ends. Labels are class indices as the
 * segmentation network outputs them: 0 for no wave, then P, QRS and T. Not thread-safe; keep one
 * assembler per lead. Its state is a handful of numbers, which {@link #state()} and {@link
 * #restore(State)} copy for a checkpoint.
 */
public final class WaveAssembler {
    private static final int NONE = -1;

    private final int[] minimumSamples;
    private final int[] mergeGapSamples;

    /** The run in progress: kind (or NONE), first sample, and its peak. */
    private int runKind = NONE;

    private long runStart;
    private long runPeak;
    private float runOnsetValue;
    private float runPeakDistance;

    /** The last run long enough to be a wave, held back while a later run may merge into it. */
    private int heldKind = NONE;

    private long heldStart;
    private long heldEnd;
    private long heldPeak;
    private float heldPeakDistance;

    /** Whether a T wave was emitted since the last QRS complex. */
    private boolean tWaveSinceQrs;

    private boolean started;
    private long nextSample;

    /** Creates an assembler for a lead sampled at {@code samplingFrequencyHz}. */
    public WaveAssembler(WaveRules rules, double samplingFrequencyHz) {
        WaveKind[] kinds = WaveKind.values();
        minimumSamples = new int[kinds.length];
        mergeGapSamples = new int[kinds.length];
        for (WaveKind kind : kinds) {
            minimumSamples[kind.ordinal()] = rules.minimumSamples(kind, samplingFrequencyHz);
            mergeGapSamples[kind.ordinal()] = rules.mergeGapSamples(kind, samplingFrequencyHz);
        }
    }

    /**
     * Takes the label of the next sample and its signal value.
     *
     * @param sample index of the sample; after the first, samples must come in order without gaps
     * @param label class index: 0 none, 1 P, 2 QRS, 3 T
     * @param value signal value at the sample, for the peak
     * @param waves receives every wave this sample completes
     * @throws IllegalArgumentException when the sample is not the one after the last, or the label
     *     is not a class index
     */
    public void accept(long sample, int label, float value, Consumer<Wave> waves) {
        if (started && sample != nextSample) {
            throw new IllegalArgumentException(
                    "Labels out of order: expected sample "
                            + nextSample
                            + ", got sample "
                            + sample);
        }
        if (label < 0 || label > minimumSamples.length) {
            throw new IllegalArgumentException(
                    "Invalid label "
                            + label
                            + " at sample "
                            + sample
                            + "; expected a class index from 0 to "
                            + minimumSamples.length);
        }
        started = true;
        nextSample = sample + 1;
        int kind = label - 1;

        if (kind != runKind) {
            endRun(sample - 1, waves);
            runKind = kind;
            runStart = sample;
            runPeak = sample;
            runOnsetValue = value;
            runPeakDistance = 0f;
        } else if (kind != NONE) {
            float distance = Math.abs(value - runOnsetValue);
            if (distance > runPeakDistance) {
                runPeakDistance = distance;
                runPeak = sample;
            }
        }

        if (heldKind != NONE) {
            int heldGap = mergeGapSamples[heldKind];
            boolean runMayMerge = runKind == heldKind && runStart - heldEnd - 1 <= heldGap;
            if (sample - heldEnd > heldGap && !runMayMerge) {
                emitHeld(waves);
            }
        }
    }

    /**
     * Ends the stream: the run in progress ends at the last sample taken, and the wave still held
     * back is emitted.
     */
    public void finish(Consumer<Wave> waves) {
        endRun(nextSample - 1, waves);
        runKind = NONE;
        if (heldKind != NONE) {
            emitHeld(waves);
        }
    }

    /** Returns the assembler's state, for a checkpoint. */
    public State state() {
        return new State(
                started,
                nextSample,
                runKind,
                runStart,
                runPeak,
                runOnsetValue,
                runPeakDistance,
                heldKind,
                heldStart,
                heldEnd,
                heldPeak,
                heldPeakDistance,
                tWaveSinceQrs);
    }

    /** Continues from a state returned by {@link #state()}. */
    public void restore(State state) {
        started = state.started();
        nextSample = state.nextSample();
        runKind = state.runKind();
        runStart = state.runStart();
        runPeak = state.runPeak();
        runOnsetValue = state.runOnsetValue();
        runPeakDistance = state.runPeakDistance();
        heldKind = state.heldKind();
        heldStart = state.heldStart();
        heldEnd = state.heldEnd();
        heldPeak = state.heldPeak();
        heldPeakDistance = state.heldPeakDistance();
        tWaveSinceQrs = state.tWaveSinceQrs();
    }

    /**
     * Everything an assembler remembers between samples. Kinds are {@link WaveKind} ordinals, or −1
     * for none.
     */
    public record State(
            boolean started,
            long nextSample,
            int runKind,
            long runStart,
            long runPeak,
            float runOnsetValue,
            float runPeakDistance,
            int heldKind,
            long heldStart,
            long heldEnd,
            long heldPeak,
            float heldPeakDistance,
            boolean tWaveSinceQrs) {}

    private void endRun(long end, Consumer<Wave> waves) {
        if (runKind == NONE || end - runStart + 1 < minimumSamples[runKind]) {
            return;
        }
        if (heldKind == runKind && runStart - heldEnd - 1 <= mergeGapSamples[runKind]) {
            heldEnd = end;
            if (runPeakDistance > heldPeakDistance) {
                heldPeakDistance = runPeakDistance;
                heldPeak = runPeak;
            }
            return;
        }
        if (heldKind != NONE) {
            emitHeld(waves);
        }
        heldKind = runKind;
        heldStart = runStart;
        heldEnd = end;
        heldPeak = runPeak;
        heldPeakDistance = runPeakDistance;
    }

    /** Emits the held wave, unless it is a second T wave in one cardiac cycle. */
    private void emitHeld(Consumer<Wave> waves) {
        WaveKind kind = WaveKind.values()[heldKind];
        heldKind = NONE;
        if (kind == WaveKind.QRS) {
            tWaveSinceQrs = false;
        } else if (kind == WaveKind.T) {
            if (tWaveSinceQrs) {
                return;
            }
            tWaveSinceQrs = true;
        }
        waves.accept(new Wave(kind, heldStart, heldPeak, heldEnd));
    }
}
