package org.medstream.model.train;

/** Receives progress of a training run, for a progress bar or a log. */
public interface TrainingProgress {
    /** Called after each training batch; {@code done} of {@code total} batches of the epoch. */
    default void batchFinished(int epoch, int done, int total) {}

    /** Called after each epoch with its metrics. */
    default void epochFinished(EpochMetrics metrics) {}

    /** Progress that is ignored. */
    TrainingProgress NONE = new TrainingProgress() {};
}
