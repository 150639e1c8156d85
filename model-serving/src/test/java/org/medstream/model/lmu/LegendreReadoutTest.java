package org.medstream.model.lmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LegendreReadoutTest {

    @Test
    void recurrenceMatchesClosedForms() {
        for (double x : new double[] {-1.0, -0.3, 0.0, 0.7, 1.0}) {
            double[] p = LegendreReadout.legendre(5, x);

            assertThat(p[0]).isEqualTo(1.0);
            assertThat(p[1]).isEqualTo(x);
            assertThat(p[2]).isCloseTo((3 * x * x - 1) / 2, within(1e-15));
            assertThat(p[3]).isCloseTo((5 * x * x * x - 3 * x) / 2, within(1e-15));
            assertThat(p[4]).isCloseTo((35 * Math.pow(x, 4) - 30 * x * x + 3) / 8, within(1e-15));
        }
    }

    @Test
    void highOrderStaysBoundedOnWindow() {
        // |P_n(x)| ≤ 1 on [−1, 1] and P_n(±1) = (±1)^n, checked up to n = 255.
        double[] atEnd = LegendreReadout.legendre(256, 1.0);
        double[] atStart = LegendreReadout.legendre(256, -1.0);
        double[] inside = LegendreReadout.legendre(256, 0.123);

        for (int n = 0; n < 256; n++) {
            assertThat(atEnd[n]).as("P_%d(1)", n).isCloseTo(1.0, within(1e-12));
            assertThat(atStart[n])
                    .as("P_%d(-1)", n)
                    .isCloseTo(n % 2 == 0 ? 1.0 : -1.0, within(1e-12));
            assertThat(Math.abs(inside[n])).as("|P_%d(0.123)|", n).isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void delayReadsMiddleOfHeldSample() {
        // D = 0 reads at θ' = 1/2, so x = 2·0.5/θ − 1.
        LegendreReadout newest = new LegendreReadout(3, 10.0, 0.0);

        double[] weights = newest.weights();

        assertThat(weights[1]).isCloseTo(-0.9, within(1e-15));
    }

    @Test
    void delayOutsideWindowIsRejected() {
        assertThatThrownBy(() -> new LegendreReadout(8, 100.0, 100.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Readout delay must lie in 0..99.5 samples for a window theta of 100.0,"
                                + " got 100.0");
        assertThatThrownBy(() -> new LegendreReadout(8, 100.0, -1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Readout delay must lie in 0..99.5 samples");
    }

    @Test
    void stateOfWrongLengthIsRejected() {
        LegendreReadout readout = new LegendreReadout(8, 100.0, 10.0);

        assertThatThrownBy(() -> readout.read(new double[7]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Memory state has 7 values, the readout expects 8");
    }
}
