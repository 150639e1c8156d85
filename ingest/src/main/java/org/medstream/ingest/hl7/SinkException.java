package org.medstream.ingest.hl7;

/** A chunk or dead letter that the sink could not store; the sender may resend the message. */
public final class SinkException extends RuntimeException {
    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
