package org.medstream.model.lmu.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.medstream.model.lmu.ImpulseResponse;
import org.medstream.model.lmu.LegendreMemory;

/**
 * LMU memory in parallel form as a DJL block: maps the scalar input u of shape [batch, 1, time] to
 * the memory states m of shape [batch, d, time] by the causal convolution m_t = Σ_k H_k u_(t−k),
 * with H_k = Ā^k B̄ for k below the kernel length.
 *
 * <p>The taps come from {@link LegendreMemory} and are a constant, not a parameter: the block has
 * nothing to train or save, and a loaded model rebuilds the same taps from d and θ. A zero initial
 * state is assumed, as in the streaming {@code MemoryCell} after {@code reset()}. Terms with k at
 * or above the kernel length are dropped; they decay as ρ(Ā)^k.
 */
public final class LegendreMemoryConvolution extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int order;
    private final int kernelLength;
    private final float[] weights;

    /**
     * Creates a block for a memory of {@code order} coefficients over a window of {@code
     * thetaSamples} samples, truncated to {@code kernelLength} taps.
     */
    public LegendreMemoryConvolution(int order, double thetaSamples, int kernelLength) {
        super(VERSION);
        if (kernelLength < 1) {
            throw new IllegalArgumentException(
                    "kernel length must be at least 1 sample, got " + kernelLength);
        }
        this.order = order;
        this.kernelLength = kernelLength;

        ImpulseResponse response =
                LegendreMemory.discretise(order, thetaSamples).impulseResponse(kernelLength);
        // Conv1d computes a cross-correlation, so tap H_k sits at kernel position K − 1 − k.
        weights = new float[order * kernelLength];
        for (int k = 0; k < kernelLength; k++) {
            double[] tap = response.tap(k);
            int position = kernelLength - 1 - k;
            for (int i = 0; i < order; i++) {
                weights[i * kernelLength + position] = (float) tap[i];
            }
        }
    }

    /** Number of Legendre coefficients d. */
    public int order() {
        return order;
    }

    /** Number of taps K of the impulse response. */
    public int kernelLength() {
        return kernelLength;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        NDArray kernel =
                input.getManager()
                        .create(weights, new Shape(order, 1, kernelLength))
                        .toType(input.getDataType(), false);
        NDArray padded = input.pad(new Shape(kernelLength - 1, 0), 0);
        return Conv1d.conv1d(padded, kernel);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        return new Shape[] {new Shape(input.get(0), order, input.get(2))};
    }

    @Override
    public String toString() {
        return "LegendreMemoryConvolution(order=" + order + ", kernelLength=" + kernelLength + ")";
    }
}
