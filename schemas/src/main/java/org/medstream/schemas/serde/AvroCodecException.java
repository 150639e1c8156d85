package org.medstream.schemas.serde;

/** A message that cannot be encoded or decoded with its Avro schema. */
public final class AvroCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AvroCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
