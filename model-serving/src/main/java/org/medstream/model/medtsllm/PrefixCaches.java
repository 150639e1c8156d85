package org.medstream.model.medtsllm;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.medstream.model.llm.djl.LlamaDecoder;

/**
 * The prompt prefixes one model has computed, kept across batches so that the windows of a stream
 * that arrive batch after batch reuse their prefix instead of running it through the backbone
 * again. A stream's prefix changes only with its patient context, so in a job or a server the same
 * few prefixes recur for as long as their streams run.
 *
 * <p>The computed prefixes are kept up to a byte budget; the least recently used are freed first,
 * and the most recently used one is always kept, so that even a prefix larger than the budget is
 * reused by consecutive batches. Not thread-safe; keep one per model instance.
 */
public final class PrefixCaches implements AutoCloseable {
    /**
     * Default budget: 64 MiB. A prefix takes 2 × layers × key/value width × 4 bytes per token: 1280
     * bytes on stories260K, so 440 KB for the default prompt's 344 tokens, and 1 MiB on Llama-2-7B
     * in float32.
     */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    private final LlamaDecoder backbone;
    private final NDManager manager;
    private long maxBytes;
    private final LinkedHashMap<Key, PrefixCache> prefixes = new LinkedHashMap<>(16, 0.75f, true);
    private long hits;
    private long misses;

    /** Token ids compared by value, as a map key. */
    private record Key(int[] ids) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Arrays.equals(ids, key.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }
    }

    /**
     * Creates an empty set of prefixes whose arrays live in a sub-manager of {@code parent}.
     *
     * @param maxBytes how many bytes of computed prefixes to keep (0 keeps only the last one)
     */
    public PrefixCaches(LlamaDecoder backbone, NDManager parent, long maxBytes) {
        maxBytes(maxBytes);
        this.backbone = backbone;
        this.manager = parent.newSubManager();
    }

    /**
     * Sets how many bytes of computed prefixes to keep (0 keeps only the last one), from the next
     * {@link #release} on.
     */
    public void maxBytes(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException(
                    "Invalid prefix cache budget " + maxBytes + " bytes; expected 0 or more");
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Returns the cache of the prefix {@code prefixIds}, computed earlier or empty. It stays owned
     * by this object: do not close it, and call {@link #release} when the batch that uses it is
     * done.
     */
    public PrefixCache get(int[] prefixIds) {
        Key key = new Key(prefixIds.clone());
        PrefixCache prefix = prefixes.get(key);
        if (prefix != null && prefix.bytes() > 0) {
            hits++;
            return prefix;
        }
        misses++;
        if (prefix == null) {
            prefix = new PrefixCache(backbone, prefixIds, manager);
            prefixes.put(key, prefix);
        }
        return prefix;
    }

    /**
     * Ends a batch: frees the copies its prefixes made for batch sizes above one, and the least
     * recently used prefixes while the rest exceed the budget.
     */
    public void release() {
        long bytes = 0;
        for (PrefixCache prefix : prefixes.values()) {
            prefix.releaseBatches();
            bytes += prefix.bytes();
        }
        Iterator<PrefixCache> eldestFirst = prefixes.values().iterator();
        while (bytes > maxBytes && prefixes.size() > 1) {
            PrefixCache eldest = eldestFirst.next();
            bytes -= eldest.bytes();
            eldest.close();
            eldestFirst.remove();
        }
    }

    /** Number of prefixes kept. */
    public int size() {
        return prefixes.size();
    }

    /** Requests for a prefix that had been computed before. */
    public long hits() {
        return hits;
    }

    /** Requests for a prefix that had to be computed. */
    public long misses() {
        return misses;
    }

    @Override
    public void close() {
        prefixes.clear();
        manager.close();
    }
}
