package org.medstream.stream.detect;

/**
 * Second-order Butterworth low-pass and high-pass sections, designed for a given sampling frequency
 * with the bilinear transform and run in transposed direct form II.
 *
 * <p>Coefficients are stored as {@code {b0, b1, b2, a1, a2}} (with {@code a0 = 1}) so that a
 * cascade of sections fits in one primitive array of a Flink POJO state; the two delay elements of
 * each section live in a second array.
 */
final class ButterworthSection {
    static final int COEFFICIENTS = 5;
    static final int DELAYS = 2;

    private ButterworthSection() {}

    /** Designs a low-pass section with cut-off {@code cutoffHz}; writes 5 values at {@code at}. */
    static void designLowPass(double cutoffHz, double samplingFrequencyHz, double[] out, int at) {
        double k = prewarp(cutoffHz, samplingFrequencyHz);
        double norm = 1.0 / (1.0 + Math.sqrt(2.0) * k + k * k);
        out[at] = k * k * norm;
        out[at + 1] = 2.0 * out[at];
        out[at + 2] = out[at];
        out[at + 3] = 2.0 * (k * k - 1.0) * norm;
        out[at + 4] = (1.0 - Math.sqrt(2.0) * k + k * k) * norm;
    }

    /** Designs a high-pass section with cut-off {@code cutoffHz}; writes 5 values at {@code at}. */
    static void designHighPass(double cutoffHz, double samplingFrequencyHz, double[] out, int at) {
        double k = prewarp(cutoffHz, samplingFrequencyHz);
        double norm = 1.0 / (1.0 + Math.sqrt(2.0) * k + k * k);
        out[at] = norm;
        out[at + 1] = -2.0 * norm;
        out[at + 2] = norm;
        out[at + 3] = 2.0 * (k * k - 1.0) * norm;
        out[at + 4] = (1.0 - Math.sqrt(2.0) * k + k * k) * norm;
    }

    /** Runs one sample through a cascade of {@code sections} sections and returns the output. */
    static double filter(double[] coefficients, double[] delays, int sections, double x) {
        double value = x;
        for (int s = 0; s < sections; s++) {
            int c = s * COEFFICIENTS;
            int d = s * DELAYS;
            double y = coefficients[c] * value + delays[d];
            delays[d] = coefficients[c + 1] * value - coefficients[c + 3] * y + delays[d + 1];
            delays[d + 1] = coefficients[c + 2] * value - coefficients[c + 4] * y;
            value = y;
        }
        return value;
    }

    /**
     * Returns the group delay of a cascade in samples at {@code frequencyHz}, from the slope of its
     * unwrapped phase response.
     */
    static double groupDelaySamples(
            double[] coefficients, int sections, double frequencyHz, double samplingFrequencyHz) {
        double omega = 2.0 * Math.PI * frequencyHz / samplingFrequencyHz;
        double step = 1e-4 * omega;
        double delay = 0.0;
        for (int s = 0; s < sections; s++) {
            int c = s * COEFFICIENTS;
            double before = phase(coefficients, c, omega - step);
            double after = phase(coefficients, c, omega + step);
            double difference = after - before;
            if (difference > Math.PI) {
                difference -= 2.0 * Math.PI;
            } else if (difference < -Math.PI) {
                difference += 2.0 * Math.PI;
            }
            delay -= difference / (2.0 * step);
        }
        return delay;
    }

    private static double phase(double[] h, int c, double omega) {
        double numeratorRe = h[c] + h[c + 1] * Math.cos(omega) + h[c + 2] * Math.cos(2 * omega);
        double numeratorIm = -h[c + 1] * Math.sin(omega) - h[c + 2] * Math.sin(2 * omega);
        double denominatorRe = 1.0 + h[c + 3] * Math.cos(omega) + h[c + 4] * Math.cos(2 * omega);
        double denominatorIm = -h[c + 3] * Math.sin(omega) - h[c + 4] * Math.sin(2 * omega);
        return Math.atan2(numeratorIm, numeratorRe) - Math.atan2(denominatorIm, denominatorRe);
    }

    private static double prewarp(double cutoffHz, double samplingFrequencyHz) {
        if (!(cutoffHz > 0.0 && cutoffHz < samplingFrequencyHz / 2.0)) {
            throw new IllegalArgumentException(
                    "Filter cut-off "
                            + cutoffHz
                            + " Hz is outside (0, "
                            + samplingFrequencyHz / 2.0
                            + ") Hz for sampling frequency "
                            + samplingFrequencyHz
                            + " Hz; use a sampling frequency above "
                            + 2.0 * cutoffHz
                            + " Hz");
        }
        return Math.tan(Math.PI * cutoffHz / samplingFrequencyHz);
    }
}
