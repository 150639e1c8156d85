package org.medstream.model.serve.batch;

/**
 * A model's queue is full, or closed because the server is stopping. The server then responds HTTP
 * 429 (503 while stopping), and the client retries later.
 */
public final class QueueFullException extends Exception {
    private final boolean closed;

    QueueFullException(String message, boolean closed) {
        super(message);
        this.closed = closed;
    }

    /** True when the queue rejected the request because the server is stopping. */
    public boolean closed() {
        return closed;
    }
}
