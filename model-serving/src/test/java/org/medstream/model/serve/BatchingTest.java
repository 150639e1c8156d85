package org.medstream.model.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.medstream.model.serve.http.InferenceRequest;
import org.medstream.model.serve.http.InferenceResponse;
import org.medstream.model.serve.http.JsonCodec;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.registry.ModelRegistry;

/** Dynamic batching, the bounded queue and graceful shutdown, with a model the test gates. */
class BatchingTest {
    private static final JsonCodec JSON = new JsonCodec();
    private static final String INFER = "/v1/models/" + GatedModel.NAME + "/infer";

    @Test
    void concurrentRequestsShareBatch() throws Exception {
        GatedModel model = new GatedModel(false);
        try (ModelServer server = start(model, 32, 200, 16)) {
            List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
            responses.add(send(server, 1));
            assertThat(model.firstBatchStarted.await(30, TimeUnit.SECONDS)).isTrue();
            for (int length = 2; length <= 6; length++) {
                responses.add(send(server, length));
            }
            waitForQueue(server, 5);
            model.openForever();

            for (int i = 0; i < responses.size(); i++) {
                HttpResponse<byte[]> response = responses.get(i).get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                InferenceResponse answer = JSON.readResponse(response.body());
                assertThat(answer.results().get(0).streamId()).isEqualTo("stream-" + (i + 1));
                assertThat(answer.results().get(0).events().get(0).sample()).isEqualTo((long) i);
            }
            assertThat(model.batchSizes).containsExactly(1, 5);
            String metrics = ServeTestSupport.text(ServeTestSupport.get(server, "/metrics"));
            // The warm-up window ran as a batch of one before the test's two batches.
            assertThat(metrics)
                    .contains("medstream_serve_batch_windows_bucket{model=\"gated\",le=\"1.0\"} 2");
            assertThat(metrics)
                    .contains("medstream_serve_batch_windows_bucket{model=\"gated\",le=\"8.0\"} 3");
        }
    }

    @Test
    void fullQueueAnswers429WithRetryAfter() throws Exception {
        GatedModel model = new GatedModel(false);
        try (ModelServer server = start(model, 1, 0, 1)) {
            CompletableFuture<HttpResponse<byte[]>> running = send(server, 1);
            assertThat(model.firstBatchStarted.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<HttpResponse<byte[]>> queued = send(server, 2);
            waitForQueue(server, 1);

            HttpResponse<byte[]> rejected = send(server, 3).get(30, TimeUnit.SECONDS);

            assertThat(rejected.statusCode()).isEqualTo(429);
            assertThat(rejected.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(ServeTestSupport.text(rejected)).contains("\"kind\":\"queue_full\"");
            model.openForever();
            assertThat(running.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(queued.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void modelFailureAnswers500() throws Exception {
        GatedModel model = new GatedModel(false);
        try (ModelServer server = start(model, 4, 0, 4)) {
            model.openForever();
            Window window =
                    new Window(
                            GatedModel.FAILING_STREAM, List.of("x"), 100, new float[1][3], 0, null);
            HttpResponse<byte[]> failed =
                    ServeTestSupport.post(
                            server,
                            INFER,
                            JsonCodec.MEDIA_TYPE,
                            JSON.write(new InferenceRequest(List.of(window))));

            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(ServeTestSupport.text(failed))
                    .contains("\"kind\":\"inference_failed\"", "failure for stream failing");
            assertThat(send(server, 2).get(30, TimeUnit.SECONDS).statusCode())
                    .as("the worker serves the next request")
                    .isEqualTo(200);
        }
    }

    @Test
    void closeFinishesQueuedRequests() throws Exception {
        GatedModel model = new GatedModel(false);
        ModelServer server = start(model, 1, 0, 8);
        URI address = server.uri();
        List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
        responses.add(send(server, 1));
        assertThat(model.firstBatchStarted.await(30, TimeUnit.SECONDS)).isTrue();
        for (int length = 2; length <= 4; length++) {
            responses.add(send(server, length));
        }
        waitForQueue(server, 3);

        CompletableFuture<Void> closed =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                server.close();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        Thread.sleep(300);
        assertThat(closed).as("close waits for queued requests").isNotDone();
        model.openForever();
        closed.get(60, TimeUnit.SECONDS);

        for (CompletableFuture<HttpResponse<byte[]>> response : responses) {
            assertThat(response.get(1, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(model.batchSizes).containsExactly(1, 1, 1, 1);
        assertThatThrownBy(() -> send(address, 1).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    private static ModelServer start(GatedModel model, int maxBatch, long maxWaitMillis, int queue)
            throws Exception {
        ModelRegistry registry = new ModelRegistry();
        registry.add(model);
        ModelServer server =
                ModelServer.start(
                        registry, ServeTestSupport.options(maxBatch, maxWaitMillis, queue, 1));
        assertThat(server.awaitReady(Duration.ofSeconds(30))).isTrue();
        return server;
    }

    /** Sends one window of {@code length} samples as stream {@code stream-LENGTH}. */
    private static CompletableFuture<HttpResponse<byte[]>> send(ModelServer server, int length) {
        return send(server.uri(), length);
    }

    private static CompletableFuture<HttpResponse<byte[]>> send(URI address, int length) {
        Window window =
                new Window("stream-" + length, List.of("x"), 100, new float[1][length], 0, null);
        HttpRequest request =
                ServeTestSupport.postRequest(
                        address,
                        INFER,
                        JsonCodec.MEDIA_TYPE,
                        JSON.write(new InferenceRequest(List.of(window))));
        return ServeTestSupport.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Waits until the model's queue contains {@code requests} requests. */
    private static void waitForQueue(ModelServer server, int requests) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.queuedRequests(GatedModel.NAME) != requests) {
            assertThat(System.nanoTime())
                    .as("time waiting for %d queued", requests)
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
