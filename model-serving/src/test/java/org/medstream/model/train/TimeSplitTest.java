package org.medstream.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimeSplitTest {
    @Test
    void adjacentSpansAccepted() {
        TimeSplit split = new TimeSplit(0, 240, 240, 300);

        assertThat(split.validationFromSeconds()).isEqualTo(240);
    }

    @Test
    void overlappingSpansRejected() {
        assertThatThrownBy(() -> new TimeSplit(0, 250, 240, 300))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap");
    }

    @Test
    void emptySpanRejected() {
        assertThatThrownBy(() -> new TimeSplit(10, 10, 240, 300))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid training span");
    }

    @Test
    void spanParsed() {
        assertThat(TimeSplit.parseSpan("240-300")).containsExactly(240, 300);
    }

    @Test
    void malformedSpanRejected() {
        assertThatThrownBy(() -> TimeSplit.parseSpan("240"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected FROM-TO");
    }
}
