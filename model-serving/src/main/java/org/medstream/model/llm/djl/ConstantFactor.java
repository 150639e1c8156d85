package org.medstream.model.llm.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplication by a constant that is safe inside a gradient computation.
 *
 * <p>On DJL 0.36's PyTorch engine, {@code NDArray.div(Number)} and {@code mul(Number)} wrap the
 * number in a tensor that points into a Java direct buffer and close that tensor right after the
 * operation. Autograd keeps the tensor to compute the gradient. Once the garbage collector has
 * freed the buffer, the backward pass reads freed memory. In a test of x / 8 with a collection and
 * fresh direct buffers between forward and backward, 13 of 20 gradients came out infinite instead
 * of 0.125. MedTsLLM training hit NaN gradients in about one short run of a hundred. Here the
 * constant is a tensor that PyTorch allocates itself, which autograd keeps alive for as long as it
 * needs it.
 */
public final class ConstantFactor {
    private ConstantFactor() {}

    /** Returns {@code x · factor}, with the factor in {@code x}'s data type. */
    public static NDArray multiply(NDArray x, double factor) {
        try (NDArray constant = x.getManager().full(new Shape(), (float) factor, x.getDataType())) {
            return x.mul(constant);
        }
    }
}
