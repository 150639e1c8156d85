package org.medstream.ingest.replay;

import org.medstream.schemas.SignalChunk;

/** Destination of replayed chunks: a Kafka topic in production, a list in unit tests. */
public interface ChunkSink extends AutoCloseable {
    /**
     * Sends one chunk, keyed by its stream id. It may return before the chunk is delivered.
     *
     * @throws ReplayException if an earlier send failed
     */
    void send(SignalChunk chunk);

    /**
     * Blocks until every chunk sent so far is delivered.
     *
     * @throws ReplayException if a send failed
     */
    void flush();

    @Override
    void close();
}
