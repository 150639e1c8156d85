package org.medstream.model.lmu;

import static org.assertj.core.api.Assertions.assertThat;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * Documents why {@link LegendreMemory} discretises with zero-order hold: forward Euler, Ā = I +
 * A/θ, has eigenvalues 1 + λ/θ that leave the unit circle for windows shorter than the order, and
 * its memory then grows without bound, while zero-order hold stays stable for the same window.
 */
class EulerDiscretisationTest {

    @Test
    void eulerIsUnstableForThetaBelowOrder() {
        for (int order : new int[] {16, 32, 64, 128, 256}) {
            for (double theta : new double[] {order / 4.0, order / 2.0, order - 1.0}) {
                DMatrixRMaj euler = euler(order, theta);

                assertThat(SpectralRadius.of(euler))
                        .as("Euler spectral radius, order %d, theta %s", order, theta)
                        .isGreaterThan(1.0);
            }
        }
    }

    @Test
    void eulerMemoryGrowsWhereZeroOrderHoldDecays() {
        int order = 32;
        double theta = 16.0;
        DMatrixRMaj eulerState = euler(order, theta);
        DMatrixRMaj eulerInput = new LegendreStateSpace(order).inputMatrix();
        CommonOps_DDRM.scale(1.0 / theta, eulerInput);
        LegendreMemory zeroOrderHold = LegendreMemory.discretise(order, theta);

        double eulerNorm = impulseNormAfter(eulerState, eulerInput, 500);
        double holdNorm =
                impulseNormAfter(zeroOrderHold.stateMatrix(), zeroOrderHold.inputMatrix(), 500);

        assertThat(eulerNorm).as("Euler state norm after 500 samples").isGreaterThan(1e6);
        assertThat(holdNorm).as("zero-order-hold state norm after 500 samples").isLessThan(1e-6);
    }

    @Test
    void eulerStabilityNeedsThetaOfManyOrders() {
        // |1 + λ/θ| < 1 exactly when θ > |λ|² / (−2 Re λ); the largest such bound over the
        // eigenvalues of A is the shortest stable Euler window.
        for (int order : new int[] {16, 32, 64}) {
            double shortestStable = shortestStableEulerTheta(order);

            assertThat(SpectralRadius.of(euler(order, shortestStable * 0.99)))
                    .as("order %d just below the bound", order)
                    .isGreaterThan(1.0);
            assertThat(SpectralRadius.of(euler(order, shortestStable * 1.01)))
                    .as("order %d just above the bound", order)
                    .isLessThan(1.0);
            assertThat(shortestStable).as("order %d", order).isGreaterThan(3.0 * order);
        }
    }

    static double shortestStableEulerTheta(int order) {
        double bound = 0.0;
        for (Complex_F64 value :
                SpectralRadius.eigenvalues(new LegendreStateSpace(order).stateMatrix())) {
            double squaredMagnitude = value.real * value.real + value.imaginary * value.imaginary;
            bound = Math.max(bound, squaredMagnitude / (-2.0 * value.real));
        }
        return bound;
    }

    private static DMatrixRMaj euler(int order, double theta) {
        DMatrixRMaj state = new LegendreStateSpace(order).stateMatrix();
        CommonOps_DDRM.scale(1.0 / theta, state);
        CommonOps_DDRM.addEquals(state, CommonOps_DDRM.identity(order));
        return state;
    }

    private static double impulseNormAfter(DMatrixRMaj state, DMatrixRMaj input, int steps) {
        DMatrixRMaj memory = input.copy();
        DMatrixRMaj next = new DMatrixRMaj(memory.numRows, 1);
        for (int t = 1; t < steps; t++) {
            CommonOps_DDRM.mult(state, memory, next);
            memory.setTo(next);
        }
        return NormOps_DDRM.normF(memory);
    }
}
