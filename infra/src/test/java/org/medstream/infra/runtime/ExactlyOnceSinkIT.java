package org.medstream.infra.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.medstream.infra.flink.EmbeddedFlink;

/**
 * A Flink job on the embedded cluster writes to the embedded broker through the exactly-once Kafka
 * sink, and a read_committed consumer sees every record once the final checkpoint commits.
 */
class ExactlyOnceSinkIT {
    private static final String TOPIC = "exactly-once-sink-it";

    @Test
    void exactlyOnceSinkCommitsOnCheckpoint() throws Exception {
        try (EmbeddedRuntime runtime =
                EmbeddedRuntime.builder()
                        .optFlink(EmbeddedFlink.builder().optWebUiPort(0).optTaskSlots(2))
                        .optShutdownHook(false)
                        .start()) {
            runtime.kafka().createTopic(TOPIC, 1);
            String bootstrapServers = runtime.kafka().bootstrapServers();

            StreamExecutionEnvironment environment = runtime.flink().environment();
            environment.enableCheckpointing(200);
            environment
                    .fromData("beat-1", "beat-2", "beat-3")
                    .sinkTo(exactlyOnceSink(bootstrapServers))
                    .name("kafka-sink")
                    .uid("kafka-sink");
            environment.execute("exactly-once-sink-it");

            assertThat(readCommitted(bootstrapServers, 3))
                    .containsExactlyInAnyOrder("beat-1", "beat-2", "beat-3");
        }
    }

    private static KafkaSink<String> exactlyOnceSink(String bootstrapServers) {
        return KafkaSink.<String>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(
                        KafkaRecordSerializationSchema.<String>builder()
                                .setTopic(TOPIC)
                                .setValueSerializationSchema(new SimpleStringSchema())
                                .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("exactly-once-sink-it")
                .build();
    }

    private static List<String> readCommitted(String bootstrapServers, int count) {
        Map<String, Object> properties =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG, "exactly-once-sink-it",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }
}
