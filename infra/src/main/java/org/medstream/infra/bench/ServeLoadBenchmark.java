package org.medstream.infra.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.medstream.model.serve.http.AvroCodec;
import org.medstream.model.serve.http.InferenceRequest;
import org.medstream.model.serve.http.JsonCodec;
import org.medstream.model.serve.inference.ServedModel;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowPredictor;

/**
 * A bounded load generator for the model server. {@code concurrency} client threads each send one
 * request at a time (closed loop) over HTTP, or call a predictor of their own in process, until the
 * duration has passed or the request budget is spent. Requests cycle through the given windows.
 * Each level first runs a short warm-up whose requests are not counted.
 */
public final class ServeLoadBenchmark {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();

    private ServeLoadBenchmark() {}

    /**
     * Load of one run.
     *
     * @param windows windows to cycle through, at least one
     * @param windowsPerRequest windows per request
     * @param concurrency client threads, each with one request in flight
     * @param duration wall-clock time of the measured part
     * @param maxRequests measured requests at most, 0 for no limit
     * @param warmup wall-clock time of the uncounted warm-up before it
     */
    public record Options(
            List<Window> windows,
            int windowsPerRequest,
            int concurrency,
            Duration duration,
            int maxRequests,
            Duration warmup) {
        public Options {
            if (windows.isEmpty()) {
                throw new IllegalArgumentException("The load benchmark needs at least one window");
            }
            if (windowsPerRequest < 1 || concurrency < 1 || maxRequests < 0) {
                throw new IllegalArgumentException(
                        "Invalid load: windowsPerRequest="
                                + windowsPerRequest
                                + " concurrency="
                                + concurrency
                                + " maxRequests="
                                + maxRequests
                                + "; expected at least 1, 1 and 0");
            }
            if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
                throw new IllegalArgumentException(
                        "Invalid duration "
                                + duration.toMillis()
                                + " ms or warm-up "
                                + warmup.toMillis()
                                + " ms; expected a duration above 0 and a warm-up of 0 or more");
            }
        }
    }

    /**
     * Measured load of one run.
     *
     * @param requests requests that got 200 in the measured part
     * @param failures requests that got another status, or failed, in the measured part
     * @param windows windows of the successful requests
     * @param samples samples (all leads) of the successful requests
     * @param seconds wall-clock seconds of the measured part
     * @param latency per-request latency of the successful requests
     * @param firstFailure status and body start of the first failure, or null
     */
    public record Result(
            int concurrency,
            int requests,
            int failures,
            long windows,
            long samples,
            double seconds,
            LatencySummary latency,
            String firstFailure) {

        /** Windows of successful requests per second. */
        public double windowsPerSecond() {
            return windows / seconds;
        }

        /** Samples (all leads) of successful requests per second. */
        public double samplesPerSecond() {
            return samples / seconds;
        }
    }

    /** Sends requests to {@code POST {server}/v1/models/{model}/infer} as JSON or Avro. */
    public static Result overHttp(URI server, String model, boolean avro, Options options)
            throws InterruptedException {
        URI infer = server.resolve("/v1/models/" + model + "/infer");
        List<byte[]> bodies = new ArrayList<>();
        JsonCodec json = new JsonCodec();
        AvroCodec avroCodec = new AvroCodec();
        for (List<Window> request : requests(options)) {
            InferenceRequest body = new InferenceRequest(request);
            bodies.add(avro ? avroCodec.writeRequest(body) : json.write(body));
        }
        String type = avro ? AvroCodec.MEDIA_TYPE : JsonCodec.MEDIA_TYPE;
        return run(
                options,
                thread -> {
                    Call call =
                            index -> {
                                HttpRequest request =
                                        HttpRequest.newBuilder(infer)
                                                .timeout(Duration.ofMinutes(2))
                                                .header("Content-Type", type)
                                                .POST(
                                                        HttpRequest.BodyPublishers.ofByteArray(
                                                                bodies.get(index % bodies.size())))
                                                .build();
                                HttpResponse<byte[]> response =
                                        CLIENT.send(
                                                request, HttpResponse.BodyHandlers.ofByteArray());
                                return response.statusCode() == 200 ? null : failure(response);
                            };
                    return call;
                });
    }

    /**
     * Runs the same requests through predictors of {@code model} in this JVM, one predictor per
     * client thread, with no HTTP and no dynamic batching. Each predictor runs the first request
     * once before the warm-up starts.
     */
    public static Result inProcess(ServedModel model, Options options) throws Exception {
        List<List<Window>> requests = requests(options);
        List<WindowPredictor> predictors = new ArrayList<>();
        try {
            for (int i = 0; i < options.concurrency(); i++) {
                WindowPredictor predictor = model.newPredictor();
                predictors.add(predictor);
                // A new predictor's first call is slow (a DJL model allocates on its first pass).
                predictor.predict(requests.get(0));
            }
            return run(
                    options,
                    thread ->
                            index -> {
                                predictors
                                        .get(thread)
                                        .predict(requests.get(index % requests.size()));
                                return null;
                            });
        } finally {
            predictors.forEach(WindowPredictor::close);
        }
    }

    private static String failure(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        return "HTTP "
                + response.statusCode()
                + " "
                + body.substring(0, Math.min(200, body.length()));
    }

    /** Sends one request; returns null on success or a description of the failure. */
    @FunctionalInterface
    private interface Call {
        String send(int index) throws Exception;
    }

    @FunctionalInterface
    private interface CallFactory {
        Call forThread(int thread);
    }

    /** Groups the windows into requests of {@code windowsPerRequest}, cycling through them. */
    private static List<List<Window>> requests(Options options) {
        List<Window> windows = options.windows();
        int count = Math.max(1, windows.size() / options.windowsPerRequest());
        List<List<Window>> requests = new ArrayList<>();
        int next = 0;
        for (int r = 0; r < count; r++) {
            List<Window> request = new ArrayList<>();
            for (int w = 0; w < options.windowsPerRequest(); w++) {
                request.add(windows.get(next++ % windows.size()));
            }
            requests.add(request);
        }
        return requests;
    }

    private static Result run(Options options, CallFactory calls) throws InterruptedException {
        long[] samplesPerRequest = samplesPerRequest(options);
        long start = System.nanoTime() + options.warmup().toNanos();
        long end = start + options.duration().toNanos();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger measured = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong samples = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < options.concurrency(); t++) {
            Call call = calls.forThread(t);
            Runnable client =
                    () -> {
                        while (System.nanoTime() < start) {
                            try {
                                call.send(next.getAndIncrement());
                            } catch (Exception e) {
                                break;
                            }
                        }
                        while (System.nanoTime() < end) {
                            if (options.maxRequests() > 0
                                    && measured.incrementAndGet() > options.maxRequests()) {
                                return;
                            }
                            int index = next.getAndIncrement();
                            long sent = System.nanoTime();
                            String failure;
                            try {
                                failure = call.send(index);
                            } catch (Exception e) {
                                failure = e.toString();
                            }
                            long answered = System.nanoTime();
                            if (failure == null) {
                                latencies.add((answered - sent) / 1e6);
                                succeeded.incrementAndGet();
                                samples.addAndGet(
                                        samplesPerRequest[index % samplesPerRequest.length]);
                            } else {
                                failures.incrementAndGet();
                                firstFailure.compareAndSet(null, failure);
                            }
                        }
                    };
            threads.add(new Thread(client, "medstream-load-" + t));
        }
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(
                options.concurrency(),
                succeeded.get(),
                failures.get(),
                (long) succeeded.get() * options.windowsPerRequest(),
                samples.get(),
                seconds,
                LatencySummary.of(latencies),
                firstFailure.get());
    }

    private static long[] samplesPerRequest(Options options) {
        List<List<Window>> requests = requests(options);
        long[] samples = new long[requests.size()];
        for (int r = 0; r < samples.length; r++) {
            for (Window window : requests.get(r)) {
                samples[r] += (long) window.length() * window.leads().size();
            }
        }
        return samples;
    }
}
