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
 * windows that shares the prefix (one stream and task). A cache is kept per batch size, because a
 * {@link KeyValueCache} serves one batch size; a run of equal batches and a shorter last one
 * computes the prefix twice. Not thread-safe.
 */
public final class PrefixCache implements AutoCloseable {
    private final LlamaDecoder backbone;
    private final int[] prefixIds;
    private final NDManager manager;
    private final Map<Integer, KeyValueCache> caches = new HashMap<>();

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
     * Returns the cache for a batch of {@code batch} windows, holding only the prefix, computing it
     * on first use.
     */
    public KeyValueCache forBatch(int batch, ParameterStore store) {
        KeyValueCache cache = caches.get(batch);
        if (cache != null) {
            return cache;
        }
        cache = backbone.newCache(manager);
        try (NDManager step = manager.newSubManager()) {
            NDArray ids = step.create(prefixIds).reshape(1, prefixIds.length);
            backbone.forward(store, backbone.embed(store, ids), null, cache, false);
        }
        if (batch > 1) {
            cache.expandBatch(batch);
        }
        caches.put(batch, cache);
        return cache;
    }

    @Override
    public void close() {
        manager.close();
    }
}
