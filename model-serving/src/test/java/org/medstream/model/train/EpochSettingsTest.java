package org.medstream.model.train;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks the shared record and epoch setting checks of the trainers. */
class EpochSettingsTest {
    @Test
    void emptyRecordsRejected() {
        assertThatThrownBy(() -> EpochSettings.requireRecords(List.of(1), List.of()))
                .hasMessage("Training and validation records are both required, got [1] and []");
    }

    @Test
    void sharedRecordRejected() {
        assertThatThrownBy(() -> EpochSettings.requireDisjoint(List.of(1, 2), List.of(2, 3)))
                .hasMessageStartingWith("Records [2] are in both the training and the validation");
    }

    @Test
    void eachSettingChecked() {
        assertThatCode(() -> EpochSettings.requireValid(1, 0, 1, 1e-4f)).doesNotThrowAnyException();
        assertThatThrownBy(() -> EpochSettings.requireValid(0, 0, 1, 1e-4f))
                .hasMessage("epochs must be at least 1, got 0");
        assertThatThrownBy(() -> EpochSettings.requireValid(1, -1, 1, 1e-4f))
                .hasMessage("maxMinutes must be 0 (no limit) or more, got -1.0");
        assertThatThrownBy(() -> EpochSettings.requireValid(1, 0, 0, 1e-4f))
                .hasMessage("batchSize must be at least 1, got 0");
        assertThatThrownBy(() -> EpochSettings.requireValid(1, 0, 1, Float.NaN))
                .hasMessage("learningRate must be above 0, got NaN");
    }
}
