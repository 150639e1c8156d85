package org.medstream.infra.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.serde.AvroSerde;

/**
 * Reads the chunks that arrive on a topic after a mark, without a consumer group, so scenarios that
 * share one broker see only their own records.
 */
final class ChunkReader implements AutoCloseable {
    private final KafkaConsumer<String, SignalChunk> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Map<TopicPartition, Long> mark = new HashMap<>();

    /** Opens a consumer and marks the current end of every partition of {@code topic}. */
    ChunkReader(String bootstrapServers, String topic) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer =
                new KafkaConsumer<>(
                        properties, new StringDeserializer(), new AvroSerde<>(SignalChunk.class));
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        mark.putAll(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
    }

    /**
     * Reads from the mark until {@code count} records arrived or {@code timeout} passed, in
     * partition order: records of one key keep their order.
     */
    List<ConsumerRecord<String, SignalChunk>> read(int count, Duration timeout) {
        mark.forEach(consumer::seek);
        List<ConsumerRecord<String, SignalChunk>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /**
     * Reads from the mark until {@code count} records of key {@code key} arrived or {@code timeout}
     * passed, and returns their values in order.
     */
    List<SignalChunk> readKey(String key, int count, Duration timeout) {
        mark.forEach(consumer::seek);
        List<SignalChunk> values = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (values.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, SignalChunk> record :
                    consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(record.key())) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
