package org.medstream.model.lmu;

import org.ejml.data.DMatrixRMaj;

/**
 * Continuous-time state space of the Legendre Memory Unit, θ dm/dt = A m + B u, whose d states are
 * the coefficients of the shifted Legendre expansion of the input over a sliding window of length
 * θ.
 *
 * <p>For i, j in 0..d−1: A_ij = (2i + 1)·(−1 when i &lt; j, else (−1)^(i−j+1)) and B_i = (2i +
 * 1)(−1)^i. The system is the order-d Padé approximant of a pure delay of θ (A. R. Voelker, I.
 * Kajić, C. Eliasmith, "Legendre Memory Units: Continuous-Time Representation in Recurrent Neural
 * Networks", NeurIPS 2019). The matrices here carry no 1/θ factor; {@link LegendreMemory} applies
 * it when it discretises.
 */
public final class LegendreStateSpace {
    private final int order;

    /**
     * Creates the state space of the given order d (the number of Legendre coefficients kept).
     *
     * @throws IllegalArgumentException when order is below 1
     */
    public LegendreStateSpace(int order) {
        if (order < 1) {
            throw new IllegalArgumentException(
                    "LMU order must be at least 1, got " + order + "; use for example 64");
        }
        this.order = order;
    }

    /** Number of Legendre coefficients d in the memory. */
    public int order() {
        return order;
    }

    /** Returns a new d×d state matrix A. */
    public DMatrixRMaj stateMatrix() {
        DMatrixRMaj a = new DMatrixRMaj(order, order);
        for (int i = 0; i < order; i++) {
            for (int j = 0; j < order; j++) {
                double sign;
                if (i < j) {
                    sign = -1.0;
                } else {
                    sign = (i - j + 1) % 2 == 0 ? 1.0 : -1.0;
                }
                a.set(i, j, (2 * i + 1) * sign);
            }
        }
        return a;
    }

    /** Returns a new d×1 input matrix B. */
    public DMatrixRMaj inputMatrix() {
        DMatrixRMaj b = new DMatrixRMaj(order, 1);
        for (int i = 0; i < order; i++) {
            double sign = i % 2 == 0 ? 1.0 : -1.0;
            b.set(i, 0, (2 * i + 1) * sign);
        }
        return b;
    }
}
