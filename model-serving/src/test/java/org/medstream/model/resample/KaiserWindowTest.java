package org.medstream.model.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KaiserWindowTest {

    @Test
    void besselI0MatchesTabulatedValues() {
        // Reference values from mpmath 1.3.0, besseli(0, x), rounded to 15 significant digits.
        assertThat(KaiserWindow.besselI0(0.0)).isEqualTo(1.0);
        assertThat(KaiserWindow.besselI0(1.0)).isCloseTo(1.26606587775201, within(1e-13));
        assertThat(KaiserWindow.besselI0(5.0)).isCloseTo(27.2398718236044, within(1e-12));
    }

    @Test
    void betaIsContinuousAtFifty() {
        double below = KaiserWindow.beta(50.0);
        double above = KaiserWindow.beta(50.0 + 1e-9);

        assertThat(above).isCloseTo(below, within(0.02));
        assertThat(KaiserWindow.beta(20.0)).isEqualTo(0.0);
    }

    @Test
    void valueIsSymmetricAndTapered() {
        int order = 40;
        double beta = 7.857;

        assertThat(KaiserWindow.value(0, order, beta)).isEqualTo(1.0);
        assertThat(KaiserWindow.value(20, order, beta))
                .isCloseTo(1.0 / KaiserWindow.besselI0(beta), within(1e-15));
        for (int k = 1; k <= 20; k++) {
            assertThat(KaiserWindow.value(-k, order, beta))
                    .as("offset %d", k)
                    .isEqualTo(KaiserWindow.value(k, order, beta));
            assertThat(KaiserWindow.value(k, order, beta))
                    .as("decreasing at offset %d", k)
                    .isLessThan(KaiserWindow.value(k - 1, order, beta));
        }
    }

    @Test
    void estimateOrderRejectsInvalidTransition() {
        assertThatThrownBy(() -> KaiserWindow.estimateOrder(80.0, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid transition width 0.0 rad/sample: expected a value in (0, π)");
    }
}
