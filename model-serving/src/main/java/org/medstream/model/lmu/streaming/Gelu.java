package org.medstream.model.lmu.streaming;

/**
 * GELU activation as PyTorch computes it by default: x·Φ(x) = x/2 · (1 + erf(x/√2)), without the
 * tanh approximation.
 *
 * <p>erf comes from formula 7.1.26 of Abramowitz and Stegun (1964), whose absolute error is below
 * 1.5e-7, so GELU differs from PyTorch's by less than 1e-7·|x| on top of float rounding.
 */
final class Gelu {
    private static final double P = 0.3275911;
    private static final double A1 = 0.254829592;
    private static final double A2 = -0.284496736;
    private static final double A3 = 1.421413741;
    private static final double A4 = -1.453152027;
    private static final double A5 = 1.061405429;
    private static final double INVERSE_SQRT_2 = 0.7071067811865476;

    private Gelu() {}

    /** Returns GELU(x). */
    static float apply(float x) {
        double z = x * INVERSE_SQRT_2;
        return (float) (0.5 * x * (1.0 + erf(z)));
    }

    /** Returns erf(z) to within 1.5e-7. */
    static double erf(double z) {
        double magnitude = Math.abs(z);
        double t = 1.0 / (1.0 + P * magnitude);
        double polynomial = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5))));
        double value = 1.0 - polynomial * Math.exp(-magnitude * magnitude);
        return z < 0 ? -value : value;
    }
}
