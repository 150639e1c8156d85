package org.medstream.model.lmu;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Discrete Legendre memory for one step per sample: m_t = Ā m_(t−1) + B̄ u_t, the zero-order-hold
 * discretisation of the {@link LegendreStateSpace} for a window of θ samples.
 *
 * <p>Ā = expm(A/θ) and B̄ = (∫_0^1 expm(A s/θ) ds) B/θ. Both come from one exponential of the
 * augmented (d+1)×(d+1) matrix [[A/θ, B/θ], [0, 0]]: its top-left block is Ā and the first d rows
 * of its last column are B̄. Zero-order hold keeps the eigenvalues of Ā at exp(λ/θ) for the
 * eigenvalues λ of A, which all have negative real part, so Ā is stable for every θ &gt; 0. Forward
 * Euler (Ā = I + A/θ) is not: its shortest stable window grows faster than d, from about 60 samples
 * for d = 16 to about 6500 for d = 256. Instances are immutable.
 */
public final class LegendreMemory {
    private final int order;
    private final double thetaSamples;
    private final DMatrixRMaj stateMatrix;
    private final DMatrixRMaj inputMatrix;

    private LegendreMemory(
            int order, double thetaSamples, DMatrixRMaj stateMatrix, DMatrixRMaj inputMatrix) {
        this.order = order;
        this.thetaSamples = thetaSamples;
        this.stateMatrix = stateMatrix;
        this.inputMatrix = inputMatrix;
    }

    /**
     * Discretises the order-d Legendre memory for a window of θ samples with zero-order hold.
     *
     * @param order number of Legendre coefficients d, at least 1
     * @param thetaSamples window length θ in samples, finite and positive
     * @throws IllegalArgumentException when order or θ is out of range
     */
    public static LegendreMemory discretise(int order, double thetaSamples) {
        if (!(thetaSamples > 0.0) || Double.isInfinite(thetaSamples)) {
            throw new IllegalArgumentException(
                    "LMU window theta must be a positive number of samples, got " + thetaSamples);
        }
        LegendreStateSpace continuous = new LegendreStateSpace(order);

        DMatrixRMaj augmented = new DMatrixRMaj(order + 1, order + 1);
        DMatrixRMaj a = continuous.stateMatrix();
        DMatrixRMaj b = continuous.inputMatrix();
        CommonOps_DDRM.scale(1.0 / thetaSamples, a);
        CommonOps_DDRM.scale(1.0 / thetaSamples, b);
        CommonOps_DDRM.insert(a, augmented, 0, 0);
        CommonOps_DDRM.insert(b, augmented, 0, order);

        DMatrixRMaj exponential = MatrixExponential.expm(augmented);

        DMatrixRMaj stateMatrix = CommonOps_DDRM.extract(exponential, 0, order, 0, order);
        DMatrixRMaj inputMatrix = CommonOps_DDRM.extract(exponential, 0, order, order, order + 1);
        return new LegendreMemory(order, thetaSamples, stateMatrix, inputMatrix);
    }

    /** Number of Legendre coefficients d. */
    public int order() {
        return order;
    }

    /** Window length θ in samples. */
    public double thetaSamples() {
        return thetaSamples;
    }

    /** Returns a copy of the d×d discrete state matrix Ā. */
    public DMatrixRMaj stateMatrix() {
        return stateMatrix.copy();
    }

    /** Returns a copy of the d×1 discrete input matrix B̄. */
    public DMatrixRMaj inputMatrix() {
        return inputMatrix.copy();
    }

    /**
     * Computes the impulse response H_k = Ā^k B̄ for k = 0..length−1, the kernel of the parallel
     * form m_t = Σ_k H_k u_(t−k).
     *
     * @throws IllegalArgumentException when length is negative
     */
    public ImpulseResponse impulseResponse(int length) {
        if (length < 0) {
            throw new IllegalArgumentException(
                    "Impulse response length must be zero or more samples, got " + length);
        }
        double[][] kernel = new double[length][];
        double[] current = inputMatrix.data.clone();
        for (int k = 0; k < length; k++) {
            kernel[k] = current;
            double[] next = new double[order];
            multiply(stateMatrix.data, current, next);
            current = next;
        }
        return new ImpulseResponse(order, kernel);
    }

    private void multiply(double[] matrix, double[] vector, double[] product) {
        for (int i = 0; i < order; i++) {
            double sum = 0.0;
            int row = i * order;
            for (int j = 0; j < order; j++) {
                sum += matrix[row + j] * vector[j];
            }
            product[i] = sum;
        }
    }
}
