package org.medstream.model.lmu;

import java.util.Arrays;

/**
 * Streaming Legendre memory of one signal in float32, the precision of model inference: keeps the
 * state m and applies m_t = Ā m_(t−1) + B̄ u_t once per sample, with d² + d multiply-adds and no
 * allocation per sample. Ā and B̄ are rounded to float once, and sums are accumulated in float.
 *
 * <p>Not thread-safe; keep one cell per stream.
 */
public final class FloatMemoryCell {
    private final int order;
    private final float[] stateMatrix;
    private final float[] inputVector;
    private float[] state;
    private float[] next;

    /** Creates a cell with a zero state for the given discretised memory. */
    public FloatMemoryCell(LegendreMemory memory) {
        this.order = memory.order();
        this.stateMatrix = toFloat(memory.stateMatrix().data);
        this.inputVector = toFloat(memory.inputMatrix().data);
        this.state = new float[order];
        this.next = new float[order];
    }

    /** Advances the memory by one input sample. */
    public void update(float input) {
        for (int i = 0; i < order; i++) {
            float sum = inputVector[i] * input;
            int row = i * order;
            for (int j = 0; j < order; j++) {
                sum += stateMatrix[row + j] * state[j];
            }
            next[i] = sum;
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
