package org.medstream.ingest.replay;

/** A replay that could not send its chunks, for example because the broker is unreachable. */
public final class ReplayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
