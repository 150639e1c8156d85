package org.medstream.model.resample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pass-band and stop-band behaviour on pure tones. Output n is compared with the input tone at the
 * time the filter maps it to, {@link ResamplingFilter#inputIndexOf(long)}, once the history is
 * full.
 */
class SineResamplingTest {
    private static final int[] RATES_HZ = {125, 128, 250, 300, 360, 500, 1000};
    private static final double TONE_HZ = 10.0;
    private static final double PHASE = 0.3;

    /** Measured: at most 3.2e-5 over the 42 pairs of different rates, and 0 at equal rates. */
    @Test
    void toneKeepsAmplitudeAndPhaseForEveryPair() {
        for (int inputHz : RATES_HZ) {
            for (int outputHz : RATES_HZ) {
                ResamplingFilter filter = ResamplingFilter.design(inputHz, outputHz);
                double[] input = tone(TONE_HZ, 1.0, inputHz, 4 * inputHz);

                double[] output = filter.resample(input);

                double error = maxErrorAfterTransient(filter, output, TONE_HZ);
                assertThat(error)
                        .as("max error of a 10 Hz tone, %d -> %d Hz", inputHz, outputHz)
                        .isLessThan(1e-3);
            }
        }
    }

    /** 360 -> 500 -> 360 Hz: the delays add up in input time. Measured: 4.0e-5. */
    @Test
    void toneSurvivesRoundTrip() {
        ResamplingFilter up = ResamplingFilter.design(360, 500);
        ResamplingFilter down = ResamplingFilter.design(500, 360);
        double[] input = tone(TONE_HZ, 1.0, 360, 10 * 360);

        double[] at500Hz = up.newStream().process(input);
        double[] back = down.newStream().process(at500Hz);

        double firstValid = up.tapsPerPhase() + down.tapsPerPhase() * 360.0 / 500.0 + 2;
        double delay = up.delayInputSamples() + down.delayInputSamples() * 360.0 / 500.0;
        double maxError = 0.0;
        for (int j = (int) Math.ceil(firstValid); j < back.length; j++) {
            double expected = Math.sin(2.0 * Math.PI * TONE_HZ * (j - delay) / 360 + PHASE);
            maxError = Math.max(maxError, Math.abs(back[j] - expected));
        }
        assertThat(maxError).as("max error after 360 -> 500 -> 360 Hz").isLessThan(1e-3);
    }

    /**
     * Checks a tone above the output Nyquist frequency, which aliases to |f − k f_out|. Its
     * amplitude there, fitted by least squares after the transient, must be at least 80 dB below
     * the input amplitude. Measured: 82.1 dB for 126 Hz at 360 -> 250 Hz, just above the stop-band
     * edge, and 86.6 to 143.3 dB for the other cases.
     */
    @ParameterizedTest(name = "{2} Hz tone, {0} Hz -> {1} Hz")
    @CsvSource({
        "360, 250, 126",
        "360, 250, 140",
        "500, 128, 70",
        "500, 128, 200",
        "1000, 125, 400",
        "360, 128, 100",
        "300, 250, 160"
    })
    void toneAboveNewNyquistIsAttenuated(int inputHz, int outputHz, double toneHz) {
        ResamplingFilter filter = ResamplingFilter.design(inputHz, outputHz);
        double[] input = tone(toneHz, 1.0, inputHz, 20 * inputHz);

        double[] output = filter.resample(input);

        double aliasHz = Math.abs(toneHz - Math.round(toneHz / outputHz) * (double) outputHz);
        int first = (int) Math.ceil(filter.outputIndexOf(filter.tapsPerPhase()));
        double amplitude = fittedAmplitude(output, first, aliasHz / outputHz);
        assertThat(-20.0 * Math.log10(amplitude))
                .as("attenuation in dB of the alias at %.1f Hz", aliasHz)
                .isGreaterThanOrEqualTo(ResamplingFilter.ATTENUATION_DB);
    }

    static double[] tone(double toneHz, double amplitude, int samplingHz, int length) {
        double[] samples = new double[length];
        for (int i = 0; i < length; i++) {
            samples[i] = amplitude * Math.sin(2.0 * Math.PI * toneHz * i / samplingHz + PHASE);
        }
        return samples;
    }

    static double maxErrorAfterTransient(ResamplingFilter filter, double[] output, double toneHz) {
        int inputHz = filter.ratio().inputHz();
        int first = (int) Math.ceil(filter.outputIndexOf(filter.tapsPerPhase()));
        double maxError = 0.0;
        for (int n = first; n < output.length; n++) {
            double time = filter.inputIndexOf(n) / inputHz;
            double expected = Math.sin(2.0 * Math.PI * toneHz * time + PHASE);
            maxError = Math.max(maxError, Math.abs(output[n] - expected));
        }
        return maxError;
    }

    /**
     * Least-squares amplitude of a sinusoid at frequency (cycles per sample) in signal[first..].
     */
    static double fittedAmplitude(double[] signal, int first, double frequency) {
        double cc = 0.0;
        double ss = 0.0;
        double cs = 0.0;
        double yc = 0.0;
        double ys = 0.0;
        for (int n = first; n < signal.length; n++) {
            double c = Math.cos(2.0 * Math.PI * frequency * n);
            double s = Math.sin(2.0 * Math.PI * frequency * n);
            cc += c * c;
            ss += s * s;
            cs += c * s;
            yc += signal[n] * c;
            ys += signal[n] * s;
        }
        double determinant = cc * ss - cs * cs;
        double a = (yc * ss - ys * cs) / determinant;
        double b = (ys * cc - yc * cs) / determinant;
        return Math.hypot(a, b);
    }
}
