package org.medstream.model.runs;

import java.util.Arrays;

/**
 * Turns the per-sample labels of a boundary model (beats, breaths) into events as they stream. Each
 * run of event labels (any class but 0, none) is one event, placed at the middle of the run,
 * because training labels a run of a fixed half width centred on each annotated point. Its class is
 * the one most of the run's samples carry, the lower class on a tie. Runs shorter than half the
 * half width are label flicker, not events. A run that reaches twice the training run is reported
 * there and the rest of it ignored, so that no event comes later than the model's stated delay plus
 * that length, however long a run over noise lasts.
 *
 * <p>An event is reported when its run ends or reaches that length. Not thread-safe; keep one per
 * stream. Its state is three numbers and a count per class, which {@link #state()} and {@link
 * #restore(long[])} copy for a checkpoint.
 */
public final class RunAssembler {
    /** Receives the events an assembler completes. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Takes one event.
         *
         * @param sample index of the event, in the assembler's samples
         * @param label its class index, from 1 to the number of event classes
         */
        void accept(long sample, int label);
    }

    private final int classes;
    private final int minimumSamples;
    private final int maximumSamples;

    private long nextSample;
    private long runStart = -1;

    /** Whether the run in progress was already reported at its maximum length. */
    private boolean runReported;

    private final long[] classCounts;

    /**
     * Creates an assembler for labels at {@code samplingFrequencyHz} from a model trained on runs
     * of ±{@code halfWidthSeconds} around each event.
     *
     * @param classes number of event classes; labels run from 0 (none) to this number
     */
    public RunAssembler(int classes, double halfWidthSeconds, double samplingFrequencyHz) {
        if (classes < 1) {
            throw new IllegalArgumentException(
                    "A run assembler needs at least 1 event class, got " + classes);
        }
        if (!(halfWidthSeconds > 0) || !(samplingFrequencyHz > 0)) {
            throw new IllegalArgumentException(
                    "Invalid run half width "
                            + halfWidthSeconds
                            + " s at "
                            + samplingFrequencyHz
                            + " Hz; both must be positive");
        }
        double halfWidthSamples = halfWidthSeconds * samplingFrequencyHz;
        this.classes = classes;
        this.minimumSamples = Math.max(1, (int) Math.round(halfWidthSamples / 2));
        this.maximumSamples = (int) Math.round(4 * halfWidthSamples + 2);
        this.classCounts = new long[classes];
    }

    /**
     * Takes the label of the next sample.
     *
     * @param label class index: 0 none, else the event class
     * @param events receives the event this sample completes, if any
     * @throws IllegalArgumentException when the label is not a class index
     */
    public void accept(int label, Sink events) {
        if (label < 0 || label > classes) {
            throw new IllegalArgumentException(
                    "Invalid label "
                            + label
                            + " at sample "
                            + nextSample
                            + "; expected a class index from 0 to "
                            + classes);
        }
        if (label == 0) {
            endRun(events);
            runReported = false;
        } else if (!runReported) {
            if (runStart < 0) {
                runStart = nextSample;
            }
            classCounts[label - 1]++;
            if (nextSample - runStart + 1 >= maximumSamples) {
                nextSample++;
                endRun(events);
                runReported = true;
                return;
            }
        }
        nextSample++;
    }

    /** Ends the stream: a run still open ends at the last sample taken. */
    public void finish(Sink events) {
        endRun(events);
    }

    /**
     * Returns the number of leading samples whose events have all been reported: a run that started
     * before them has ended or reached its maximum length, and an event lies inside its run. 0
     * until more than the maximum run length was taken.
     */
    public long reportedThrough() {
        return Math.max(0, nextSample - maximumSamples);
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
        long[] state = new long[3 + classes];
        state[0] = nextSample;
        state[1] = runStart;
        state[2] = runReported ? 1 : 0;
        System.arraycopy(classCounts, 0, state, 3, classes);
        return state;
    }

    /**
     * Continues from a state returned by {@link #state()}.
     *
     * @throws IllegalArgumentException when the array has another length
     */
    public void restore(long[] state) {
        if (state.length != 3 + classes) {
            throw new IllegalArgumentException(
                    "Invalid run assembler state of "
                            + state.length
                            + " values; expected "
                            + (3 + classes));
        }
        nextSample = state[0];
        runStart = state[1];
        runReported = state[2] != 0;
        System.arraycopy(state, 3, classCounts, 0, classes);
    }

    private void endRun(Sink events) {
        if (runStart < 0) {
            return;
        }
        long length = nextSample - runStart;
        if (length >= minimumSamples) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (classCounts[c] > classCounts[best]) {
                    best = c;
                }
            }
            events.accept(runStart + (length - 1) / 2, best + 1);
        }
        runStart = -1;
        Arrays.fill(classCounts, 0);
    }
}
