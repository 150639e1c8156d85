package org.medstream.model.lmu;

/**
 * Impulse response H_k = Ā^k B̄ (k = 0..K−1) of a {@link LegendreMemory}, and the parallel form
 * that computes every memory state of a sequence as the causal convolution m_t = Σ_k H_k u_(t−k)
 * from a zero initial state.
 *
 * <p>The convolution equals the recurrence exactly when K is at least the sequence length; a
 * shorter kernel drops the terms with k ≥ K, which decay as ρ(Ā)^k. Instances are immutable.
 */
public final class ImpulseResponse {
    private final int order;
    private final double[][] kernel;

    ImpulseResponse(int order, double[][] kernel) {
        this.order = order;
        this.kernel = kernel;
    }

    /** Number of kernel taps K. */
    public int length() {
        return kernel.length;
    }

    /** Number of Legendre coefficients d in each tap. */
    public int order() {
        return order;
    }

    /** Returns a copy of tap H_k, a vector of d values. */
    public double[] tap(int k) {
        return kernel[k].clone();
    }

    /**
     * Computes the memory state after each input sample, m_t for t = 0..N−1, by direct causal
     * convolution in double precision; cost N·min(N, K)·d multiply-adds.
     *
     * @return N rows of d values
     */
    // TODO: an FFT convolution (zero-padded to 2N) for long training sequences.
    public double[][] convolve(double[] input) {
        int length = input.length;
        double[][] states = new double[length][order];
        for (int t = 0; t < length; t++) {
            double[] state = states[t];
            int taps = Math.min(t + 1, kernel.length);
            for (int k = 0; k < taps; k++) {
                double sample = input[t - k];
                double[] tap = kernel[k];
                for (int i = 0; i < order; i++) {
                    state[i] += tap[i] * sample;
                }
            }
        }
        return states;
    }

    /**
     * Computes the memory state after each input sample like {@link #convolve(double[])}, with the
     * kernel rounded to float and float arithmetic throughout.
     *
     * @return N rows of d values
     */
    public float[][] convolve(float[] input) {
        float[][] floatKernel = new float[kernel.length][order];
        for (int k = 0; k < kernel.length; k++) {
            for (int i = 0; i < order; i++) {
                floatKernel[k][i] = (float) kernel[k][i];
            }
        }

        int length = input.length;
        float[][] states = new float[length][order];
        for (int t = 0; t < length; t++) {
            float[] state = states[t];
            int taps = Math.min(t + 1, floatKernel.length);
            for (int k = 0; k < taps; k++) {
                float sample = input[t - k];
                float[] tap = floatKernel[k];
                for (int i = 0; i < order; i++) {
                    state[i] += tap[i] * sample;
                }
            }
        }
        return states;
    }
}
