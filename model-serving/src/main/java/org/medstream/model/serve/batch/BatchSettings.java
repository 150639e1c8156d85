package org.medstream.model.serve.batch;

import java.time.Duration;

/**
 * Batching, queue and worker settings of one model.
 *
 * @param maxBatchWindows windows after which a batch is full
 * @param maxWait longest time a batch waits for more requests after its first one
 * @param queueCapacity requests that may wait per model; more are rejected with HTTP 429
 * @param workers worker threads per model, each with its own predictor
 * @param shutdownTimeout longest time {@link ModelWorkers#close()} waits for queued work
 */
public record BatchSettings(
        int maxBatchWindows,
        Duration maxWait,
        int queueCapacity,
        int workers,
        Duration shutdownTimeout) {

    public BatchSettings {
        requireAtLeast("max batch windows", maxBatchWindows, 1);
        requireAtLeast("queue capacity", queueCapacity, 1);
        requireAtLeast("workers", workers, 1);
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException(
                    "Invalid max wait " + maxWait.toMillis() + " ms; expected 0 ms or more");
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "Invalid shutdown timeout "
                            + shutdownTimeout.toMillis()
                            + " ms; expected 0 ms or more");
        }
    }

    private static void requireAtLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(
                    "Invalid " + name + " " + value + "; expected " + minimum + " or more");
        }
    }
}
