package org.medstream.model.beats;

import java.util.Arrays;
import org.medstream.evaluation.beats.AamiClass;

/**
 * Turns the per-sample labels of the beats model into beats as they stream. Each run of beat labels
 * (any class but none) is one beat, placed at the middle of the run, because training labels a run
 * centred on the annotated fiducial point. Its class is the one most of the run's samples carry,
 * the earlier class on a tie. Runs shorter than a quarter of the training run (±50 ms, so 25 ms)
 * are label flicker, not beats. A run that reaches twice the training run (about 200 ms) is
 * reported there and the rest of it ignored, so that no beat comes later than the detector's stated
 * delay, however long a run over noise lasts.
 *
 * <p>A beat is reported when its run ends or reaches that length. Not thread-safe; keep one per
 * stream. Its state is three numbers and a count per class, which {@link #state()} and {@link
 * #restore(long[])} copy for a checkpoint.
 */
public final class BeatAssembler {
    /** Receives the beats an assembler completes. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Takes one beat.
         *
         * @param sample index of the beat's fiducial point, in the assembler's samples
         * @param beatClass its AAMI class
         */
        void accept(long sample, AamiClass beatClass);
    }

    private static final int CLASSES = AamiClass.values().length;

    private final int minimumSamples;
    private final int maximumSamples;

    private long nextSample;
    private long runStart = -1;

    /** Whether the run in progress was already reported at its maximum length. */
    private boolean runReported;

    private final long[] classCounts = new long[CLASSES];

    /** Creates an assembler for labels at {@code samplingFrequencyHz}. */
    public BeatAssembler(double samplingFrequencyHz) {
        this.minimumSamples =
                Math.max(
                        1,
                        (int)
                                Math.round(
                                        MitBihTrainingData.HALF_WIDTH_SECONDS
                                                * samplingFrequencyHz
                                                / 2));
        this.maximumSamples =
                (int)
                        Math.round(
                                4 * MitBihTrainingData.HALF_WIDTH_SECONDS * samplingFrequencyHz
                                        + 2);
    }

    /**
     * Takes the label of the next sample.
     *
     * @param label class index: 0 none, then 1 + the {@link AamiClass} ordinal
     * @param beats receives the beat this sample completes, if any
     * @throws IllegalArgumentException when the label is not a class index
     */
    public void accept(int label, Sink beats) {
        if (label < 0 || label > CLASSES) {
            throw new IllegalArgumentException(
                    "Invalid label "
                            + label
                            + " at sample "
                            + nextSample
                            + "; expected a class index from 0 to "
                            + CLASSES);
        }
        if (label == 0) {
            endRun(beats);
            runReported = false;
        } else if (!runReported) {
            if (runStart < 0) {
                runStart = nextSample;
            }
            classCounts[label - 1]++;
            if (nextSample - runStart + 1 >= maximumSamples) {
                nextSample++;
                endRun(beats);
                runReported = true;
                return;
            }
        }
        nextSample++;
    }

    /** Ends the stream: a run still open ends at the last sample taken. */
    public void finish(Sink beats) {
        endRun(beats);
    }

    /** Returns the number of labels taken. */
    public long samples() {
        return nextSample;
    }

    /**
     * Returns the state as plain values: next sample, run start (−1 for none), 1 when the run in
     * progress was reported at its maximum length, then the class counts.
     */
    public long[] state() {
        long[] state = new long[3 + CLASSES];
        state[0] = nextSample;
        state[1] = runStart;
        state[2] = runReported ? 1 : 0;
        System.arraycopy(classCounts, 0, state, 3, CLASSES);
        return state;
    }

    /**
     * Continues from a state returned by {@link #state()}.
     *
     * @throws IllegalArgumentException when the array has another length
     */
    public void restore(long[] state) {
        if (state.length != 3 + CLASSES) {
            throw new IllegalArgumentException(
                    "Invalid beat assembler state of "
                            + state.length
                            + " values; expected "
                            + (3 + CLASSES));
        }
        nextSample = state[0];
        runStart = state[1];
        runReported = state[2] != 0;
        System.arraycopy(state, 3, classCounts, 0, CLASSES);
    }

    private void endRun(Sink beats) {
        if (runStart < 0) {
            return;
        }
        long length = nextSample - runStart;
        if (length >= minimumSamples) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (classCounts[c] > classCounts[best]) {
                    best = c;
                }
            }
            beats.accept(runStart + (length - 1) / 2, AamiClass.values()[best]);
        }
        runStart = -1;
        Arrays.fill(classCounts, 0);
    }
}
