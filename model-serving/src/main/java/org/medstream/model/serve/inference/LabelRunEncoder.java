package org.medstream.model.serve.inference;

/**
 * Run-length encodes the most likely class of consecutive samples of one lead. Runs of class 0
 * ({@code none}) are not reported. Not thread-safe.
 */
public final class LabelRunEncoder {
    /** Receives one run of samples [start, end) with class {@code label}. */
    @FunctionalInterface
    public interface Sink {
        void accept(int label, long start, long end);
    }

    private final Sink runs;
    private int label = -1;
    private long start;
    private long next;

    /** Creates an encoder that reports each finished run to {@code runs}. */
    public LabelRunEncoder(Sink runs) {
        this.runs = runs;
    }

    /** Takes the class of the next sample. */
    public void accept(int sampleLabel) {
        if (sampleLabel != label) {
            emit();
            label = sampleLabel;
            start = next;
        }
        next++;
    }

    /** Reports the run in progress. */
    public void finish() {
        emit();
        label = -1;
    }

    private void emit() {
        if (label > 0) {
            runs.accept(label, start, next);
        }
    }
}
