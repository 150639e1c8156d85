package org.medstream.model.lmu;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** Eigenvalues of general real matrices by EJML's QR algorithm, for the stability tests. */
final class SpectralRadius {
    private SpectralRadius() {}

    static Complex_F64[] eigenvalues(DMatrixRMaj matrix) {
        EigenDecomposition_F64<DMatrixRMaj> decomposition =
                DecompositionFactory_DDRM.eig(matrix.numRows, false);
        if (!decomposition.decompose(matrix.copy())) {
            throw new IllegalStateException(
                    "EJML eigenvalue decomposition failed for a "
                            + matrix.numRows
                            + "x"
                            + matrix.numCols
                            + " matrix");
        }
        Complex_F64[] values = new Complex_F64[matrix.numRows];
        for (int i = 0; i < values.length; i++) {
            values[i] = decomposition.getEigenvalue(i);
        }
        return values;
    }

    /** Returns max |λ| over the eigenvalues λ of the matrix. */
    static double of(DMatrixRMaj matrix) {
        double radius = 0.0;
        for (Complex_F64 value : eigenvalues(matrix)) {
            radius = Math.max(radius, value.getMagnitude());
        }
        return radius;
    }

    /** Returns max Re(λ) over the eigenvalues λ of the matrix. */
    static double maxRealPart(DMatrixRMaj matrix) {
        double max = Double.NEGATIVE_INFINITY;
        for (Complex_F64 value : eigenvalues(matrix)) {
            max = Math.max(max, value.real);
        }
        return max;
    }
}
