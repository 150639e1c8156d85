package org.medstream.model.lmu;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Streaming Legendre memory of one signal in double precision: keeps the state m and applies m_t =
 * Ā m_(t−1) + B̄ u_t once per sample, with d² + d multiply-adds and no allocation per sample.
 *
 * <p>Not thread-safe; keep one cell per stream.
 */
public final class MemoryCell {
    private final int order;

    /** Ā in column-major order: entry (i, j) at index j·d + i. */
    private final double[] stateColumns;

    private final double[] inputVector;
    private double[] state;
    private double[] next;

    /** Creates a cell with a zero state for the given discretised memory. */
    public MemoryCell(LegendreMemory memory) {
        this.order = memory.order();
        this.stateColumns = columnMajor(memory.stateMatrix());
        this.inputVector = memory.inputMatrix().data;
        this.state = new double[order];
        this.next = new double[order];
    }

    /** Advances the memory by one input sample. */
    public void update(double input) {
        for (int i = 0; i < order; i++) {
            next[i] = inputVector[i] * input;
        }

        // Column by column (next += column j of Ā times m_j), because the iterations of the inner
        // loop are independent, where a row-times-state dot product waits on each add.
        for (int j = 0; j < order; j++) {
            double coefficient = state[j];
            int column = j * order;
            for (int i = 0; i < order; i++) {
                next[i] += stateColumns[column + i] * coefficient;
            }
        }

        double[] previous = state;
        state = next;
        next = previous;
    }

    /** Number of Legendre coefficients d. */
    public int order() {
        return order;
    }

    /** Returns coefficient i of the current state. */
    public double state(int i) {
        return state[i];
    }

    /** Copies the current state into destination, which needs at least d entries. */
    public void copyState(double[] destination) {
        System.arraycopy(state, 0, destination, 0, order);
    }

    /** Sets the state back to zero, as before the first sample. */
    public void reset() {
        Arrays.fill(state, 0.0);
    }

    private static double[] columnMajor(DMatrixRMaj matrix) {
        return CommonOps_DDRM.transpose(matrix, null).data;
    }
}
