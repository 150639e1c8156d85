package org.medstream.model.llm.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of the tokens a {@link LlamaDecoder} has already processed, per layer, so that
 * later tokens attend to them without recomputing them. Keys are stored after the rotary embedding
 * and before grouped-query heads are repeated: [batch, kvHeads, length, headDimension].
 *
 * <p>The cache also keeps the attention mask of the cached tokens (null while every token is real),
 * which gives the position of each new token: the number of real tokens before it. A typical use
 * computes a prompt once, then for each window appends tokens, reads the output, and calls {@link
 * #truncate} back to the prompt length.
 *
 * <p>The arrays live in the cache's own manager, so they outlive the caller's per-step managers;
 * {@link #close} frees them. Not thread-safe.
 */
public final class KeyValueCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private NDArray mask;
    private long batchSize = -1;
    private int length;

    KeyValueCache(int layers, NDManager parent) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Number of cached positions, padding included. */
    public int length() {
        return length;
    }

    /**
     * Drops every position from {@code newLength} on, e.g. to return to a computed prompt.
     *
     * @throws IllegalArgumentException when {@code newLength} is negative or above {@link #length}
     */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException(
                    "cannot truncate a cache of " + length + " positions to " + newLength);
        }
        if (newLength == length) {
            return;
        }
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = replace(keys[layer], keys[layer].get(":, :, :{}", newLength));
            values[layer] = replace(values[layer], values[layer].get(":, :, :{}", newLength));
        }
        if (mask != null) {
            mask = replace(mask, mask.get(":, :{}", newLength));
        }
        length = newLength;
    }

    /**
     * Repeats a cache of one sequence for a batch of {@code batch} sequences, so that a prompt
     * computed once serves a batch of windows that share it.
     *
     * @throws IllegalStateException when the cache is empty or already contains more than one
     *     sequence
     */
    public void expandBatch(int batch) {
        if (length == 0 || batchSize != 1) {
            throw new IllegalStateException(
                    "only a filled cache of one sequence can be expanded, this one has "
                            + Math.max(batchSize, 0)
                            + " sequences of "
                            + length
                            + " positions");
        }
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = replace(keys[layer], repeatFirstAxis(keys[layer], batch));
            values[layer] = replace(values[layer], repeatFirstAxis(values[layer], batch));
        }
        if (mask != null) {
            mask = replace(mask, repeatFirstAxis(mask, batch));
        }
        batchSize = batch;
    }

    private static NDArray repeatFirstAxis(NDArray array, int batch) {
        long[] shape = array.getShape().getShape();
        shape[0] = batch;
        return array.broadcast(new Shape(shape));
    }

    /**
     * Returns a copy of this cache whose arrays live in a sub-manager of {@code parent}, so that
     * the copy can be expanded or extended while this one stays as it is.
     */
    public KeyValueCache copy(NDManager parent) {
        KeyValueCache copy = new KeyValueCache(keys.length, parent);
        for (int layer = 0; layer < keys.length; layer++) {
            if (keys[layer] != null) {
                copy.keys[layer] = copyFor(keys[layer], copy.manager);
                copy.values[layer] = copyFor(values[layer], copy.manager);
            }
        }
        copy.mask = mask == null ? null : copyFor(mask, copy.manager);
        copy.batchSize = batchSize;
        copy.length = length;
        return copy;
    }

    /** Bytes held by the cached keys, values and mask. */
    public long bytes() {
        long bytes = arrayBytes(mask);
        for (int layer = 0; layer < keys.length; layer++) {
            bytes += arrayBytes(keys[layer]) + arrayBytes(values[layer]);
        }
        return bytes;
    }

    private static long arrayBytes(NDArray array) {
        return array == null ? 0 : array.size() * array.getDataType().getNumOfBytes();
    }

    /**
     * Appends the mask of {@code newLength} new positions and returns a copy of the mask of all
     * positions, [batch, length + newLength], owned by {@code caller}; null while no position is
     * padding.
     */
    NDArray extendMask(NDArray newMask, long batch, long newLength, NDManager caller) {
        if (batchSize >= 0 && batch != batchSize) {
            throw new IllegalArgumentException(
                    "input has a batch of "
                            + batch
                            + " sequences but the cache has "
                            + batchSize
                            + "; expand a cache of one sequence with expandBatch, or use a new"
                            + " cache");
        }
        batchSize = batch;
        if (newMask == null && mask == null) {
            return null;
        }
        NDArray past = mask != null ? mask : manager.ones(new Shape(batch, length));
        NDArray added =
                newMask != null
                        ? newMask.toType(DataType.FLOAT32, true)
                        : manager.ones(new Shape(batch, newLength));
        NDArray extended = past.concat(added.toDevice(past.getDevice(), false), 1);
        extended.attach(manager);
        past.close();
        added.close();
        mask = extended;
        return copyFor(mask, caller);
    }

    /**
     * Appends one layer's new keys and values and returns copies of all of that layer's keys and
     * values, owned by the manager of {@code newKeys}. The length grows once per forward pass, by
     * {@link #advance}.
     */
    NDArray[] append(int layer, NDArray newKeys, NDArray newValues) {
        keys[layer] = concatenate(keys[layer], newKeys);
        values[layer] = concatenate(values[layer], newValues);
        NDManager caller = newKeys.getManager();
        return new NDArray[] {copyFor(keys[layer], caller), copyFor(values[layer], caller)};
    }

    void advance(long added) {
        length = Math.toIntExact(length + added);
    }

    private NDArray concatenate(NDArray cached, NDArray added) {
        NDArray result = cached == null ? copy(added) : cached.concat(added, 2);
        result.attach(manager);
        if (cached != null) {
            cached.close();
        }
        return result;
    }

    /**
     * Copies a cached array into {@code caller}, so that operations on it, whose results DJL puts
     * in the manager of their first operand, allocate there and not in the cache.
     */
    private static NDArray copyFor(NDArray cached, NDManager caller) {
        NDArray copy = copy(cached);
        copy.attach(caller);
        return copy;
    }

    /**
     * Returns a copy that keeps the autograd history, so that gradients reach the trainable layers
     * whose outputs the cached keys and values of a window depend on. On DJL 0.36's PyTorch engine
     * {@code duplicate()} returns an array without that history, and adding 0 does not.
     */
    private static NDArray copy(NDArray array) {
        return array.add(0);
    }

    private NDArray replace(NDArray old, NDArray shorter) {
        NDArray copy = copy(shorter);
        copy.attach(manager);
        shorter.close();
        old.close();
        return copy;
    }

    @Override
    public void close() {
        manager.close();
    }
}
