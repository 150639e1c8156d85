package org.medstream.model.serve.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue of one model's pending requests, from which workers take batches. A batch
 * starts with the oldest request and takes the following ones while they fit into the maximum
 * number of windows, waiting up to the maximum wait after the first for more to arrive. A request
 * with more windows than the maximum runs as a batch of its own. After {@link #close()} the queue
 * takes no new requests and hands out the queued ones without waiting. Thread-safe.
 */
final class BatchQueue {
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<PendingRequest> requests = new ArrayDeque<>();
    private boolean closed;

    /** Creates a queue of at most {@code capacity} requests. */
    BatchQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Queues {@code request}; false when the queue is full or closed. */
    boolean offer(PendingRequest request) {
        lock.lock();
        try {
            if (closed || requests.size() >= capacity) {
                return false;
            }
            requests.add(request);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a request and returns the next batch; an empty list once the queue is closed and
     * empty.
     *
     * @param maxWindows windows after which a batch is full
     * @param maxWaitNanos longest wait for more requests after the first one
     */
    List<PendingRequest> takeBatch(int maxWindows, long maxWaitNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (requests.isEmpty()) {
                if (closed) {
                    return List.of();
                }
                changed.await();
            }
            List<PendingRequest> batch = new ArrayList<>();
            PendingRequest first = requests.poll();
            batch.add(first);
            int windows = first.windows().size();
            long deadline = System.nanoTime() + maxWaitNanos;
            while (windows < maxWindows) {
                PendingRequest next = requests.peek();
                if (next != null) {
                    if (windows + next.windows().size() > maxWindows) {
                        break;
                    }
                    batch.add(requests.poll());
                    windows += next.windows().size();
                    continue;
                }
                long remaining = deadline - System.nanoTime();
                if (closed || remaining <= 0) {
                    break;
                }
                changed.awaitNanos(remaining);
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of queued requests. */
    int size() {
        lock.lock();
        try {
            return requests.size();
        } finally {
            lock.unlock();
        }
    }

    /** Takes no more requests; workers drain the queued ones. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
