package org.medstream.infra.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.medstream.infra.net.LoopbackPorts;
import org.medstream.schemas.topic.Topic;
import org.medstream.schemas.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster in this JVM: one KRaft process that is both broker and controller,
 * listening on 127.0.0.1 only, with its data in a temporary directory that {@link #close()}
 * deletes.
 *
 * <p>It runs Kafka's own {@link KafkaRaftServer}, the class behind {@code kafka-server-start.sh},
 * after formatting the storage like {@code kafka-storage.sh format}. Kafka's {@code
 * KafkaClusterTestKit} is not used because its 4.2.1 version pre-binds every listener on the
 * wildcard address, which would expose the broker on all interfaces.
 *
 * <p>Internal topics use replication factor 1, so consumer groups and transactions (the Flink
 * exactly-once Kafka sink) work on the single node.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Loopback address every listener binds to and every client connects to. */
    public static final String HOST = "127.0.0.1";

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int START_ATTEMPTS = 3;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRaftServer server;
    private final Path directory;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path directory, String bootstrapServers) {
        this.server = server;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker with the default settings and every topic of {@link Topics#ALL}. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Returns the {@code host:port} list for the {@code bootstrap.servers} client setting. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Returns client settings that reach this broker. Callers add serializers and group ids. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    /** Returns the directory of the broker's logs and metadata, which {@link #close()} deletes. */
    public Path directory() {
        return directory;
    }

    /**
     * Creates the given topics with their partition counts and configs. Topics that already exist
     * are left unchanged.
     *
     * @throws IllegalStateException if the broker rejects a topic or does not respond within 30 s
     */
    public void createTopics(Collection<Topic<?>> topics) {
        List<NewTopic> newTopics = new ArrayList<>();
        for (Topic<?> topic : topics) {
            newTopics.add(
                    new NewTopic(topic.name(), topic.partitions(), (short) 1)
                            .configs(topic.configs()));
        }
        createNewTopics(newTopics);
    }

    /** Creates one topic that is not part of {@link Topics}, for tests and experiments. */
    public void createTopic(String name, int partitions) {
        createNewTopics(List.of(new NewTopic(name, partitions, (short) 1)));
    }

    private void createNewTopics(List<NewTopic> newTopics) {
        try (Admin admin = Admin.create(adminProperties())) {
            for (var entry : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    LOG.debug("Created topic topic={}", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Failed to create topic "
                                        + entry.getKey()
                                        + " on "
                                        + bootstrapServers,
                                e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Timed out after " + ADMIN_TIMEOUT + " creating topics on " + bootstrapServers,
                    e);
        }
    }

    private Map<String, Object> adminProperties() {
        Map<String, Object> properties = clientProperties();
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "medstream-embedded-admin");
        return properties;
    }

    /** Stops the broker and deletes its directory. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startNanos = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        deleteDirectory(directory);
        LOG.info(
                "Stopped Kafka broker bootstrapServers={} stopMillis={}",
                bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private static void deleteDirectory(Path directory) {
        try {
            Utils.delete(directory.toFile());
        } catch (IOException e) {
            LOG.warn("Failed to delete Kafka directory {}; delete it by hand", directory, e);
        }
    }

    /** Settings of an {@link EmbeddedKafka} before it starts. */
    public static final class Builder {
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private List<Topic<?>> topics = Topics.ALL;

        private Builder() {}

        /** Sets the topics to create at start, {@link Topics#ALL} unless set. */
        public Builder optTopics(Collection<Topic<?>> topics) {
            this.topics = List.copyOf(topics);
            return this;
        }

        /**
         * Sets one broker config, for example {@code log.retention.ms}. It overrides the embedded
         * defaults except the listener, node and directory settings.
         */
        public Builder optBrokerProperty(String name, String value) {
            brokerProperties.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /**
         * Formats the storage, starts the broker, waits until it accepts requests and creates the
         * topics.
         *
         * @throws IllegalStateException if the broker fails to start
         */
        public EmbeddedKafka start() {
            long startNanos = System.nanoTime();
            Path directory = createDirectory();
            try {
                EmbeddedKafka kafka = startWithFreePorts(directory);
                kafka.createTopics(topics);
                LOG.info(
                        "Started Kafka broker bootstrapServers={} topics={} startMillis={}"
                                + " directory={}",
                        kafka.bootstrapServers(),
                        topics.size(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                        directory);
                return kafka;
            } catch (RuntimeException e) {
                deleteDirectory(directory);
                throw e;
            }
        }

        private EmbeddedKafka startWithFreePorts(Path directory) {
            for (int attempt = 1; ; attempt++) {
                int brokerPort = LoopbackPorts.findFree();
                int controllerPort = LoopbackPorts.findFree();
                try {
                    return startOnPorts(
                            directory.resolve("attempt-" + attempt), brokerPort, controllerPort);
                } catch (RuntimeException e) {
                    if (!LoopbackPorts.isBindFailure(e) || attempt == START_ATTEMPTS) {
                        throw new IllegalStateException(
                                "Failed to start the embedded Kafka broker on "
                                        + HOST
                                        + ":"
                                        + brokerPort
                                        + " (controller port "
                                        + controllerPort
                                        + "): "
                                        + e.getMessage(),
                                e);
                    }
                    // Another process took a port between the check and the bind.
                    LOG.warn(
                            "Retrying Kafka start with other ports attempt={} brokerPort={}"
                                    + " controllerPort={}",
                            attempt,
                            brokerPort,
                            controllerPort,
                            e);
                }
            }
        }

        private EmbeddedKafka startOnPorts(Path directory, int brokerPort, int controllerPort) {
            Path dataDirectory = directory.resolve("data");
            Path metadataDirectory = directory.resolve("metadata");
            Map<String, String> properties =
                    serverProperties(dataDirectory, metadataDirectory, brokerPort, controllerPort);
            KafkaConfig config = new KafkaConfig(properties, false);

            format(dataDirectory, metadataDirectory);

            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                server.awaitShutdown();
                throw e;
            }
            return new EmbeddedKafka(server, directory.getParent(), HOST + ":" + brokerPort);
        }

        private Map<String, String> serverProperties(
                Path dataDirectory, Path metadataDirectory, int brokerPort, int controllerPort) {
            Map<String, String> properties = new HashMap<>();

            // Single-node defaults, so every internal topic has one replica.
            properties.put("offsets.topic.replication.factor", "1");
            properties.put("offsets.topic.num.partitions", "1");
            properties.put("transaction.state.log.replication.factor", "1");
            properties.put("transaction.state.log.min.isr", "1");
            properties.put("transaction.state.log.num.partitions", "1");
            // Flink's Kafka sink (connector 5.0.0-2.2) sets transaction.timeout.ms to 1 h unless
            // configured. The broker's default maximum is 15 min, so it would reject those
            // producers.
            properties.put("transaction.max.timeout.ms", String.valueOf(60 * 60 * 1000));
            properties.put("share.coordinator.state.topic.replication.factor", "1");
            properties.put("share.coordinator.state.topic.min.isr", "1");
            properties.put("default.replication.factor", "1");
            properties.put("min.insync.replicas", "1");
            properties.put("group.initial.rebalance.delay.ms", "0");
            properties.put("auto.create.topics.enable", "false");
            properties.put("num.network.threads", "2");
            properties.put("num.io.threads", "2");
            properties.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
            properties.putAll(brokerProperties);

            // Identity, listeners and directories are fixed, so callers cannot move them off
            // loopback.
            properties.put("process.roles", "broker,controller");
            properties.put("node.id", String.valueOf(NODE_ID));
            properties.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
            properties.put(
                    "listeners",
                    BROKER_LISTENER
                            + "://"
                            + HOST
                            + ":"
                            + brokerPort
                            + ","
                            + CONTROLLER_LISTENER
                            + "://"
                            + HOST
                            + ":"
                            + controllerPort);
            properties.put(
                    "advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
            properties.put(
                    "listener.security.protocol.map",
                    BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
            properties.put("controller.listener.names", CONTROLLER_LISTENER);
            properties.put("inter.broker.listener.name", BROKER_LISTENER);
            properties.put("log.dirs", dataDirectory.toString());
            properties.put("metadata.log.dir", metadataDirectory.toString());
            return properties;
        }

        private static void format(Path dataDirectory, Path metadataDirectory) {
            Formatter formatter =
                    new Formatter()
                            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                            .setNodeId(NODE_ID)
                            .setClusterId(Uuid.randomUuid().toString())
                            .setDirectories(
                                    List.of(dataDirectory.toString(), metadataDirectory.toString()))
                            .setMetadataLogDirectory(metadataDirectory.toString())
                            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                            .setControllerListenerName(CONTROLLER_LISTENER)
                            .setIgnoreFormatted(false);
            try {
                formatter.run();
            } catch (Exception e) {
                throw new IllegalStateException(
                        "Failed to format Kafka storage in " + dataDirectory.getParent(), e);
            }
        }

        private static Path createDirectory() {
            try {
                return Files.createTempDirectory("medstream-kafka-");
            } catch (IOException e) {
                throw new IllegalStateException(
                        "Failed to create a temporary directory for Kafka in "
                                + System.getProperty("java.io.tmpdir")
                                + "; check free space and permissions",
                        e);
            }
        }
    }
}
