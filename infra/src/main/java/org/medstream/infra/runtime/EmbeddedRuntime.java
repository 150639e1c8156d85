package org.medstream.infra.runtime;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.medstream.infra.flink.EmbeddedFlink;
import org.medstream.infra.gate.RunningGate;
import org.medstream.infra.kafka.EmbeddedKafka;
import org.medstream.infra.webhook.WebhookReceiver;
import org.medstream.ingest.gate.GateConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local medstream runtime in one JVM: a Kafka broker, the ingest gate (Kafka Streams), a Flink
 * MiniCluster with its Web UI and a webhook receiver, all on 127.0.0.1. Kafka and Flink start in
 * parallel, the gate once Kafka runs, then the webhook receiver. {@link #close()} stops the
 * receiver, Flink, the gate and Kafka, in that order. A JVM shutdown hook closes the runtime on
 * Ctrl-C unless the builder turns it off.
 *
 * <pre>{@code
 * try (EmbeddedRuntime runtime = EmbeddedRuntime.start()) {
 *     String bootstrapServers = runtime.kafka().bootstrapServers();
 *     StreamExecutionEnvironment environment = runtime.flink().environment();
 *     URI alertsUrl = runtime.webhookReceiver().url();
 * }
 * }</pre>
 */
public final class EmbeddedRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRuntime.class);

    private final EmbeddedKafka kafka;
    private final EmbeddedFlink flink;
    private final RunningGate gate;
    private final WebhookReceiver webhookReceiver;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedRuntime(
            EmbeddedKafka kafka,
            EmbeddedFlink flink,
            RunningGate gate,
            WebhookReceiver webhookReceiver,
            boolean registerShutdownHook) {
        this.kafka = kafka;
        this.flink = flink;
        this.gate = gate;
        this.webhookReceiver = webhookReceiver;
        if (registerShutdownHook) {
            this.shutdownHook =
                    new Thread(this::closeFromShutdownHook, "medstream-runtime-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            this.shutdownHook = null;
        }
    }

    /** Starts the runtime with default settings: Flink Web UI on port 8081 if it is free. */
    public static EmbeddedRuntime start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedFlink flink() {
        return flink;
    }

    /** Returns the ingest gate between the raw and the clean signal topics. */
    public RunningGate gate() {
        return gate;
    }

    public WebhookReceiver webhookReceiver() {
        return webhookReceiver;
    }

    /**
     * Stops the webhook receiver, Flink and Kafka, in that order. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closeOnce()) {
            return;
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down, so the hook is running or done.
            }
        }
    }

    private void closeFromShutdownHook() {
        if (closeOnce()) {
            LOG.info("Stopped the medstream runtime on JVM shutdown");
        }
    }

    /** Returns false when another thread has closed the runtime already. */
    private boolean closeOnce() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        long startNanos = System.nanoTime();
        closeQuietly(webhookReceiver, "webhook receiver");
        closeQuietly(flink, "Flink MiniCluster");
        closeQuietly(gate, "ingest gate");
        closeQuietly(kafka, "Kafka broker");
        LOG.info(
                "Stopped medstream runtime stopMillis={}",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return true;
    }

    private static void closeQuietly(AutoCloseable component, String name) {
        if (component == null) {
            return;
        }
        try {
            component.close();
        } catch (Exception e) {
            LOG.warn("Failed to stop the {}; continuing with the others", name, e);
        }
    }

    /** Settings of each component before the runtime starts. */
    public static final class Builder {
        private EmbeddedKafka.Builder kafka = EmbeddedKafka.builder();
        private EmbeddedFlink.Builder flink = EmbeddedFlink.builder();
        private GateConfig gateConfig = GateConfig.defaults();
        private int webhookPort;
        private String webhookSecret;
        private boolean shutdownHook = true;

        private Builder() {}

        public Builder optKafka(EmbeddedKafka.Builder kafka) {
            this.kafka = Objects.requireNonNull(kafka, "kafka");
            return this;
        }

        public Builder optFlink(EmbeddedFlink.Builder flink) {
            this.flink = Objects.requireNonNull(flink, "flink");
            return this;
        }

        public Builder optGate(GateConfig gateConfig) {
            this.gateConfig = gateConfig;
            return this;
        }

        /** Sets the webhook receiver port on 127.0.0.1. 0, the default, picks an ephemeral port. */
        public Builder optWebhookPort(int port) {
            this.webhookPort = port;
            return this;
        }

        /**
         * Makes the webhook receiver accept only requests signed with {@code secret}; null, the
         * default, accepts unsigned requests.
         */
        public Builder optWebhookSecret(String secret) {
            this.webhookSecret = secret;
            return this;
        }

        /** Sets whether a JVM shutdown hook (Ctrl-C) closes the runtime. True unless set. */
        public Builder optShutdownHook(boolean shutdownHook) {
            this.shutdownHook = shutdownHook;
            return this;
        }

        /**
         * Starts Kafka and Flink side by side, then the webhook receiver. If one fails, the ones
         * already started are stopped before the exception propagates.
         *
         * @throws IllegalStateException if a component fails to start
         */
        public EmbeddedRuntime start() {
            long startNanos = System.nanoTime();

            // Both starts are mostly class loading and wait on their own threads, so running them
            // in parallel shortens the start on a machine with more than one core.
            CompletableFuture<EmbeddedFlink> flinkStart = new CompletableFuture<>();
            Thread flinkStarter =
                    new Thread(
                            () -> {
                                try {
                                    flinkStart.complete(flink.start());
                                } catch (Throwable e) {
                                    flinkStart.completeExceptionally(e);
                                }
                            },
                            "medstream-flink-start");
            flinkStarter.start();

            EmbeddedKafka startedKafka = null;
            EmbeddedFlink startedFlink = null;
            RunningGate startedGate = null;
            try {
                startedKafka = kafka.start();
                startedGate = RunningGate.start(startedKafka.bootstrapServers(), gateConfig);
                startedFlink = awaitFlink(flinkStart);
                WebhookReceiver receiver = WebhookReceiver.start(webhookPort, webhookSecret);
                EmbeddedRuntime runtime =
                        new EmbeddedRuntime(
                                startedKafka, startedFlink, startedGate, receiver, shutdownHook);
                LOG.info(
                        "Started medstream runtime bootstrapServers={} flinkWebUi={} webhookUrl={}"
                                + " startMillis={}",
                        startedKafka.bootstrapServers(),
                        startedFlink.webUiUrl(),
                        receiver.url(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                return runtime;
            } catch (RuntimeException e) {
                if (startedFlink == null) {
                    startedFlink = awaitFlinkQuietly(flinkStart);
                }
                closeQuietly(startedFlink, "Flink MiniCluster");
                closeQuietly(startedGate, "ingest gate");
                closeQuietly(startedKafka, "Kafka broker");
                throw e;
            }
        }

        private static EmbeddedFlink awaitFlink(CompletableFuture<EmbeddedFlink> flinkStart) {
            try {
                return flinkStart.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting Flink", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new IllegalStateException("Failed to start Flink", e.getCause());
            }
        }

        /** Returns the Flink cluster once its start ends, or null when the start failed. */
        private static EmbeddedFlink awaitFlinkQuietly(
                CompletableFuture<EmbeddedFlink> flinkStart) {
            try {
                return awaitFlink(flinkStart);
            } catch (RuntimeException e) {
                LOG.debug("Flink failed to start as well", e);
                return null;
            }
        }
    }
}
