package org.medstream.model.medtsllm.train;

import org.medstream.model.medtsllm.BoundaryEpoch;

/** Receives progress of a boundary training run, for a progress bar or a log. */
public interface BoundaryProgress {
    /** Called after each training batch; {@code done} of {@code total} batches of the epoch. */
    default void batchFinished(int epoch, int done, int total) {}

    /** Called after each epoch with its metrics. */
    default void epochFinished(BoundaryEpoch metrics) {}

    /** Progress that is ignored. */
    BoundaryProgress NONE = new BoundaryProgress() {};
}
