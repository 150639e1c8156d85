package org.medstream.ingest.hl7;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.serde.AvroSerde;
import org.medstream.schemas.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes chunks to {@code medstream.signals.raw} and dead letters to {@code
 * medstream.signals.deadletter}, keyed by stream id, with idempotent producers ({@code
 * enable.idempotence=true}, {@code acks=all}).
 *
 * <p>A chunk's future completes when the broker acknowledged the record, so an HL7 ACK sent after
 * it means the chunk is in Kafka on every in-sync replica.
 */
public final class KafkaWaveformSink implements WaveformSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaWaveformSink.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, SignalChunk> chunkProducer;
    private final KafkaProducer<String, DeadLetter> deadLetterProducer;
    private final String chunkTopic;
    private final String deadLetterTopic;
    private final String bootstrapServers;

    /**
     * Creates the producers.
     *
     * @param producerProperties Kafka producer settings, at least {@code bootstrap.servers}; this
     *     class always sets idempotence, acknowledgements and serializers
     */
    public KafkaWaveformSink(
            Map<String, Object> producerProperties, String chunkTopic, String deadLetterTopic) {
        this.chunkTopic = Objects.requireNonNull(chunkTopic, "chunkTopic");
        this.deadLetterTopic = Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        if (!producerProperties.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException(
                    "Missing producer setting bootstrap.servers; give the broker address, for"
                            + " example 127.0.0.1:9092");
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "medstream-mllp");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // send() runs under the listener's ordering lock and blocks while the broker's metadata
        // is missing, so a Kafka outage stalls every connection for this long per message.
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        properties.putAll(producerProperties);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        this.bootstrapServers =
                String.valueOf(properties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));

        this.chunkProducer =
                new KafkaProducer<>(
                        properties, new StringSerializer(), new AvroSerde<>(SignalChunk.class));
        Map<String, Object> deadLetterProperties = new HashMap<>(properties);
        deadLetterProperties.put(
                ProducerConfig.CLIENT_ID_CONFIG,
                properties.get(ProducerConfig.CLIENT_ID_CONFIG) + "-dlq");
        this.deadLetterProducer =
                new KafkaProducer<>(
                        deadLetterProperties,
                        new StringSerializer(),
                        new AvroSerde<>(DeadLetter.class));
        LOG.info(
                "Started MLLP producers chunkTopic={} deadLetterTopic={} bootstrapServers={}",
                chunkTopic,
                deadLetterTopic,
                bootstrapServers);
    }

    /** Creates producers for the broker at {@code bootstrapServers} and the medstream topics. */
    public static KafkaWaveformSink to(String bootstrapServers) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaWaveformSink(
                properties, Topics.SIGNALS_RAW.name(), Topics.SIGNALS_DEAD_LETTER.name());
    }

    @Override
    public CompletableFuture<Void> publish(List<SignalChunk> chunks) {
        CompletableFuture<?>[] deliveries = new CompletableFuture<?>[chunks.size()];
        for (int i = 0; i < chunks.size(); i++) {
            SignalChunk chunk = chunks.get(i);
            CompletableFuture<Void> delivery = new CompletableFuture<>();
            deliveries[i] = delivery;
            try {
                chunkProducer.send(
                        new ProducerRecord<>(chunkTopic, chunk.getStreamId(), chunk),
                        (metadata, error) -> {
                            if (error == null) {
                                delivery.complete(null);
                            } else {
                                delivery.completeExceptionally(
                                        failure("chunk of stream " + chunk.getStreamId(), error));
                            }
                        });
            } catch (KafkaException e) {
                delivery.completeExceptionally(
                        failure("chunk of stream " + chunk.getStreamId(), e));
            }
        }
        return CompletableFuture.allOf(deliveries);
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        String description = "dead letter " + deadLetter.getReasonCode();
        try {
            deadLetterProducer
                    .send(
                            new ProducerRecord<>(
                                    deadLetterTopic, deadLetter.getStreamId(), deadLetter))
                    .get(DEAD_LETTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(description, e);
        } catch (ExecutionException e) {
            throw failure(description, e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw failure(description, e);
        }
    }

    private SinkException failure(String description, Throwable error) {
        return new SinkException(
                "Failed to write the "
                        + description
                        + " to Kafka at "
                        + bootstrapServers
                        + ": "
                        + error.getMessage(),
                error);
    }

    @Override
    public void close() {
        chunkProducer.close(CLOSE_TIMEOUT);
        deadLetterProducer.close(CLOSE_TIMEOUT);
        LOG.info("Stopped MLLP producers bootstrapServers={}", bootstrapServers);
    }
}
