package org.medstream.model.serve.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.medstream.model.serve.inference.ServedModel;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowPredictor;
import org.medstream.model.serve.inference.WindowResult;
import org.medstream.model.serve.metrics.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching for one model: a bounded queue of requests and a pool of worker threads, each
 * with its own {@link WindowPredictor}, that take batches from the queue (see {@link BatchQueue}
 * for how a batch forms), run them and complete each request with its own results. {@link #close}
 * stops taking requests and lets the workers finish the queued ones. Thread-safe.
 */
public final class ModelWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelWorkers.class);

    private final ServedModel model;
    private final BatchSettings settings;
    private final ServerMetrics metrics;
    private final BatchQueue queue;
    private final List<Thread> threads = new ArrayList<>();
    private final List<WindowPredictor> predictors = new ArrayList<>();
    private volatile boolean closing;

    /**
     * Creates one predictor per worker and starts the workers.
     *
     * @throws Exception when the model cannot create a predictor; the ones created are closed
     */
    public ModelWorkers(ServedModel model, BatchSettings settings, ServerMetrics metrics)
            throws Exception {
        this.model = model;
        this.settings = settings;
        this.metrics = metrics;
        this.queue = new BatchQueue(settings.queueCapacity());
        try {
            for (int i = 0; i < settings.workers(); i++) {
                predictors.add(model.newPredictor());
            }
        } catch (Exception e) {
            predictors.forEach(WindowPredictor::close);
            throw e;
        }
        for (int i = 0; i < settings.workers(); i++) {
            WindowPredictor predictor = predictors.get(i);
            Thread thread =
                    new Thread(() -> work(predictor), "medstream-serve-" + model.name() + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        LOG.info(
                "Started model={} workers={} maxBatchWindows={} maxWaitMillis={} queueCapacity={}",
                model.name(),
                settings.workers(),
                settings.maxBatchWindows(),
                settings.maxWait().toMillis(),
                settings.queueCapacity());
    }

    /** Returns the number of requests waiting for a worker. */
    public int queuedRequests() {
        return queue.size();
    }

    /** Returns the model the workers run. */
    public ServedModel model() {
        return model;
    }

    /**
     * Queues the windows of one request.
     *
     * @return completed with one result per window, in order, or with the model's error
     * @throws QueueFullException when the queue contains its maximum of requests or is closed
     */
    public CompletableFuture<List<WindowResult>> submit(List<Window> windows)
            throws QueueFullException {
        CompletableFuture<List<WindowResult>> result = new CompletableFuture<>();
        if (!queue.offer(new PendingRequest(List.copyOf(windows), result, System.nanoTime()))) {
            boolean closed = closing;
            throw new QueueFullException(
                    closed
                            ? "The server is stopping and takes no new requests for model "
                                    + model.name()
                            : "The queue of model "
                                    + model.name()
                                    + " is full ("
                                    + settings.queueCapacity()
                                    + " requests); retry later",
                    closed);
        }
        return result;
    }

    /**
     * Takes no new requests, waits up to {@code timeout} for the workers to finish the queued ones,
     * then closes the predictors. Requests still queued after the timeout fail.
     */
    public void close(Duration timeout) throws InterruptedException {
        closing = true;
        queue.close();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                thread.join(TimeUnit.NANOSECONDS.toMillis(remaining) + 1);
            }
        }
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                LOG.warn(
                        "Worker thread={} of model={} still busy after {} ms; interrupting it",
                        thread.getName(),
                        model.name(),
                        timeout.toMillis());
                thread.interrupt();
            }
        }
        predictors.forEach(WindowPredictor::close);
        LOG.info("Stopped model={}", model.name());
    }

    /** Closes as {@link #close(Duration)} does with the shutdown timeout of the settings. */
    @Override
    public void close() throws InterruptedException {
        close(settings.shutdownTimeout());
    }

    private void work(WindowPredictor predictor) {
        long maxWaitNanos = settings.maxWait().toNanos();
        while (true) {
            List<PendingRequest> batch;
            try {
                batch = queue.takeBatch(settings.maxBatchWindows(), maxWaitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch.isEmpty()) {
                return;
            }
            run(predictor, batch);
        }
    }

    private void run(WindowPredictor predictor, List<PendingRequest> batch) {
        long start = System.nanoTime();
        List<Window> windows = new ArrayList<>();
        for (PendingRequest request : batch) {
            metrics.queued(model.name(), (start - request.enqueuedNanos()) / 1e9);
            windows.addAll(request.windows());
        }
        List<WindowResult> results;
        try {
            results = predictor.predict(windows);
            if (results.size() != windows.size()) {
                throw new IllegalStateException(
                        "Model "
                                + model.name()
                                + " returned "
                                + results.size()
                                + " results for "
                                + windows.size()
                                + " windows");
            }
        } catch (Exception e) {
            fail(batch, windows.size(), e);
            return;
        } catch (Error e) {
            // The requests must not wait forever; the worker thread then ends with the error.
            fail(batch, windows.size(), e);
            throw e;
        }
        metrics.batch(model.name(), windows.size(), (System.nanoTime() - start) / 1e9);
        int next = 0;
        for (PendingRequest request : batch) {
            int count = request.windows().size();
            request.result().complete(List.copyOf(results.subList(next, next + count)));
            next += count;
        }
    }

    private void fail(List<PendingRequest> batch, int windowCount, Throwable error) {
        LOG.error(
                "Inference failed model={} windows={} requests={}",
                model.name(),
                windowCount,
                batch.size(),
                error);
        for (PendingRequest request : batch) {
            request.result().completeExceptionally(error);
        }
    }
}
