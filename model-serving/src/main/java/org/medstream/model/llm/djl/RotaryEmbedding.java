package org.medstream.model.llm.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Rotary position embeddings in the rotate-half layout: coordinate i of a head is rotated together
 * with coordinate i + headDimension/2, by the angle position · θ^(−2i/headDimension).
 */
final class RotaryEmbedding {
    private final float[] inverseFrequencies;

    RotaryEmbedding(int headDimension, double theta) {
        inverseFrequencies = new float[headDimension / 2];
        for (int i = 0; i < inverseFrequencies.length; i++) {
            inverseFrequencies[i] = (float) (1.0 / Math.pow(theta, 2.0 * i / headDimension));
        }
    }

    /**
     * Returns the cosines and sines for {@code positions} (float, [batch or 1, length]), each of
     * shape [batch or 1, 1, length, headDimension], ready to broadcast over the heads.
     */
    NDList cosinesAndSines(NDArray positions) {
        NDArray frequencies = positions.getManager().create(inverseFrequencies);
        NDArray angles = positions.expandDims(-1).mul(frequencies);
        NDArray doubled = angles.concat(angles, -1).expandDims(1);
        return new NDList(doubled.cos(), doubled.sin());
    }

    /**
     * Rotates {@code x} of shape [batch, heads, length, headDimension]: x·cos + rotateHalf(x)·sin,
     * where rotateHalf(x) = [−x₂, x₁] for the halves x₁, x₂ of the last axis.
     */
    static NDArray rotate(NDArray x, NDArray cosines, NDArray sines) {
        NDList halves = x.split(2, 3);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(cosines).add(rotated.mul(sines));
    }
}
