package org.medstream.ingest.validate;

import org.medstream.schemas.DeadLetterReason;

/** Why a chunk was rejected: the dead-letter reason code and a message naming field and value. */
public record ChunkViolation(DeadLetterReason reason, String message) {}
