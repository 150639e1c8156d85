package org.medstream.model.lmu;

/**
 * Linear readout of a past input sample from a Legendre memory: u_(t−D) ≈ Σ_i w_i m_i(t).
 *
 * <p>The memory after sample t represents the zero-order-hold input over the continuous window (t +
 * 1 − θ, t + 1], in which sample u_k fills the interval [k, k + 1). Sample u_(t−D) is therefore
 * read at the middle of its interval, the continuous delay θ' = D + 1/2, with w_i = P_i(2θ'/θ − 1),
 * the Legendre polynomial P_i on the window mapped to [−1, 1]. Reading at θ' = D instead hits the
 * jump between two held samples and returns a value half a sample later.
 *
 * <p>The weights come from Bonnet's recurrence (n + 1) P_(n+1)(x) = (2n + 1) x P_n(x) − n
 * P_(n−1)(x), which is stable on [−1, 1], where the explicit power sum of the shifted polynomials
 * loses accuracy to cancellation at high order. Instances are immutable.
 */
public final class LegendreReadout {
    private final double delaySamples;
    private final double[] weights;

    /**
     * Creates the readout of input sample u_(t−D) from an order-d memory with a window of θ
     * samples. D = 0 is the newest sample and D = θ − 1 the oldest one the window covers.
     *
     * @param delaySamples delay D in samples, 0 ≤ D ≤ θ − 1/2; fractional values interpolate
     * @throws IllegalArgumentException when order is below 1, θ is not positive, or D is out of
     *     range
     */
    public LegendreReadout(int order, double thetaSamples, double delaySamples) {
        if (order < 1) {
            throw new IllegalArgumentException("LMU order must be at least 1, got " + order);
        }
        if (!(thetaSamples > 0.0) || Double.isInfinite(thetaSamples)) {
            throw new IllegalArgumentException(
                    "LMU window theta must be a positive number of samples, got " + thetaSamples);
        }
        double windowDelay = delaySamples + 0.5;
        if (!(delaySamples >= 0.0 && windowDelay <= thetaSamples)) {
            throw new IllegalArgumentException(
                    "Readout delay must lie in 0.."
                            + (thetaSamples - 0.5)
                            + " samples for a window theta of "
                            + thetaSamples
                            + ", got "
                            + delaySamples);
        }
        this.delaySamples = delaySamples;
        this.weights = legendre(order, 2.0 * windowDelay / thetaSamples - 1.0);
    }

    /** Delay D in samples of the input sample that this readout reconstructs. */
    public double delaySamples() {
        return delaySamples;
    }

    /** Returns a copy of the weights w_0..w_(d−1). */
    public double[] weights() {
        return weights.clone();
    }

    /** Returns the estimate of u_(t−D) from the memory state m(t) of d values. */
    public double read(double[] state) {
        checkLength(state.length);
        double sum = 0.0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i] * state[i];
        }
        return sum;
    }

    /** Returns the estimate of u_(t−D) from a float memory state, summed in double. */
    public double read(float[] state) {
        checkLength(state.length);
        double sum = 0.0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i] * state[i];
        }
        return sum;
    }

    /** Returns P_0(x)..P_(order−1)(x). */
    static double[] legendre(int order, double x) {
        double[] p = new double[order];
        p[0] = 1.0;
        if (order > 1) {
            p[1] = x;
        }
        for (int n = 1; n + 1 < order; n++) {
            p[n + 1] = ((2 * n + 1) * x * p[n] - n * p[n - 1]) / (n + 1);
        }
        return p;
    }

    private void checkLength(int length) {
        if (length != weights.length) {
            throw new IllegalArgumentException(
                    "Memory state has "
                            + length
                            + " values, the readout expects "
                            + weights.length);
        }
    }
}
