package org.medstream.model.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplingRatioTest {
    private static final int[] RATES_HZ = {125, 128, 250, 300, 360, 500, 1000};

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"360, 500, 25, 18", "500, 360, 18, 25", "125, 128, 128, 125", "1000, 125, 1, 8"})
    void ofReducesByGcd(int inputHz, int outputHz, int up, int down) {
        ResamplingRatio ratio = ResamplingRatio.of(inputHz, outputHz);

        assertThat(ratio.up()).as("L").isEqualTo(up);
        assertThat(ratio.down()).as("M").isEqualTo(down);
    }

    @Test
    void ofAcceptsEveryPairOfDatabaseRates() {
        for (int inputHz : RATES_HZ) {
            for (int outputHz : RATES_HZ) {
                ResamplingRatio ratio = ResamplingRatio.of(inputHz, outputHz);

                assertThat((long) ratio.up() * inputHz)
                        .as("L · f_in for %d -> %d Hz", inputHz, outputHz)
                        .isEqualTo((long) ratio.down() * outputHz);
                assertThat(Math.max(ratio.up(), ratio.down()))
                        .as("largest factor for %d -> %d Hz", inputHz, outputHz)
                        .isLessThanOrEqualTo(128);
            }
        }
    }

    @Test
    void ofRejectsFactorAboveBound() {
        assertThatThrownBy(() -> ResamplingRatio.of(1000, 1001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unsupported resampling ratio 1000 Hz -> 1001 Hz: it reduces to L/M ="
                                + " 1001/1000, and both factors must be at most 512. Resample in"
                                + " two steps through an intermediate rate, or round a rate to one"
                                + " with a larger common divisor.");
    }

    @Test
    void ofRejectsDecimationAboveBound() {
        assertThatThrownBy(() -> ResamplingRatio.of(513, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("513 Hz -> 1 Hz")
                .hasMessageContaining("L/M = 1/513");
    }

    @Test
    void ofRejectsNonPositiveRate() {
        assertThatThrownBy(() -> ResamplingRatio.of(0, 360))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid sampling frequencies 0 Hz -> 360 Hz: both must be positive");
    }

    @Test
    void constructorRejectsUnreducedFactors() {
        assertThatThrownBy(() -> new ResamplingRatio(360, 500, 50, 36))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Factors L=50, M=36 are not the reduced ratio of 360 Hz -> 500 Hz; use"
                                + " ResamplingRatio.of");
    }
}
