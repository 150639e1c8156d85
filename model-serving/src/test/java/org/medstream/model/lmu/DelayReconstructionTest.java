package org.medstream.model.lmu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Feeds a sine with a period of 50 samples through the recurrence and reads delayed samples back
 * with the Legendre readout. The error is measured over the last three windows of a six-window run,
 * after the start-up transient has decayed.
 *
 * <p>Measured maximum errors for the table below are 6.6e-4 to 7.9e-4 (amplitude 1). That floor
 * comes from the zero-order hold: the memory integrates each sample over one sample period, and the
 * mean of a sine over one sample is its value scaled by sinc(π/50), smaller by 1 − sinc(π/50) ≈
 * 6.6e-4.
 */
class DelayReconstructionTest {
    private static final double PERIOD_SAMPLES = 50.0;
    private static final double TOLERANCE = 1e-3;

    @ParameterizedTest(name = "order {0}, theta {1}")
    @CsvSource({"16, 100", "32, 100", "32, 250", "64, 250", "64, 500"})
    void doubleMemoryReconstructsDelayedSine(int order, int theta) {
        LegendreMemory memory = LegendreMemory.discretise(order, theta);
        MemoryCell cell = new MemoryCell(memory);
        double[] state = new double[order];
        LegendreReadout middle = new LegendreReadout(order, theta, theta / 2.0);
        LegendreReadout oldest = new LegendreReadout(order, theta, theta - 1.0);
        double middleError = 0.0;
        double oldestError = 0.0;

        for (int t = 0; t < 6 * theta; t++) {
            cell.update(sine(t));
            if (t >= 3 * theta) {
                cell.copyState(state);
                middleError =
                        Math.max(middleError, Math.abs(middle.read(state) - sine(t - theta / 2.0)));
                oldestError =
                        Math.max(oldestError, Math.abs(oldest.read(state) - sine(t - theta + 1)));
            }
        }

        assertThat(middleError).as("max error of u(t - theta/2)").isLessThan(TOLERANCE);
        assertThat(oldestError).as("max error of u(t - theta + 1)").isLessThan(TOLERANCE);
    }

    @ParameterizedTest(name = "order {0}, theta {1}")
    @CsvSource({"16, 100", "32, 250", "64, 500"})
    void floatMemoryReconstructsDelayedSine(int order, int theta) {
        LegendreMemory memory = LegendreMemory.discretise(order, theta);
        FloatMemoryCell cell = new FloatMemoryCell(memory);
        float[] state = new float[order];
        LegendreReadout middle = new LegendreReadout(order, theta, theta / 2.0);
        LegendreReadout oldest = new LegendreReadout(order, theta, theta - 1.0);
        double middleError = 0.0;
        double oldestError = 0.0;

        for (int t = 0; t < 6 * theta; t++) {
            cell.update((float) sine(t));
            if (t >= 3 * theta) {
                cell.copyState(state);
                middleError =
                        Math.max(middleError, Math.abs(middle.read(state) - sine(t - theta / 2.0)));
                oldestError =
                        Math.max(oldestError, Math.abs(oldest.read(state) - sine(t - theta + 1)));
            }
        }

        assertThat(middleError).as("max error of u(t - theta/2)").isLessThan(TOLERANCE);
        assertThat(oldestError).as("max error of u(t - theta + 1)").isLessThan(TOLERANCE);
    }

    @ParameterizedTest(name = "order {0}, theta {1}")
    @CsvSource({"16, 500", "32, 500"})
    void tooLowOrderLosesTheSine(int order, int theta) {
        // Ten periods in the window need more than 32 Legendre coefficients. With fewer, the memory
        // returns a smoothed signal, so the readout misses the sine by about its amplitude.
        LegendreMemory memory = LegendreMemory.discretise(order, theta);
        MemoryCell cell = new MemoryCell(memory);
        double[] state = new double[order];
        LegendreReadout middle = new LegendreReadout(order, theta, theta / 2.0);
        double middleError = 0.0;

        for (int t = 0; t < 6 * theta; t++) {
            cell.update(sine(t));
            if (t >= 3 * theta) {
                cell.copyState(state);
                middleError =
                        Math.max(middleError, Math.abs(middle.read(state) - sine(t - theta / 2.0)));
            }
        }

        assertThat(middleError).as("max error of u(t - theta/2)").isGreaterThan(0.3);
    }

    private static double sine(double t) {
        return Math.sin(2.0 * Math.PI * t / PERIOD_SAMPLES);
    }
}
