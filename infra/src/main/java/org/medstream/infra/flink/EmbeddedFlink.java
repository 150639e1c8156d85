package org.medstream.infra.flink;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.medstream.infra.net.LoopbackPorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink {@link MiniCluster} in this JVM with the Web UI and REST API, every server bound to
 * 127.0.0.1.
 *
 * <p>The Web UI listens on port 8081 by default. When that port is taken, the cluster falls back to
 * an ephemeral port and logs the actual URL at WARN. With {@link
 * Builder#optRequireWebUiPort(boolean)} set, it fails instead. Callers print {@link #webUiUrl()}
 * rather than assuming 8081.
 *
 * <p>The Web UI shows jobs and can cancel them. Uploading and running jars from it is disabled.
 */
public final class EmbeddedFlink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlink.class);

    /** Loopback address every Flink server binds to. */
    public static final String HOST = "127.0.0.1";

    public static final int DEFAULT_WEB_UI_PORT = 8081;
    public static final int DEFAULT_TASK_SLOTS = 4;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final MiniCluster miniCluster;
    private final int restPort;
    private final int taskSlots;
    private boolean closed;

    private EmbeddedFlink(MiniCluster miniCluster, int restPort, int taskSlots) {
        this.miniCluster = miniCluster;
        this.restPort = restPort;
        this.taskSlots = taskSlots;
    }

    /**
     * Starts a cluster with the Web UI on 127.0.0.1:8081, or an ephemeral port if 8081 is taken.
     */
    public static EmbeddedFlink start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Returns the Web UI and REST base URL, for example {@code http://127.0.0.1:8081}. */
    public URI webUiUrl() {
        return URI.create("http://" + HOST + ":" + restPort);
    }

    /** Port of the Web UI and REST API. */
    public int restPort() {
        return restPort;
    }

    /** Task slots of the single task manager, the highest parallelism a job can use. */
    public int taskSlots() {
        return taskSlots;
    }

    /**
     * Creates an execution environment that submits jobs to this cluster through its REST API, like
     * a remote client does. The job's classes come from this JVM's class path, so no jar is
     * shipped. Its default parallelism is 1.
     */
    public StreamExecutionEnvironment environment() {
        Configuration clientConfiguration = new Configuration();
        clientConfiguration.set(RestOptions.ADDRESS, HOST);
        StreamExecutionEnvironment environment =
                StreamExecutionEnvironment.createRemoteEnvironment(
                        HOST, restPort, clientConfiguration);
        environment.setParallelism(1);
        return environment;
    }

    /** Returns the underlying cluster, for submitting job graphs directly. */
    public MiniCluster miniCluster() {
        return miniCluster;
    }

    /** Stops the cluster and cancels running jobs. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startNanos = System.nanoTime();
        try {
            miniCluster.close();
        } catch (Exception e) {
            LOG.warn("Failed to stop the Flink MiniCluster cleanly webUiUrl={}", webUiUrl(), e);
        }
        LOG.info(
                "Stopped Flink MiniCluster webUiUrl={} stopMillis={}",
                webUiUrl(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    /** Settings of an {@link EmbeddedFlink} before it starts. */
    public static final class Builder {
        private int webUiPort = DEFAULT_WEB_UI_PORT;
        private boolean requireWebUiPort;
        private int taskSlots = DEFAULT_TASK_SLOTS;
        private final Configuration extraConfiguration = new Configuration();

        private Builder() {}

        /** Sets the Web UI and REST API port on 127.0.0.1, where 0 picks an ephemeral port. */
        public Builder optWebUiPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(
                        "Invalid Web UI port " + port + "; give 0 to 65535 (0 = any free port)");
            }
            this.webUiPort = port;
            return this;
        }

        /** When true, a taken Web UI port fails the start instead of falling back. */
        public Builder optRequireWebUiPort(boolean requireWebUiPort) {
            this.requireWebUiPort = requireWebUiPort;
            return this;
        }

        /** Sets the task slots of the single task manager, 4 unless set. */
        public Builder optTaskSlots(int taskSlots) {
            if (taskSlots < 1) {
                throw new IllegalArgumentException(
                        "Invalid task slot count " + taskSlots + "; it must be at least 1");
            }
            this.taskSlots = taskSlots;
            return this;
        }

        /**
         * Adds Flink settings, for example checkpoint storage. The bind addresses and the REST port
         * stay as this class sets them.
         */
        public Builder optConfiguration(Configuration configuration) {
            extraConfiguration.addAll(Objects.requireNonNull(configuration, "configuration"));
            return this;
        }

        /**
         * Starts the cluster and waits until its REST endpoint listens.
         *
         * @throws IllegalStateException if the cluster fails to start, or the Web UI port is taken
         *     and {@link #optRequireWebUiPort(boolean)} is set
         */
        public EmbeddedFlink start() {
            long startNanos = System.nanoTime();
            int port = webUiPort;
            if (port != 0 && !LoopbackPorts.isFree(port)) {
                port = fallBackFrom(port, null);
            }

            EmbeddedFlink flink;
            try {
                flink = startOnPort(port);
            } catch (IllegalStateException e) {
                if (port == 0 || !LoopbackPorts.isBindFailure(e)) {
                    throw e;
                }
                // Another process took the port after the check.
                flink = startOnPort(fallBackFrom(port, e));
            }

            LOG.info(
                    "Started Flink MiniCluster webUiUrl={} taskSlots={} startMillis={}",
                    flink.webUiUrl(),
                    taskSlots,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            return flink;
        }

        private int fallBackFrom(int port, Exception cause) {
            if (requireWebUiPort) {
                throw new IllegalStateException(
                        "Port "
                                + port
                                + " on "
                                + HOST
                                + " for the Flink Web UI is in use; stop the process that"
                                + " holds it or choose another port",
                        cause);
            }
            LOG.warn(
                    "Port {} on {} for the Flink Web UI is in use, so it listens on a free port"
                            + " instead; the URL is printed once the cluster runs",
                    port,
                    HOST);
            return 0;
        }

        private EmbeddedFlink startOnPort(int port) {
            Configuration configuration = configuration(port);
            MiniClusterConfiguration clusterConfiguration =
                    new MiniClusterConfiguration.Builder()
                            .setConfiguration(configuration)
                            .setNumTaskManagers(1)
                            .setNumSlotsPerTaskManager(taskSlots)
                            .setCommonBindAddress(HOST)
                            .build();
            MiniCluster miniCluster = new MiniCluster(clusterConfiguration);
            try {
                miniCluster.start();
                URI restAddress = miniCluster.getRestAddress().get(30, TimeUnit.SECONDS);
                EmbeddedFlink flink =
                        new EmbeddedFlink(miniCluster, restAddress.getPort(), taskSlots);
                RestReadiness.await(flink.webUiUrl(), READY_TIMEOUT);
                return flink;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(miniCluster);
                throw new IllegalStateException("Interrupted while starting Flink", e);
            } catch (Exception e) {
                closeQuietly(miniCluster);
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new IllegalStateException(
                        "Failed to start the Flink MiniCluster with the Web UI on "
                                + HOST
                                + ":"
                                + port
                                + ": "
                                + cause.getMessage(),
                        cause);
            }
        }

        private Configuration configuration(int port) {
            Configuration configuration = new Configuration();
            configuration.addAll(extraConfiguration);

            configuration.set(RestOptions.ADDRESS, HOST);
            configuration.set(RestOptions.BIND_ADDRESS, HOST);
            configuration.set(RestOptions.PORT, port);
            configuration.set(RestOptions.BIND_PORT, String.valueOf(port));
            configuration.set(JobManagerOptions.ADDRESS, HOST);
            configuration.set(JobManagerOptions.BIND_HOST, HOST);
            configuration.set(TaskManagerOptions.HOST, HOST);
            configuration.set(TaskManagerOptions.BIND_HOST, HOST);
            configuration.set(TaskManagerOptions.NUM_TASK_SLOTS, taskSlots);
            configuration.set(WebOptions.SUBMIT_ENABLE, false);
            return configuration;
        }

        private static void closeQuietly(MiniCluster miniCluster) {
            try {
                miniCluster.close();
            } catch (Exception e) {
                LOG.debug("Failed to stop a MiniCluster that did not start", e);
            }
        }
    }
}
