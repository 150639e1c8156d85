package org.medstream.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void constantKeepsTheRate() {
        Tracker tracker = LearningRateSchedule.CONSTANT.tracker(1e-3f, 100);

        assertThat(tracker.getNewValue(0)).isEqualTo(1e-3f);
        assertThat(tracker.getNewValue(100)).isEqualTo(1e-3f);
    }

    @Test
    void cosineFallsToATwentiethAtTheLastUpdate() {
        Tracker tracker = LearningRateSchedule.COSINE.tracker(1e-3f, 100);

        assertThat(tracker.getNewValue(0)).isCloseTo(1e-3f, within(1e-9f));
        assertThat(tracker.getNewValue(50)).isCloseTo((1e-3f + 5e-5f) / 2, within(1e-6f));
        assertThat(tracker.getNewValue(100)).isCloseTo(5e-5f, within(1e-9f));
        assertThat(tracker.getNewValue(150)).isCloseTo(5e-5f, within(1e-9f));
    }
}
