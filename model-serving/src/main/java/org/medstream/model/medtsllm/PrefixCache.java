package org.medstream.model.medtsllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.Map;
import org.medstream.model.llm.djl.KeyValueCache;
import org.medstream.model.llm.djl.LlamaDecoder;

/**
 * The backbone's keys and values of one prompt prefix, computed once and reused for every batch of
 * windows that shares the prefix (one stream and task). The prefix runs through the backbone once,
 * as one sequence; a batch of several windows gets a copy of it repeated for its size, kept until
 * {@link #releaseBatches}, because a {@link KeyValueCache} serves one batch size. Not thread-safe.
 */
public final class PrefixCache implements AutoCloseable {
    private final LlamaDecoder backbone;
    private final int[] prefixIds;
    private final NDManager manager;
    private KeyValueCache single;
    private final Map<Integer, KeyValueCache> batches = new HashMap<>();

    /**
     * Creates an empty cache of the prefix {@code prefixIds} (non-empty), whose arrays live in a
     * sub-manager of {@code parent}.
     */
    public PrefixCache(LlamaDecoder backbone, int[] prefixIds, NDManager parent) {
        if (prefixIds.length == 0) {
            throw new IllegalArgumentException("a prompt prefix needs at least one token");
        }
        this.backbone = backbone;
        this.prefixIds = prefixIds.clone();
        this.manager = parent.newSubManager();
    }

    /** Number of prefix tokens. */
    public int length() {
        return prefixIds.length;
    }

    /**
     * Returns the cache for a batch of {@code batch} windows, holding only the prefix, computing
     * the prefix on first use.
     */
    public KeyValueCache forBatch(int batch, ParameterStore store) {
        if (single == null) {
            single = backbone.newCache(manager);
            try (NDManager step = manager.newSubManager()) {
                NDArray ids = step.create(prefixIds).reshape(1, prefixIds.length);
                backbone.forward(store, backbone.embed(store, ids), null, single, false);
            }
        }
        if (batch == 1) {
            return single;
        }
        KeyValueCache cache = batches.get(batch);
        if (cache == null) {
            cache = single.copy(manager);
            cache.expandBatch(batch);
            batches.put(batch, cache);
        }
        return cache;
    }

    /** Frees the copies made for batches of several windows; the prefix itself stays computed. */
    public void releaseBatches() {
        for (KeyValueCache cache : batches.values()) {
            cache.close();
        }
        batches.clear();
    }

    /** Bytes of the computed prefix, without the copies for batches; 0 before first use. */
    public long bytes() {
        return single == null ? 0 : single.bytes();
    }

    @Override
    public void close() {
        manager.close();
    }
}
