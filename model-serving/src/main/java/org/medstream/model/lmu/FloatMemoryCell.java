package org.medstream.model.lmu;

import java.util.Arrays;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Streaming Legendre memory of one signal in float32, the precision of model inference: keeps the
 * state m and applies m_t = Ā m_(t−1) + B̄ u_t once per sample, with d² + d multiply-adds and no
 * allocation per sample. Ā and B̄ are rounded to float once, and sums are accumulated in float.
 *
 * <p>Not thread-safe; keep one cell per stream.
 */
public final class FloatMemoryCell {
    private final int order;

    /** Ā in column-major order: entry (i, j) at index j·d + i. */
    private final float[] stateColumns;

    private final float[] inputVector;
    private float[] state;
    private float[] next;

    /** Creates a cell with a zero state for the given discretised memory. */
    public FloatMemoryCell(LegendreMemory memory) {
        this.order = memory.order();
        this.stateColumns = toFloat(CommonOps_DDRM.transpose(memory.stateMatrix(), null).data);
        this.inputVector = toFloat(memory.inputMatrix().data);
        this.state = new float[order];
        this.next = new float[order];
    }

    /** Advances the memory by one input sample. */
    public void update(float input) {
        for (int i = 0; i < order; i++) {
            next[i] = inputVector[i] * input;
        }

        // Column by column (next += column j of Ā times m_j), because the iterations of the inner
        // loop are independent, where a row-times-state dot product waits on each add.
        for (int j = 0; j < order; j++) {
            float coefficient = state[j];
            int column = j * order;
            for (int i = 0; i < order; i++) {
                next[i] += stateColumns[column + i] * coefficient;
            }
        }

        float[] previous = state;
        state = next;
        next = previous;
    }

    /** Number of Legendre coefficients d. */
    public int order() {
        return order;
    }

    /** Returns coefficient i of the current state. */
    public float state(int i) {
        return state[i];
    }

    /** Copies the current state into destination, which needs at least d entries. */
    public void copyState(float[] destination) {
        System.arraycopy(state, 0, destination, 0, order);
    }

    /** Sets the state back to zero, as before the first sample. */
    public void reset() {
        Arrays.fill(state, 0.0f);
    }

    private static float[] toFloat(double[] values) {
        float[] rounded = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = (float) values[i];
        }
        return rounded;
    }
}
