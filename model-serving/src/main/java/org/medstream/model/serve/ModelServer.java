package org.medstream.model.serve;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.medstream.model.serve.batch.ModelWorkers;
import org.medstream.model.serve.http.ServeHandler;
import org.medstream.model.serve.inference.ServedModel;
import org.medstream.model.serve.metrics.ServerMetrics;
import org.medstream.model.serve.registry.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP model server: Jetty 12 with {@link ServeHandler}'s routes in front of one {@link
 * ModelWorkers} per model. {@link #start} binds the port and returns; the models then run one
 * window of zeros each in the background, and {@code /ready} returns 200 once all did.
 *
 * <p>{@link #close()} shuts down gracefully: the connector stops accepting, requests already
 * received (queued or running) finish within the shutdown timeout, then the workers stop.
 */
public final class ModelServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, ModelWorkers> workers;
    private final ServerMetrics metrics;
    private final ServerOptions options;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final CountDownLatch warmedUp = new CountDownLatch(1);
    private final Thread warmup;

    private ModelServer(
            Server server,
            ServerConnector connector,
            Map<String, ModelWorkers> workers,
            ServerMetrics metrics,
            ServerOptions options) {
        this.server = server;
        this.connector = connector;
        this.workers = workers;
        this.metrics = metrics;
        this.options = options;
        this.warmup = new Thread(this::warmUp, "medstream-serve-warmup");
        this.warmup.setDaemon(true);
    }

    /**
     * Starts workers for every model of {@code registry}, binds the server and starts warming the
     * models up.
     *
     * @throws IllegalArgumentException when the registry has no model
     * @throws Exception when a model cannot create its predictors or the port cannot be bound;
     *     whatever was started is stopped again
     */
    public static ModelServer start(ModelRegistry registry, ServerOptions options)
            throws Exception {
        if (registry.models().isEmpty()) {
            throw new IllegalArgumentException("No model to serve; give at least one --model");
        }
        ServerMetrics metrics = new ServerMetrics();
        Map<String, ModelWorkers> workers = new LinkedHashMap<>();
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("medstream-serve-http");
        Server server = new Server(threads);
        try {
            for (ServedModel model : registry.models()) {
                workers.put(model.name(), new ModelWorkers(model, options.batch(), metrics));
            }
            Map<String, IntSupplier> queues = new LinkedHashMap<>();
            workers.forEach((name, model) -> queues.put(name, model::queuedRequests));
            metrics.watchQueues(queues);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            ServerConnector connector =
                    new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(options.host());
            connector.setPort(options.port());
            server.addConnector(connector);
            ModelServer modelServer = new ModelServer(server, connector, workers, metrics, options);
            server.setHandler(
                    new GracefulHandler(
                            new ServeHandler(
                                    workers,
                                    metrics,
                                    modelServer.ready::get,
                                    options.maxWindowSamples(),
                                    (int) options.maxBodyBytes())));
            server.setStopTimeout(options.batch().shutdownTimeout().toMillis());
            server.start();
            LOG.info(
                    "Listening host={} port={} models={}",
                    options.host(),
                    connector.getLocalPort(),
                    workers.keySet());
            modelServer.warmup.start();
            return modelServer;
        } catch (Exception e) {
            server.stop();
            for (ModelWorkers model : workers.values()) {
                model.close(Duration.ZERO);
            }
            Throwable cause = e.getCause();
            if (cause instanceof BindException || cause instanceof UnresolvedAddressException) {
                throw new IOException(
                        "Cannot listen on "
                                + options.host()
                                + ":"
                                + options.port()
                                + " ("
                                + (cause instanceof BindException
                                        ? cause.getMessage()
                                        : "unknown host")
                                + "); choose a free --port, or a --host address of this machine",
                        e);
            }
            throw e;
        }
    }

    /** Returns the port the server listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Returns the server's base address, such as {@code http://127.0.0.1:8090}. */
    public URI uri() {
        return URI.create("http://" + options.host() + ":" + port());
    }

    /** Returns the server's metrics. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** Returns the number of requests waiting for a worker of {@code model}, 0 for none. */
    public int queuedRequests(String model) {
        ModelWorkers modelWorkers = workers.get(model);
        return modelWorkers == null ? 0 : modelWorkers.queuedRequests();
    }

    /** Returns whether every model has run its warm-up window. */
    public boolean isReady() {
        return ready.get();
    }

    /**
     * Waits until the server is ready.
     *
     * @return false when {@code timeout} passed first or a warm-up failed
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return warmedUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && ready.get();
    }

    /** Stops accepting, finishes the requests received, then stops the workers. */
    @Override
    public void close() throws Exception {
        LOG.info("Stopping port={}", port());
        ready.set(false);
        warmup.interrupt();
        try {
            server.stop();
        } finally {
            for (ModelWorkers model : workers.values()) {
                model.close(options.batch().shutdownTimeout());
            }
        }
        LOG.info("Stopped");
    }

    private void warmUp() {
        try {
            for (ModelWorkers model : workers.values()) {
                long start = System.nanoTime();
                model.submit(List.of(model.model().warmupWindow())).get();
                LOG.info(
                        "Warmed up model={} millis={}",
                        model.model().name(),
                        (System.nanoTime() - start) / 1_000_000);
            }
            ready.set(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("Warm-up failed; /ready stays 503", e);
        } finally {
            warmedUp.countDown();
        }
    }
}
