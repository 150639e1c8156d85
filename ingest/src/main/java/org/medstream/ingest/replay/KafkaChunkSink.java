package org.medstream.ingest.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.serde.AvroSerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes chunks to one Kafka topic, keyed by stream id, with an idempotent producer ({@code
 * enable.idempotence=true}, {@code acks=all}), so producer retries neither duplicate nor reorder
 * the chunks of a stream.
 */
public final class KafkaChunkSink implements ChunkSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaChunkSink.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, SignalChunk> producer;
    private final String topic;
    private final String bootstrapServers;
    private final AtomicReference<Failure> firstFailure = new AtomicReference<>();
    private final Map<String, Object> effectiveProperties;

    /**
     * Creates a producer.
     *
     * @param producerProperties Kafka producer settings, at least {@code bootstrap.servers}. The
     *     idempotence, acknowledgement and serializer settings are always set by this class
     */
    public KafkaChunkSink(Map<String, Object> producerProperties, String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "medstream-replayer");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.putAll(producerProperties);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        this.bootstrapServers =
                String.valueOf(properties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        if (!properties.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException(
                    "Missing producer setting bootstrap.servers; give the broker address, for"
                            + " example 127.0.0.1:9092");
        }
        this.effectiveProperties = Map.copyOf(properties);
        this.producer =
                new KafkaProducer<>(
                        properties, new StringSerializer(), new AvroSerde<>(SignalChunk.class));
        LOG.info("Started replay producer topic={} bootstrapServers={}", topic, bootstrapServers);
    }

    /** Creates a producer for the broker at {@code bootstrapServers}. */
    public static KafkaChunkSink to(String bootstrapServers, String topic) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaChunkSink(properties, topic);
    }

    /** Returns the producer settings after this class applied its own, for tests. */
    Map<String, Object> effectiveProperties() {
        return effectiveProperties;
    }

    @Override
    public void send(SignalChunk chunk) {
        throwIfFailed();
        try {
            producer.send(
                    new ProducerRecord<>(topic, chunk.getStreamId(), chunk),
                    (metadata, error) -> {
                        Failure failure =
                                new Failure(
                                        chunk.getStreamId(), chunk.getFirstSampleIndex(), error);
                        if (error != null && firstFailure.compareAndSet(null, failure)) {
                            LOG.error(
                                    "Failed to publish chunk streamId={} firstSampleIndex={}"
                                            + " topic={}",
                                    chunk.getStreamId(),
                                    chunk.getFirstSampleIndex(),
                                    topic,
                                    error);
                        }
                    });
        } catch (KafkaException e) {
            throw new ReplayException(
                    "Failed to send chunk at sample "
                            + chunk.getFirstSampleIndex()
                            + " of stream "
                            + chunk.getStreamId()
                            + " to "
                            + topic
                            + " on "
                            + bootstrapServers,
                    e);
        }
    }

    @Override
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    private void throwIfFailed() {
        Failure failure = firstFailure.get();
        if (failure != null) {
            throw new ReplayException(
                    "Failed to publish the chunk at sample "
                            + failure.firstSampleIndex()
                            + " of stream "
                            + failure.streamId()
                            + " to "
                            + topic
                            + " on "
                            + bootstrapServers
                            + " ("
                            + failure.error().getMessage()
                            + "). Check that the broker is running and the topic exists.",
                    failure.error());
        }
    }

    /** The first chunk whose delivery failed. */
    private record Failure(String streamId, long firstSampleIndex, Exception error) {}

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
        LOG.info("Stopped replay producer topic={} bootstrapServers={}", topic, bootstrapServers);
    }
}
