package org.medstream.model.lmu;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Matrix exponential by scaling and squaring with the diagonal Padé approximant of degree 13.
 *
 * <p>The method follows N. J. Higham, "The scaling and squaring method for the matrix exponential
 * revisited", SIAM J. Matrix Anal. Appl. 26(4), 2005: scale X by 2<sup>−s</sup> so that its 1-norm
 * is at most θ<sub>13</sub> = 5.37, evaluate r<sub>13</sub>(X/2<sup>s</sup>) = (−U +
 * V)<sup>−1</sup>(U + V) with six matrix products, then square the result s times. Within that
 * bound the approximant's backward error is below the double unit roundoff. EJML does the products
 * and the LU solve. This class always uses degree 13, where Higham picks a lower degree for
 * matrices of small norm, so small inputs cost a few more products than needed but lose no
 * accuracy.
 */
public final class MatrixExponential {
    /** Padé degree, the most efficient choice for double precision according to Higham 2005. */
    static final int DEGREE = 13;

    /** Largest 1-norm for which r13 has a backward error below 2^-53, from Higham 2005. */
    static final double THETA_13 = 5.371920351148152;

    private static final double[] PADE = padeCoefficients(DEGREE);

    private MatrixExponential() {}

    /**
     * Returns exp(x) for a square matrix x; x is not modified.
     *
     * @throws IllegalArgumentException when x is not square or contains a NaN or infinite entry
     * @throws ArithmeticException when the Padé denominator V − U is singular
     */
    public static DMatrixRMaj expm(DMatrixRMaj x) {
        checkSquareAndFinite(x);
        int n = x.numRows;
        if (n == 0) {
            return new DMatrixRMaj(0, 0);
        }

        int squarings = squaringsFor(NormOps_DDRM.inducedP1(x));
        DMatrixRMaj scaled = x.copy();
        CommonOps_DDRM.scale(Math.scalb(1.0, -squarings), scaled);

        DMatrixRMaj result = pade13(scaled);

        DMatrixRMaj square = new DMatrixRMaj(n, n);
        for (int i = 0; i < squarings; i++) {
            CommonOps_DDRM.mult(result, result, square);
            DMatrixRMaj previous = result;
            result = square;
            square = previous;
        }
        return result;
    }

    /** Returns the number of squarings s that brings the 1-norm down to at most θ13. */
    static int squaringsFor(double norm1) {
        if (norm1 <= THETA_13) {
            return 0;
        }
        return Math.max(0, (int) Math.ceil(Math.log(norm1 / THETA_13) / Math.log(2.0)));
    }

    /**
     * Evaluates r13(x) = (V − U)^-1 (V + U), where U contains the odd-degree and V the even-degree
     * terms of the numerator polynomial. Grouping both as A6 (c A6 + c A4 + c A2) + lower terms
     * needs six matrix products: A2, A4, A6, two products with A6 and one with x.
     */
    private static DMatrixRMaj pade13(DMatrixRMaj x) {
        int n = x.numRows;
        double[] b = PADE;
        DMatrixRMaj identity = CommonOps_DDRM.identity(n);

        DMatrixRMaj a2 = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(x, x, a2);
        DMatrixRMaj a4 = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(a2, a2, a4);
        DMatrixRMaj a6 = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(a4, a2, a6);

        DMatrixRMaj oddHigh = combine(b[13], a6, b[11], a4, b[9], a2);
        DMatrixRMaj oddLow = combine(b[7], a6, b[5], a4, b[3], a2);
        CommonOps_DDRM.addEquals(oddLow, b[1], identity);
        DMatrixRMaj oddSum = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(a6, oddHigh, oddSum);
        CommonOps_DDRM.addEquals(oddSum, oddLow);
        DMatrixRMaj u = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(x, oddSum, u);

        DMatrixRMaj evenHigh = combine(b[12], a6, b[10], a4, b[8], a2);
        DMatrixRMaj v = combine(b[6], a6, b[4], a4, b[2], a2);
        CommonOps_DDRM.addEquals(v, b[0], identity);
        DMatrixRMaj evenProduct = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(a6, evenHigh, evenProduct);
        CommonOps_DDRM.addEquals(v, evenProduct);

        DMatrixRMaj numerator = new DMatrixRMaj(n, n);
        CommonOps_DDRM.add(v, u, numerator);
        DMatrixRMaj denominator = new DMatrixRMaj(n, n);
        CommonOps_DDRM.subtract(v, u, denominator);

        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(n);
        if (!solver.setA(denominator)) {
            throw new ArithmeticException(
                    "Padé denominator of the matrix exponential is singular for a "
                            + n
                            + "x"
                            + n
                            + " matrix; check the input for extreme entries");
        }
        DMatrixRMaj result = new DMatrixRMaj(n, n);
        solver.solve(numerator, result);
        return result;
    }

    /** Returns c1 m1 + c2 m2 + c3 m3 as a new matrix. */
    private static DMatrixRMaj combine(
            double c1, DMatrixRMaj m1, double c2, DMatrixRMaj m2, double c3, DMatrixRMaj m3) {
        DMatrixRMaj sum = new DMatrixRMaj(m1.numRows, m1.numCols);
        CommonOps_DDRM.add(c1, m1, c2, m2, sum);
        CommonOps_DDRM.addEquals(sum, c3, m3);
        return sum;
    }

    /**
     * Returns the numerator coefficients of the [m/m] Padé approximant of e^x, normalised so that
     * the constant term is 1: c_j = (2m − j)! m! / ((2m)! j! (m − j)!), built by the ratio c_j /
     * c_(j−1) = (m − j + 1) / (j (2m − j + 1)).
     */
    static double[] padeCoefficients(int degree) {
        double[] c = new double[degree + 1];
        c[0] = 1.0;
        for (int j = 1; j <= degree; j++) {
            c[j] = c[j - 1] * (degree - j + 1) / ((double) j * (2 * degree - j + 1));
        }
        return c;
    }

    private static void checkSquareAndFinite(DMatrixRMaj x) {
        if (x.numRows != x.numCols) {
            throw new IllegalArgumentException(
                    "Matrix exponential needs a square matrix, got " + x.numRows + "x" + x.numCols);
        }
        int size = x.getNumElements();
        for (int k = 0; k < size; k++) {
            double value = x.data[k];
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(
                        "Matrix exponential input has a non-finite entry "
                                + value
                                + " at row "
                                + k / x.numCols
                                + ", column "
                                + k % x.numCols);
            }
        }
    }
}
