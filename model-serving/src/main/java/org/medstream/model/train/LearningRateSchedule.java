package org.medstream.model.train;

import ai.djl.training.tracker.Tracker;

/** Course of the learning rate over the updates of a training run. */
public enum LearningRateSchedule {
    /** The same rate for every update. */
    CONSTANT,
    /**
     * A cosine from the rate down to a twentieth of it at the last planned update, so late epochs
     * refine rather than swing.
     */
    COSINE;

    /**
     * Returns the tracker of this schedule.
     *
     * @param rate learning rate of the first update
     * @param updates planned updates of the whole run, at least 1
     */
    public Tracker tracker(float rate, int updates) {
        if (this == CONSTANT) {
            return Tracker.fixed(rate);
        }
        return Tracker.cosine()
                .setBaseValue(rate)
                .optFinalValue(rate / 20)
                .setMaxUpdates(Math.max(1, updates))
                .build();
    }
}
