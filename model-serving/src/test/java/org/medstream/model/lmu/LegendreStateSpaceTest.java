package org.medstream.model.lmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class LegendreStateSpaceTest {

    @Test
    void orderThreeMatchesWrittenOutMatrices() {
        LegendreStateSpace system = new LegendreStateSpace(3);

        DMatrixRMaj a = system.stateMatrix();
        DMatrixRMaj b = system.inputMatrix();

        assertThat(a.data).containsExactly(-1, -1, -1, 3, -3, -3, -5, 5, -5);
        assertThat(b.data).containsExactly(1, -3, 5);
    }

    @Test
    void eigenvaluesHaveNegativeRealPart() {
        for (int order : new int[] {1, 2, 16, 32, 64, 128, 256}) {
            DMatrixRMaj a = new LegendreStateSpace(order).stateMatrix();

            assertThat(SpectralRadius.maxRealPart(a)).as("order %d", order).isNegative();
        }
    }

    @Test
    void orderBelowOneIsRejected() {
        assertThatThrownBy(() -> new LegendreStateSpace(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LMU order must be at least 1, got 0; use for example 64");
    }
}
