package org.medstream.model.llm;

/**
 * Row order of the query and key projections for rotary position embeddings (RoPE).
 *
 * <p>RoPE rotates pairs of coordinates of each head. Meta's original Llama code, llama2.c and
 * llama.cpp pair neighbouring coordinates (2i, 2i + 1). Hugging Face's {@code transformers} pairs
 * coordinate i with i + headDimension/2 ("rotate half"), and its checkpoint converter permutes the
 * rows of W_q and W_k so that both give the same model. llama.cpp's converter undoes that
 * permutation when it writes GGUF, so GGUF files store Q and K rows in the interleaved order.
 *
 * <p>This decoder uses the rotate-half layout, so Hugging Face weights load unchanged and GGUF
 * weights pass through {@link #interleavedToHalves} once, at load time. Within head h, row
 * h·headDimension + 2i + j of the interleaved layout becomes row h·headDimension +
 * j·headDimension/2 + i, for i below headDimension/2 and j in {0, 1}.
 */
public final class RotaryLayout {
    private RotaryLayout() {}

    /**
     * Reorders the rows of a GGUF query or key weight [heads · headDimension, in] from interleaved
     * pairs to the rotate-half layout.
     */
    public static FloatTensor interleavedToHalves(FloatTensor weight, int heads) {
        return permuteRows(weight, heads, true);
    }

    /** Reorders rows from the rotate-half layout to interleaved pairs, the inverse. */
    public static FloatTensor halvesToInterleaved(FloatTensor weight, int heads) {
        return permuteRows(weight, heads, false);
    }

    private static FloatTensor permuteRows(FloatTensor weight, int heads, boolean toHalves) {
        long[] shape = weight.shape();
        if (shape.length != 2 || shape[0] % (2L * heads) != 0) {
            throw new IllegalArgumentException(
                    "cannot reorder the rows of "
                            + weight
                            + " for "
                            + heads
                            + " heads: rows must be a multiple of 2 · heads");
        }
        int rows = (int) shape[0];
        int columns = (int) shape[1];
        int headDimension = rows / heads;
        int half = headDimension / 2;

        float[] source = weight.values();
        float[] target = new float[source.length];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < 2; j++) {
                    int interleaved = h * headDimension + 2 * i + j;
                    int halves = h * headDimension + j * half + i;
                    int from = toHalves ? interleaved : halves;
                    int to = toHalves ? halves : interleaved;
                    System.arraycopy(source, from * columns, target, to * columns, columns);
                }
            }
        }
        return new FloatTensor(weight.name(), shape, target);
    }
}
