package org.medstream.model.resample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Measures the frequency response of designed prototype filters on a grid of 8 points per 1/N of
 * the prototype rate (N taps), which resolves every side lobe. The design targets, with f_N the
 * lower Nyquist frequency, are a pass-band deviation below 1e-4 up to 0.8 f_N and an attenuation of
 * at least 80 dB from f_N up to half the prototype rate.
 */
class FilterResponseTest {

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"360, 500", "500, 360", "125, 128", "360, 128", "1000, 125", "250, 300"})
    void responseMeetsDesignTargets(int inputHz, int outputHz) {
        ResamplingFilter filter = ResamplingFilter.design(inputHz, outputHz);
        double[] taps = filter.taps();
        double prototypeHz = filter.ratio().prototypeHz();
        double nyquistHz = filter.ratio().lowerNyquistHz();
        double stepHz = prototypeHz / (8.0 * taps.length);

        double passBandDeviation = 0.0;
        for (double f = 0.0; f <= ResamplingFilter.PASS_BAND_EDGE * nyquistHz; f += stepHz) {
            double gain = magnitude(taps, f / prototypeHz) / filter.ratio().up();
            passBandDeviation = Math.max(passBandDeviation, Math.abs(gain - 1.0));
        }
        double stopBandGain = 0.0;
        for (double f = ResamplingFilter.STOP_BAND_EDGE * nyquistHz;
                f <= prototypeHz / 2.0;
                f += stepHz) {
            stopBandGain =
                    Math.max(stopBandGain, magnitude(taps, f / prototypeHz) / filter.ratio().up());
        }

        assertThat(passBandDeviation).as("pass-band deviation").isLessThan(1e-4);
        assertThat(-20.0 * Math.log10(stopBandGain))
                .as("stop-band attenuation in dB")
                .isGreaterThanOrEqualTo(ResamplingFilter.ATTENUATION_DB);
    }

    /** |Σ h_k e^(−i 2π f k)| for f in cycles per sample, with the phasor advanced by rotation. */
    private static double magnitude(double[] taps, double frequency) {
        double stepCos = Math.cos(2.0 * Math.PI * frequency);
        double stepSin = -Math.sin(2.0 * Math.PI * frequency);
        double phasorCos = 1.0;
        double phasorSin = 0.0;
        double real = 0.0;
        double imaginary = 0.0;
        for (double tap : taps) {
            real += tap * phasorCos;
            imaginary += tap * phasorSin;
            double nextCos = phasorCos * stepCos - phasorSin * stepSin;
            phasorSin = phasorCos * stepSin + phasorSin * stepCos;
            phasorCos = nextCos;
        }
        return Math.hypot(real, imaginary);
    }
}
