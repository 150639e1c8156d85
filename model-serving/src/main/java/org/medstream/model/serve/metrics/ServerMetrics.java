package org.medstream.model.serve.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The model server's metrics, in a registry of its own (not the process-wide default one, so that
 * two servers in one JVM count apart), written in the Prometheus text format. Thread-safe.
 */
public final class ServerMetrics {
    private static final double[] BATCH_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, 256};
    private static final double[] SECONDS_BOUNDS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Counter windows;
    private final Counter errors;
    private final Histogram batchWindows;
    private final Histogram queueSeconds;
    private final Histogram inferenceSeconds;

    /** Creates the metrics with every counter at zero. */
    public ServerMetrics() {
        requests =
                Counter.builder()
                        .name("medstream_serve_requests")
                        .help("Inference requests answered, by model and HTTP status.")
                        .labelNames("model", "status")
                        .register(registry);
        windows =
                Counter.builder()
                        .name("medstream_serve_windows")
                        .help("Windows run through a model.")
                        .labelNames("model")
                        .register(registry);
        errors =
                Counter.builder()
                        .name("medstream_serve_errors")
                        .help("Requests answered with an error, by kind.")
                        .labelNames("kind")
                        .register(registry);
        batchWindows =
                Histogram.builder()
                        .name("medstream_serve_batch_windows")
                        .help("Windows per batch a worker ran.")
                        .labelNames("model")
                        .classicOnly()
                        .classicUpperBounds(BATCH_BOUNDS)
                        .register(registry);
        queueSeconds =
                Histogram.builder()
                        .name("medstream_serve_queue_seconds")
                        .help("Time a request waited in its model's queue before a worker took it.")
                        .labelNames("model")
                        .classicOnly()
                        .classicUpperBounds(SECONDS_BOUNDS)
                        .register(registry);
        inferenceSeconds =
                Histogram.builder()
                        .name("medstream_serve_inference_seconds")
                        .help("Time a worker spent running one batch.")
                        .labelNames("model")
                        .classicOnly()
                        .classicUpperBounds(SECONDS_BOUNDS)
                        .register(registry);
    }

    /**
     * Reports the number of requests waiting per model, read from {@code queues} at each scrape.
     */
    public void watchQueues(Map<String, IntSupplier> queues) {
        GaugeWithCallback.builder()
                .name("medstream_serve_queued_requests")
                .help("Requests waiting in a model's queue.")
                .labelNames("model")
                .callback(
                        callback -> {
                            for (Map.Entry<String, IntSupplier> queue : queues.entrySet()) {
                                callback.call(queue.getValue().getAsInt(), queue.getKey());
                            }
                        })
                .register(registry);
    }

    /** Counts one inference request that got the response {@code status}. */
    public void request(String model, int status) {
        requests.labelValues(model, Integer.toString(status)).inc();
    }

    /** Counts one error response of {@code kind}, such as {@code invalid_request}. */
    public void error(String kind) {
        errors.labelValues(kind).inc();
    }

    /** Records one batch of {@code windowCount} windows that ran for {@code seconds}. */
    public void batch(String model, int windowCount, double seconds) {
        windows.labelValues(model).inc(windowCount);
        batchWindows.labelValues(model).observe(windowCount);
        inferenceSeconds.labelValues(model).observe(seconds);
    }

    /** Records the time one request waited in the queue. */
    public void queued(String model, double seconds) {
        queueSeconds.labelValues(model).observe(seconds);
    }

    /** Returns the media type of {@link #write(OutputStream)}. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Writes every metric in the Prometheus text format. */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
