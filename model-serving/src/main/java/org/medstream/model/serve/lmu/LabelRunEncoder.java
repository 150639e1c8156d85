package org.medstream.model.serve.lmu;

/**
 * Run-length encodes the most likely class of consecutive samples of one lead. Runs of class 0
 * ({@code none}) are not reported. Not thread-safe.
 */
final class LabelRunEncoder {
    /** Receives one run of samples [start, end) with class {@code label}. */
    @FunctionalInterface
    interface Sink {
        void accept(int label, long start, long end);
    }

    private final Sink runs;
    private int label = -1;
    private long start;
    private long next;

    LabelRunEncoder(Sink runs) {
        this.runs = runs;
    }

    /** Takes the class of the next sample. */
    void accept(int sampleLabel) {
        if (sampleLabel != label) {
            emit();
            label = sampleLabel;
            start = next;
        }
        next++;
    }

    /** Reports the run in progress. */
    void finish() {
        emit();
        label = -1;
    }

    private void emit() {
        if (label > 0) {
            runs.accept(label, start, next);
        }
    }
}
