package org.medstream.ingest.validate;

import java.nio.ByteBuffer;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.medstream.schemas.serde.AvroCodec;
import org.medstream.schemas.time.EpochMicros;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the {@link DeadLetter} of a rejected chunk, carrying its Avro bytes for a replay. */
public final class ChunkDeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkDeadLetters.class);

    private final String source;
    private final AvroCodec<SignalChunk> codec = AvroCodec.of(SignalChunk.class);

    /**
     * @param source topic, file or stage the chunks came from
     */
    public ChunkDeadLetters(String source) {
        this.source = source;
    }

    public DeadLetter create(SignalChunk chunk, ChunkViolation violation) {
        LOG.warn(
                "Rejected chunk reason={} stream={} firstSampleIndex={}",
                violation.reason(),
                StreamKeyHash.of(chunk.getStreamId()),
                chunk.getFirstSampleIndex());
        return DeadLetter.newBuilder()
                .setSource(source)
                .setStreamId(chunk.getStreamId())
                .setReasonCode(violation.reason())
                .setMessage(violation.message())
                .setOriginalBytes(encodeOrNull(chunk))
                .setFailedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                .build();
    }

    private ByteBuffer encodeOrNull(SignalChunk chunk) {
        try {
            return ByteBuffer.wrap(codec.encode(chunk));
        } catch (RuntimeException e) {
            LOG.warn(
                    "Failed to encode rejected chunk stream={}; its dead letter carries no bytes",
                    StreamKeyHash.of(chunk.getStreamId()),
                    e);
            return null;
        }
    }
}
