package org.medstream.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.infra.net.LoopbackSockets;
import org.medstream.schemas.topic.Topic;
import org.medstream.schemas.topic.Topics;

class EmbeddedKafkaIT {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void bootstrapServersOnLoopback() {
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
    }

    @Test
    void listenersOnlyOnLoopback() {
        LoopbackSockets.assumeReadable();

        assertThat(LoopbackSockets.listeningAddressesOfThisProcess())
                .isNotEmpty()
                .allSatisfy(address -> assertThat(address.isLoopbackAddress()).isTrue());
    }

    @Test
    void createsEveryTopic() throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Set<String> names = Topics.ALL.stream().map(Topic::name).collect(Collectors.toSet());
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(names).allTopicNames().get();

            for (Topic<?> topic : Topics.ALL) {
                assertThat(descriptions.get(topic.name()).partitions())
                        .as("partitions of %s", topic.name())
                        .hasSize(topic.partitions());
            }
        }
    }

    @Test
    void readCommittedSeesOnlyCommittedTransactions() {
        String topic = "embedded-kafka-transactions";
        kafka.createTopic(topic, 1);

        try (KafkaProducer<String, String> producer = transactionalProducer()) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "bed-1", "aborted"));
            // Without the flush the abort would drop the unsent record instead of writing it.
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "bed-1", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "bed-1", "committed-2"));
            producer.commitTransaction();
        }

        assertThat(readAll(topic, "read_committed")).containsExactly("committed-1", "committed-2");
        assertThat(readAll(topic, "read_uncommitted"))
                .containsExactly("aborted", "committed-1", "committed-2");
    }

    @Test
    void closeDeletesDirectory() {
        EmbeddedKafka second = EmbeddedKafka.builder().optTopics(List.of()).start();

        second.close();

        assertThat(second.directory()).doesNotExist();
    }

    private static KafkaProducer<String, String> transactionalProducer() {
        Map<String, Object> properties = kafka.clientProperties();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-it");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static List<String> readAll(String topic, String isolationLevel) {
        Map<String, Object> properties = kafka.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-it-" + isolationLevel);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);

        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int expected = isolationLevel.equals("read_committed") ? 2 : 3;
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            // One more poll so an unexpected extra record would show up.
            consumer.poll(Duration.ofMillis(300)).forEach(record -> values.add(record.value()));
        }
        return values;
    }
}
