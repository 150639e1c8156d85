package org.medstream.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordRangesTest {

    @Test
    void rangeAndSingles() {
        assertThat(RecordRanges.parse("1-3,7, 9-10")).containsExactly(1, 2, 3, 7, 9, 10);
    }

    @Test
    void repeatsDropped() {
        assertThat(RecordRanges.parse("2-4,3")).containsExactly(2, 3, 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a-3", "0-5", "5-2", "1-", "1,,2", "-3"})
    void invalidSelectionFails(String text) {
        assertThatThrownBy(() -> RecordRanges.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }
}
