package org.medstream.model.medtsllm.train;

import org.medstream.model.medtsllm.AnomalyEpoch;

/** Receives progress of an anomaly training run, for a progress bar or a log. */
public interface AnomalyProgress {
    /** Called after each training batch; {@code done} of {@code total} batches of the epoch. */
    default void batchFinished(int epoch, int done, int total) {}

    /** Called after each epoch with its metrics. */
    default void epochFinished(AnomalyEpoch metrics) {}

    /** Progress that is ignored. */
    AnomalyProgress NONE = new AnomalyProgress() {};
}
