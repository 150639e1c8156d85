package org.medstream.model.llm;

import java.util.Arrays;

/**
 * A float32 tensor in host memory, row-major: the last dimension of {@code shape} varies fastest. A
 * weight matrix has shape [out, in], as in PyTorch's {@code Linear}.
 *
 * @param name the tensor's name in the file it came from
 * @param shape the dimensions, outermost first
 * @param values the elements in row-major order, {@code product(shape)} of them
 */
public record FloatTensor(String name, long[] shape, float[] values) {
    public FloatTensor {
        long count = elementCount(shape);
        if (count != values.length) {
            throw new IllegalArgumentException(
                    "Tensor "
                            + name
                            + " has shape "
                            + Arrays.toString(shape)
                            + " ("
                            + count
                            + " elements) but "
                            + values.length
                            + " values");
        }
    }

    /** Number of elements in a tensor of {@code shape}; 1 for a scalar. */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dimension : shape) {
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    /** Returns whether the shape equals {@code expected}. */
    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    @Override
    public String toString() {
        return "FloatTensor(" + name + ", " + Arrays.toString(shape) + ")";
    }
}
