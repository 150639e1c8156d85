package org.medstream.infra.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.medstream.schemas.topic.Topic;
import org.medstream.schemas.topic.Topics;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The official {@code apache/kafka} image in Docker, as a production-like broker in its own
 * process. Test classes that use it carry {@code @Testcontainers(disabledWithoutDocker = true)}, so
 * they skip where no Docker engine runs.
 */
public final class ContainerKafkaFixture implements KafkaFixture {
    /**
     * Same Kafka version as the client and the embedded broker.
     *
     * <p>NOTE: never run on the build machines, which have no Docker engine, so the image tag and
     * the container start are untested here.
     */
    public static final DockerImageName IMAGE = DockerImageName.parse("apache/kafka:4.2.1");

    private final KafkaContainer container;

    public ContainerKafkaFixture() {
        container = new KafkaContainer(IMAGE);
        container.start();
        try {
            createTopics(container.getBootstrapServers());
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    private static void createTopics(String bootstrapServers) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            topics.add(
                    new NewTopic(topic.name(), topic.partitions(), (short) 1)
                            .configs(topic.configs()));
        }
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Failed to create the medstream topics in the Kafka container at "
                            + bootstrapServers,
                    e);
        }
    }

    @Override
    public String description() {
        return "Testcontainers " + IMAGE;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
