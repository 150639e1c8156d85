package org.medstream.model.medtsllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Instance normalisation and patching of univariate windows, the steps before the patch embedding.
 */
public final class Patching {
    /** Added to the standard deviation so that a flat window does not divide by zero. */
    public static final float EPSILON = 1e-5f;

    private Patching() {}

    /**
     * Normalises each window [batch, T] to zero mean and unit standard deviation (population
     * standard deviation plus {@link #EPSILON}), without a learned affine map.
     */
    public static NDArray normalize(NDArray windows) {
        NDArray mean = windows.mean(new int[] {1}, true);
        NDArray centred = windows.sub(mean);
        NDArray std = centred.square().mean(new int[] {1}, true).sqrt();
        return centred.div(std.add(EPSILON));
    }

    /**
     * Cuts windows [batch, T] into patches [batch, patches, patchLength]. The window is first
     * extended at the end by one stride of copies of its last sample, so the last samples are also
     * covered by a full patch.
     */
    public static NDArray patch(NDArray windows, MedTsLlmConfig config) {
        long batch = windows.getShape().get(0);
        int length = Math.toIntExact(windows.getShape().get(1));
        if (length != config.windowLength()) {
            throw new IllegalArgumentException(
                    "windows have "
                            + length
                            + " samples, the network takes "
                            + config.windowLength());
        }
        int stride = config.patchStride();
        NDArray last = windows.get(":, {}:", length - 1).repeat(1, stride);
        NDArray padded = windows.concat(last, 1);

        NDArray indices = patchIndices(windows.getManager(), batch, config);
        return padded.gather(indices, 1).reshape(batch, config.patchCount(), config.patchLength());
    }

    /** Sample index of every patch position, [batch, patches · patchLength]. */
    private static NDArray patchIndices(NDManager manager, long batch, MedTsLlmConfig config) {
        int patches = config.patchCount();
        int patchLength = config.patchLength();
        int perWindow = patches * patchLength;
        long[] indices = new long[Math.toIntExact(batch * perWindow)];
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < patches; p++) {
                for (int k = 0; k < patchLength; k++) {
                    indices[b * perWindow + p * patchLength + k] =
                            (long) p * config.patchStride() + k;
                }
            }
        }
        return manager.create(indices, new Shape(batch, perWindow));
    }
}
