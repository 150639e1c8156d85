package org.medstream.model.medtsllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReconstructionErrorsTest {

    @Test
    void quantileInterpolatesAsNumpy() {
        float[] values = {5, 1, 4, 2, 3};

        // numpy.quantile([1, 2, 3, 4, 5], q): 0.9 → 4.6, 0.5 → 3, 1 → 5, 0.1 → 1.4
        assertThat(ReconstructionErrors.quantile(values, 0.9)).isCloseTo(4.6, within(1e-6));
        assertThat(ReconstructionErrors.quantile(values, 0.5)).isCloseTo(3, within(1e-6));
        assertThat(ReconstructionErrors.quantile(values, 1)).isCloseTo(5, within(1e-6));
        assertThat(ReconstructionErrors.quantile(values, 0.1)).isCloseTo(1.4, within(1e-6));
    }

    @Test
    void quantileOutsideZeroToOneRejected() {
        assertThatThrownBy(() -> ReconstructionErrors.quantile(new float[] {1}, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid quantile 1.5");
    }

    @Test
    void tilingEndsAtTheLastSample() {
        assertThat(ReconstructionErrors.starts(512, 256)).containsExactly(0, 256);
        assertThat(ReconstructionErrors.starts(256, 256)).containsExactly(0);
        assertThat(ReconstructionErrors.starts(300, 256)).containsExactly(0, 44);
    }
}
