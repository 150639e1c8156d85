package org.medstream.infra.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.medstream.ingest.gate.GateConfig;
import org.medstream.ingest.gate.GateCounts;
import org.medstream.ingest.gate.IngestGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest gate running as a Kafka Streams application against a broker, with its state in a
 * directory of its own. {@link #close()} stops it and, when the directory was temporary, deletes
 * the directory.
 */
public final class RunningGate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningGate.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaStreams streams;
    private final Path stateDir;
    private final boolean temporaryStateDir;

    private RunningGate(KafkaStreams streams, Path stateDir, boolean temporaryStateDir) {
        this.streams = streams;
        this.stateDir = stateDir;
        this.temporaryStateDir = temporaryStateDir;
    }

    /** Starts the gate with its state in a new temporary directory and waits until it runs. */
    public static RunningGate start(String bootstrapServers, GateConfig config) {
        try {
            return start(
                    bootstrapServers, config, Files.createTempDirectory("medstream-gate-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to create the gate's state directory", e);
        }
    }

    /**
     * Starts the gate with its state in {@code stateDir} and waits until it runs.
     *
     * @param temporaryStateDir whether {@link #close()} deletes the state directory
     * @throws IllegalStateException when the gate is not running within a minute
     */
    public static RunningGate start(
            String bootstrapServers, GateConfig config, Path stateDir, boolean temporaryStateDir) {
        Properties properties = IngestGate.streamsProperties(bootstrapServers, stateDir);
        KafkaStreams streams = IngestGate.start(config, properties);
        RunningGate gate = new RunningGate(streams, stateDir, temporaryStateDir);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state().hasCompletedShutdown()
                    || streams.state() == KafkaStreams.State.ERROR
                    || System.nanoTime() > deadline) {
                KafkaStreams.State state = streams.state();
                gate.close();
                throw new IllegalStateException(
                        "The ingest gate did not start within "
                                + START_TIMEOUT.toSeconds()
                                + " s; its state is "
                                + state);
            }
            sleep(20);
        }
        LOG.info("Started ingest gate stateDir={}", stateDir);
        return gate;
    }

    public GateCounts counts() {
        return GateCounts.of(streams.metrics());
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Stops the gate and leaves its consumer group, so other instances take over its partitions at
     * once instead of after the session timeout.
     */
    @Override
    public void close() {
        streams.close(
                CloseOptions.groupMembershipOperation(
                                CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
        if (temporaryStateDir) {
            deleteQuietly(stateDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Failed to delete the gate's state directory {}", dir, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the ingest gate", e);
        }
    }
}
