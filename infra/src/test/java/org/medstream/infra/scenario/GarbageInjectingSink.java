package org.medstream.infra.scenario;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.medstream.ingest.replay.ChunkSink;
import org.medstream.schemas.SignalChunk;

/**
 * Passes chunks on to another sink and, once, writes a record that is no {@link SignalChunk} to the
 * same topic under one stream's key: right after the first chunk of that stream that reaches a
 * given sample index. Both sinks are flushed first, so the bad record lands between two chunks of
 * the stream on its partition.
 */
final class GarbageInjectingSink implements ChunkSink {
    private final ChunkSink delegate;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String streamId;
    private final long afterSampleIndex;
    private final byte[] garbage;
    private boolean injected;

    GarbageInjectingSink(
            ChunkSink delegate,
            String bootstrapServers,
            String topic,
            String streamId,
            long afterSampleIndex,
            byte[] garbage) {
        this.delegate = delegate;
        this.topic = topic;
        this.streamId = streamId;
        this.afterSampleIndex = afterSampleIndex;
        this.garbage = garbage.clone();
        this.producer =
                new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                        new StringSerializer(),
                        new ByteArraySerializer());
    }

    @Override
    public void send(SignalChunk chunk) {
        delegate.send(chunk);
        long endIndex = chunk.getFirstSampleIndex() + chunk.getFrameCount();
        if (!injected && chunk.getStreamId().equals(streamId) && endIndex >= afterSampleIndex) {
            delegate.flush();
            producer.send(new ProducerRecord<>(topic, streamId, garbage));
            producer.flush();
            injected = true;
        }
    }

    boolean injected() {
        return injected;
    }

    @Override
    public void flush() {
        delegate.flush();
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
        delegate.close();
    }
}
