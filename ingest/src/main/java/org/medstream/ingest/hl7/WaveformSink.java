package org.medstream.ingest.hl7;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;

/**
 * Destination of the listener's chunks and dead letters: Kafka in production ({@link
 * KafkaWaveformSink}), memory in tests.
 */
public interface WaveformSink extends AutoCloseable {
    /**
     * Starts delivering chunks in the given order. The listener calls it under a lock, so chunks of
     * one stream reach the sink in sample order, and it must not wait for the delivery itself.
     *
     * @return a future that completes once every chunk is stored (for Kafka: acknowledged by the
     *     broker), or completes exceptionally when one could not be stored
     */
    CompletableFuture<Void> publish(List<SignalChunk> chunks);

    /**
     * Stores one dead letter and waits until it is stored.
     *
     * @throws SinkException if it could not be stored
     */
    void deadLetter(DeadLetter deadLetter);

    @Override
    void close();
}
