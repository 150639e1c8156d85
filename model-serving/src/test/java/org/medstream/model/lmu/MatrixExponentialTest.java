package org.medstream.model.lmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;

class MatrixExponentialTest {

    @Test
    void diagonalGivesExponentialOfEachEntry() {
        double[] diagonal = {-40.0, -1.5, 0.0, 0.25, 3.0};
        DMatrixRMaj x = CommonOps_DDRM.diag(diagonal);

        DMatrixRMaj result = MatrixExponential.expm(x);

        for (int i = 0; i < diagonal.length; i++) {
            for (int j = 0; j < diagonal.length; j++) {
                double expected = i == j ? Math.exp(diagonal[i]) : 0.0;
                assertThat(result.get(i, j))
                        .as("entry (%d, %d)", i, j)
                        .isCloseTo(expected, relativeOrAbsolute(expected, 1e-14));
            }
        }
    }

    @Test
    void nilpotentGivesFiniteTaylorSum() {
        // Strictly upper triangular, so x^4 = 0 and exp(x) = I + x + x^2/2 + x^3/6 exactly.
        DMatrixRMaj x =
                new DMatrixRMaj(4, 4, true, 0, 2, -1, 3, 0, 0, 4, 0.5, 0, 0, 0, -2, 0, 0, 0, 0);
        DMatrixRMaj expected = CommonOps_DDRM.identity(4);
        DMatrixRMaj power = CommonOps_DDRM.identity(4);
        DMatrixRMaj next = new DMatrixRMaj(4, 4);
        double factorial = 1.0;
        for (int k = 1; k <= 3; k++) {
            CommonOps_DDRM.mult(power, x, next);
            power.setTo(next);
            factorial *= k;
            CommonOps_DDRM.addEquals(expected, 1.0 / factorial, power);
        }

        DMatrixRMaj result = MatrixExponential.expm(x);

        assertThat(maxAbsDifference(result, expected)).isLessThan(1e-13);
    }

    @Test
    void rotationGeneratorGivesRotation() {
        // exp([[0, a], [-a, 0]]) = [[cos a, sin a], [-sin a, cos a]]. The angle 30 needs squarings.
        for (double angle : new double[] {0.1, 1.0, Math.PI, 30.0}) {
            DMatrixRMaj x = new DMatrixRMaj(2, 2, true, 0, angle, -angle, 0);

            DMatrixRMaj result = MatrixExponential.expm(x);

            DMatrixRMaj expected =
                    new DMatrixRMaj(
                            2,
                            2,
                            true,
                            Math.cos(angle),
                            Math.sin(angle),
                            -Math.sin(angle),
                            Math.cos(angle));
            assertThat(maxAbsDifference(result, expected)).as("angle %s", angle).isLessThan(1e-12);
        }
    }

