package org.medstream.model.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RotaryLayoutTest {
    @Test
    void interleavedRowsSplitIntoHalves() {
        // Two heads of dimension 4 and one column, where row r contains the value r.
        float[] rows = {0, 1, 2, 3, 4, 5, 6, 7};
        FloatTensor interleaved = new FloatTensor("q", new long[] {8, 1}, rows);

        FloatTensor halves = RotaryLayout.interleavedToHalves(interleaved, 2);

        // Pairs (0, 1), (2, 3) of head 0 become halves [0, 2] and [1, 3].
        assertThat(halves.values()).containsExactly(0, 2, 1, 3, 4, 6, 5, 7);
    }

    @Test
    void inverseRestoresRows() {
        float[] values = new float[16 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        FloatTensor weight = new FloatTensor("k", new long[] {16, 3}, values);

        FloatTensor restored =
                RotaryLayout.halvesToInterleaved(RotaryLayout.interleavedToHalves(weight, 2), 2);

        assertThat(restored.values()).containsExactly(values);
    }
}
