package org.medstream.model.resample;

/**
 * Kaiser window and Kaiser's empirical design formulas for a windowed-sinc low-pass filter with
 * equal pass-band and stop-band ripple δ, given as the stop-band attenuation A = −20 log10 δ in dB.
 *
 * <p>The shape parameter is β = 0.1102 (A − 8.7) for A > 50, β = 0.5842 (A − 21)^0.4 + 0.07886 (A −
 * 21) for 21 ≤ A ≤ 50 and β = 0 below, and the filter order (length − 1) is estimated as (A − 8) /
 * (2.285 Δω) for a transition width Δω in radians per sample. These are Kaiser's formulas as
 * reproduced in Oppenheim and Schafer, Discrete-Time Signal Processing, pp. 475–476, quoted from
 * the SciPy documentation of {@code kaiser_beta} and {@code kaiserord}. The estimate is not exact,
 * so {@code FilterResponseTest} measures the attenuation the designed filters reach.
 */
final class KaiserWindow {
    private KaiserWindow() {}

    /** Returns the shape parameter β for a stop-band attenuation in dB. */
    static double beta(double attenuationDb) {
        if (attenuationDb > 50.0) {
            return 0.1102 * (attenuationDb - 8.7);
        }
        if (attenuationDb >= 21.0) {
            double excess = attenuationDb - 21.0;
            return 0.5842 * Math.pow(excess, 0.4) + 0.07886 * excess;
        }
        return 0.0;
    }

    /**
     * Returns Kaiser's estimate of the filter order (length − 1), rounded up, for a stop-band
     * attenuation in dB and a transition width in radians per sample.
     */
    static int estimateOrder(double attenuationDb, double transitionRadians) {
        if (!(transitionRadians > 0.0 && transitionRadians < Math.PI)) {
            throw new IllegalArgumentException(
                    "Invalid transition width "
                            + transitionRadians
                            + " rad/sample: expected a value in (0, π)");
        }
        return (int) Math.ceil((attenuationDb - 8.0) / (2.285 * transitionRadians));
    }

    /**
     * Returns the window value at offset k from the centre of a window of the given order: I0(β √(1
     * − (k / (order/2))²)) / I0(β), for |k| ≤ order/2.
     */
    static double value(double offset, int order, double beta) {
        double relative = offset / (order / 2.0);
        double argument = beta * Math.sqrt(Math.max(0.0, 1.0 - relative * relative));
        return besselI0(argument) / besselI0(beta);
    }

    /**
     * Returns the modified Bessel function of the first kind of order zero, I0(x) = Σ ((x/2)^k /
     * k!)², summed until a term no longer changes the sum. The series has positive terms only, so
     * it converges without cancellation for the β values of a filter design (below 30).
     */
    static double besselI0(double x) {
        double halfX = x / 2.0;
        double sum = 1.0;
        double term = 1.0;
        for (int k = 1; k < 500; k++) {
            double factor = halfX / k;
            term *= factor * factor;
            double next = sum + term;
            if (next == sum) {
                return sum;
            }
            sum = next;
        }
        return sum;
    }
}