    @Test
    void randomMatricesMatchTaylorSeries() {
        Random random = new Random(20050101L);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + random.nextInt(6);
            double norm = 0.05 + 2.0 * random.nextDouble();
            DMatrixRMaj x = randomMatrix(random, n, norm);

            DMatrixRMaj result = MatrixExponential.expm(x);

            DMatrixRMaj expected = taylor(x, 60);
            double scale = Math.max(1.0, NormOps_DDRM.normF(expected));
            assertThat(maxAbsDifference(result, expected) / scale)
                    .as("trial %d, n = %d, 1-norm = %s", trial, n, norm)
                    .isLessThan(1e-13);
        }
    }

    @Test
    void largeNormMatchesProductOfSmallSteps() {
        // exp(x) = exp(x/64)^64, with exp(x/64) from the Taylor series; 1-norm 40 needs squarings.
        Random random = new Random(7L);
        DMatrixRMaj x = randomMatrix(random, 8, 40.0);
        CommonOps_DDRM.addEquals(x, -20.0, CommonOps_DDRM.identity(8));
        DMatrixRMaj step = x.copy();
        CommonOps_DDRM.scale(1.0 / 64.0, step);
        DMatrixRMaj expected = taylor(step, 60);
        DMatrixRMaj next = new DMatrixRMaj(8, 8);
        for (int i = 0; i < 6; i++) {
            CommonOps_DDRM.mult(expected, expected, next);
            expected.setTo(next);
        }

        DMatrixRMaj result = MatrixExponential.expm(x);

        double scale = NormOps_DDRM.normF(expected);
        assertThat(maxAbsDifference(result, expected) / scale).isLessThan(1e-12);
    }

    @Test
    void padeCoefficientsMatchHigham() {
        // Higham 2005 lists b_0 = 64764752532480000 and b_13 = 1 for degree 13; c_j = b_j / b_0.
        double[] c = MatrixExponential.padeCoefficients(13);

        assertThat(c[0]).isEqualTo(1.0);
        assertThat(c[1]).isCloseTo(0.5, relativeOrAbsolute(0.5, 1e-15));
        assertThat(c[12] / c[13]).isCloseTo(182.0, relativeOrAbsolute(182.0, 1e-13));
        assertThat(1.0 / c[13])
                .isCloseTo(64764752532480000.0, relativeOrAbsolute(64764752532480000.0, 1e-13));
    }

    @Test
    void squaringsBringNormBelowTheta13() {
        assertThat(MatrixExponential.squaringsFor(0.0)).isZero();
        assertThat(MatrixExponential.squaringsFor(MatrixExponential.THETA_13)).isZero();
        assertThat(MatrixExponential.squaringsFor(MatrixExponential.THETA_13 * 1.01)).isEqualTo(1);
        int squarings = MatrixExponential.squaringsFor(1000.0);
        assertThat(1000.0 / Math.scalb(1.0, squarings))
                .isLessThanOrEqualTo(MatrixExponential.THETA_13);
        assertThat(1000.0 / Math.scalb(1.0, squarings - 1))
                .isGreaterThan(MatrixExponential.THETA_13);
    }

    @Test
    void nonSquareIsRejected() {
        assertThatThrownBy(() -> MatrixExponential.expm(new DMatrixRMaj(2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Matrix exponential needs a square matrix, got 2x3");
    }

    @Test
    void nonFiniteEntryIsRejected() {
        DMatrixRMaj x = new DMatrixRMaj(2, 2);
        x.set(1, 0, Double.NaN);

        assertThatThrownBy(() -> MatrixExponential.expm(x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Matrix exponential input has a non-finite entry NaN at row 1, column 0");
    }

    @Test
    void inputIsNotModified() {
        DMatrixRMaj x = new DMatrixRMaj(2, 2, true, 1, 2, 3, 4);
        DMatrixRMaj copy = x.copy();

        MatrixExponential.expm(x);

        assertThat(x.data).containsExactly(copy.data);
    }

    private static DMatrixRMaj randomMatrix(Random random, int n, double norm1) {
        DMatrixRMaj x = new DMatrixRMaj(n, n);
        for (int k = 0; k < n * n; k++) {
            x.data[k] = random.nextGaussian();
        }
        CommonOps_DDRM.scale(norm1 / NormOps_DDRM.inducedP1(x), x);
        return x;
    }

    /** Sums the Taylor series of exp(x) to the given number of terms; for small 1-norms only. */
    private static DMatrixRMaj taylor(DMatrixRMaj x, int terms) {
        int n = x.numRows;
        DMatrixRMaj sum = CommonOps_DDRM.identity(n);
        DMatrixRMaj term = CommonOps_DDRM.identity(n);
        DMatrixRMaj next = new DMatrixRMaj(n, n);
        for (int k = 1; k <= terms; k++) {
            CommonOps_DDRM.mult(term, x, next);
            CommonOps_DDRM.scale(1.0 / k, next);
            term.setTo(next);
            CommonOps_DDRM.addEquals(sum, term);
        }
        return sum;
    }

    private static double maxAbsDifference(DMatrixRMaj a, DMatrixRMaj b) {
        double max = 0.0;
        for (int k = 0; k < a.getNumElements(); k++) {
            max = Math.max(max, Math.abs(a.data[k] - b.data[k]));
        }
        return max;
    }

    private static Offset<Double> relativeOrAbsolute(double expected, double tolerance) {
        return Offset.offset(tolerance * Math.max(1.0, Math.abs(expected)));
    }
}
