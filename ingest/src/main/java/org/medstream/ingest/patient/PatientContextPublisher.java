package org.medstream.ingest.patient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes patient contexts to the compacted {@link Topics#PATIENTS} topic, keyed by stream id,
 * with an idempotent producer ({@code enable.idempotence=true}, {@code acks=all}). Compaction keeps
 * the latest context per stream id.
 */
public final class PatientContextPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PatientContextPublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, PatientContext> producer;
    private final String topic;
    private final String bootstrapServers;

    /**
     * Creates a producer.
     *
     * @param producerProperties Kafka producer settings, at least {@code bootstrap.servers}; the
     *     idempotence and acknowledgement settings are always set by this class
     */
    public PatientContextPublisher(Map<String, Object> producerProperties) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "medstream-patients");
        properties.putAll(producerProperties);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        if (!properties.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException(
                    "Missing producer setting bootstrap.servers; give the broker address, for"
                            + " example 127.0.0.1:9092");
        }
        this.topic = Topics.PATIENTS.name();
        this.bootstrapServers =
                String.valueOf(properties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.producer =
                new KafkaProducer<>(
                        properties,
                        Topics.PATIENTS.keySerde().serializer(),
                        Topics.PATIENTS.valueSerde().serializer());
        LOG.info("Started patient producer topic={} bootstrapServers={}", topic, bootstrapServers);
    }

    /** Creates a producer for the broker at {@code bootstrapServers}. */
    public static PatientContextPublisher to(String bootstrapServers) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new PatientContextPublisher(properties);
    }

    /**
     * Sends the contexts in order and waits until the broker has acknowledged every one.
     *
     * @return number of contexts published
     * @throws PatientPublishException when a send fails; the contexts before it may be published
     */
    public int publish(List<PatientContext> contexts) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (PatientContext context : contexts) {
            sends.add(producer.send(new ProducerRecord<>(topic, context.getStreamId(), context)));
        }
        producer.flush();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get();
            } catch (ExecutionException e) {
                // A stream id may name a bed or patient, so the log gets its hash only.
                String streamId = contexts.get(i).getStreamId();
                LOG.error(
                        "Failed to publish patient context streamKeyHash={} topic={}",
                        Integer.toHexString(streamId.hashCode()),
                        topic,
                        e.getCause());
                throw new PatientPublishException(
                        "Failed to publish the patient context of stream "
                                + streamId
                                + " to "
                                + topic
                                + " on "
                                + bootstrapServers
                                + " ("
                                + e.getCause().getMessage()
                                + "). Check that the broker is running and the topic exists.",
                        e.getCause());
            }
        }
        LOG.info("Published patient contexts count={} topic={}", contexts.size(), topic);
        return contexts.size();
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
        LOG.info("Stopped patient producer topic={} bootstrapServers={}", topic, bootstrapServers);
    }
}
