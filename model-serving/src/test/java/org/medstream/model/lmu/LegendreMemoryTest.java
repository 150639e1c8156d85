package org.medstream.model.lmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LegendreMemoryTest {
    private static final int[] SHIPPED_ORDERS = {16, 32, 64, 128, 256};
    private static final int[] SHIPPED_THETAS = {64, 128, 250, 500, 1000};

    @ParameterizedTest(name = "order {0}")
    @ValueSource(ints = {16, 32, 64, 128, 256})
    void shippedWindowsAreStable(int order) {
        DMatrixRMaj a = new LegendreStateSpace(order).stateMatrix();
        double maxRealPart = SpectralRadius.maxRealPart(a);

        for (int theta : SHIPPED_THETAS) {
            LegendreMemory memory = LegendreMemory.discretise(order, theta);

            double radius = SpectralRadius.of(memory.stateMatrix());

            assertThat(radius).as("spectral radius for theta %d", theta).isLessThan(1.0);
            // Zero-order hold maps each eigenvalue λ of A to exp(λ/θ).
            assertThat(radius)
                    .as("spectral radius against exp(max Re λ(A) / theta) for theta %d", theta)
                    .isCloseTo(Math.exp(maxRealPart / theta), withinRelative(1e-7));
        }
    }

    @Test
    void stateMatrixIsExponentialOfScaledA() {
        int order = 16;
        double theta = 100.0;
        DMatrixRMaj scaled = new LegendreStateSpace(order).stateMatrix();
        CommonOps_DDRM.scale(1.0 / theta, scaled);

        DMatrixRMaj expected = MatrixExponential.expm(scaled);
        DMatrixRMaj actual = LegendreMemory.discretise(order, theta).stateMatrix();

        assertThat(maxAbsDifference(actual, expected)).isLessThan(1e-13);
    }

    @Test
    void inputMatrixSolvesZeroOrderHoldIntegral() {
        // For invertible A: B̄ = (A/θ)^-1 (Ā − I) B/θ = A^-1 (Ā − I) B.
        for (int order : SHIPPED_ORDERS) {
            double theta = 250.0;
            LegendreStateSpace system = new LegendreStateSpace(order);
            LegendreMemory memory = LegendreMemory.discretise(order, theta);
            DMatrixRMaj stateMinusIdentity = memory.stateMatrix();
            CommonOps_DDRM.subtractEquals(stateMinusIdentity, CommonOps_DDRM.identity(order));
            DMatrixRMaj right = new DMatrixRMaj(order, 1);
            CommonOps_DDRM.mult(stateMinusIdentity, system.inputMatrix(), right);
            DMatrixRMaj expected = new DMatrixRMaj(order, 1);
            assertThat(CommonOps_DDRM.solve(system.stateMatrix(), right, expected)).isTrue();

            DMatrixRMaj actual = memory.inputMatrix();

            double scale = CommonOps_DDRM.elementMaxAbs(expected);
            assertThat(maxAbsDifference(actual, expected) / scale)
                    .as("order %d", order)
                    .isLessThan(1e-9);
        }
    }

    @Test
    void constantInputSettlesAtDcGain() {
        // The first column of A is −B, so A e_0 + B = 0 and the steady state for a constant u is
        // m = (u, 0, ..., 0): the Legendre expansion of a constant.
        LegendreMemory memory = LegendreMemory.discretise(32, 64.0);
        MemoryCell cell = new MemoryCell(memory);

        for (int t = 0; t < 5_000; t++) {
            cell.update(2.5);
        }

        assertThat(cell.state(0)).isCloseTo(2.5, withinRelative(1e-9));
        for (int i = 1; i < 32; i++) {
            assertThat(cell.state(i)).as("coefficient %d", i).isCloseTo(0.0, within(1e-8));
        }
    }

    @Test
    void impulseResponseStartsWithInputMatrix() {
        LegendreMemory memory = LegendreMemory.discretise(8, 20.0);
        DMatrixRMaj b = memory.inputMatrix();
        DMatrixRMaj ab = new DMatrixRMaj(8, 1);
        CommonOps_DDRM.mult(memory.stateMatrix(), b, ab);

        ImpulseResponse response = memory.impulseResponse(3);

        assertThat(response.length()).isEqualTo(3);
        assertThat(response.tap(0)).containsExactly(b.data);
        assertThat(response.tap(1)).containsExactly(ab.data);
    }

    @Test
    void nonPositiveThetaIsRejected() {
        assertThatThrownBy(() -> LegendreMemory.discretise(16, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LMU window theta must be a positive number of samples, got 0.0");
        assertThatThrownBy(() -> LegendreMemory.discretise(16, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LMU window theta must be a positive number of samples, got NaN");
    }

    @Test
    void negativeImpulseLengthIsRejected() {
        LegendreMemory memory = LegendreMemory.discretise(4, 10.0);

        assertThatThrownBy(() -> memory.impulseResponse(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Impulse response length must be zero or more samples, got -1");
    }

    private static double maxAbsDifference(DMatrixRMaj a, DMatrixRMaj b) {
        double max = 0.0;
        for (int k = 0; k < a.getNumElements(); k++) {
            max = Math.max(max, Math.abs(a.data[k] - b.data[k]));
        }
        return max;
    }

    private static Percentage withinRelative(double fraction) {
        return Percentage.withPercentage(100.0 * fraction);
    }

    private static Offset<Double> within(double tolerance) {
        return Offset.offset(tolerance);
    }
}
