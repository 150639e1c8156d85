package org.medstream.stream.kafka;

import org.medstream.schemas.SignalChunk;

/**
 * One Kafka record after decoding: the chunk, or the original bytes and the error when the value is
 * not a {@link SignalChunk}. A Flink POJO, so decoding never has to throw.
 */
public class DecodedChunk {
    public SignalChunk chunk;
    public byte[] undecodableBytes;
    public String error;

    /** Topic, partition and offset of the record, for dead letters. */
    public String origin;

    public DecodedChunk() {}
}
