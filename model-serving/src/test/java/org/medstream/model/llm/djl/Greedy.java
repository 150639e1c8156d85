package org.medstream.model.llm.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.medstream.model.llm.LlamaModel;

/** Greedy (temperature 0) decoding for tests, with or without a key/value cache. */
final class Greedy {
    /**
     * Tokens generated after the first token and the last-position logits of every step.
     *
     * @param tokens generated token ids, one per step
     * @param logits the logits that chose each token
     */
    record Result(int[] tokens, float[][] logits) {}

    private Greedy() {}

    /**
     * Feeds {@code first} and appends the argmax token {@code steps} times, computing only the new
     * token each step through a {@link KeyValueCache}.
     */
    static Result withCache(LlamaModel model, int first, int steps) {
        LlamaDecoder decoder = model.decoder();
        int[] tokens = new int[steps];
        float[][] logits = new float[steps][];
        try (NDManager manager = model.manager().newSubManager();
                KeyValueCache cache = decoder.newCache(manager)) {
            ParameterStore store = new ParameterStore(manager, false);
            int token = first;
            for (int step = 0; step < steps; step++) {
                try (NDManager stepManager = manager.newSubManager()) {
                    NDArray ids = stepManager.create(new long[][] {{token}});
                    NDArray embeddings = decoder.embed(store, ids);
                    NDArray output = decoder.forward(store, embeddings, null, cache, true).logits();
                    logits[step] = output.get(0, -1).toFloatArray();
                }
                token = argmax(logits[step]);
                tokens[step] = token;
            }
        }
        return new Result(tokens, logits);
    }

    /** Decodes the same way without a cache, so every step recomputes the whole sequence. */
    static Result withoutCache(LlamaModel model, int first, int steps) {
        LlamaDecoder decoder = model.decoder();
        long[] sequence = new long[steps + 1];
        sequence[0] = first;
        int[] tokens = new int[steps];
        float[][] logits = new float[steps][];
        try (NDManager manager = model.manager().newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            for (int step = 0; step < steps; step++) {
                try (NDManager stepManager = manager.newSubManager()) {
                    long[] prefix = java.util.Arrays.copyOf(sequence, step + 1);
                    NDArray ids = stepManager.create(prefix).reshape(1, step + 1);
                    NDArray embeddings = decoder.embed(store, ids);
                    NDArray output = decoder.forward(store, embeddings, null, null, true).logits();
                    logits[step] = output.get(0, -1).toFloatArray();
                }
                tokens[step] = argmax(logits[step]);
                sequence[step + 1] = tokens[step];
            }
        }
        return new Result(tokens, logits);
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    static double maxAbsoluteDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
