package org.medstream.stream.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medstream.model.serve.http.AvroCodec;
import org.medstream.model.serve.http.InferenceRequest;
import org.medstream.model.serve.http.InferenceResponse;
import org.medstream.model.serve.inference.Event;
import org.medstream.model.serve.inference.WindowResult;

/**
 * The async function in Flink's async operator against a scripted HTTP server on 127.0.0.1 that
 * responds to each request with the next planned status.
 */
class RemoteInferenceFunctionTest {
    private final AvroCodec codec = new AvroCodec();
    private final ConcurrentLinkedQueue<Integer> plan = new ConcurrentLinkedQueue<>();
    private final List<Long> arrivalsNanos = new CopyOnWriteArrayList<>();
    private final List<InferenceRequest> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/v1/models/lmu-waves/infer",
                exchange -> {
                    arrivalsNanos.add(System.nanoTime());
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    Integer status = plan.poll();
                    if (status == null || status == 200) {
                        byte[] answer = answer(body);
                        exchange.getResponseHeaders().add("Content-Type", AvroCodec.MEDIA_TYPE);
                        exchange.sendResponseHeaders(200, answer.length);
                        exchange.getResponseBody().write(answer);
                    } else {
                        byte[] error =
                                ("{\"error\": {\"status\": " + status + "}}")
                                        .getBytes(StandardCharsets.UTF_8);
                        if (status == 429) {
                            exchange.getResponseHeaders().add("Retry-After", "1");
                        }
                        exchange.sendResponseHeaders(status, error.length);
                        exchange.getResponseBody().write(error);
                    }
                    exchange.close();
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Returns a response with one P wave at the first sample after the warm-up. */
    private byte[] answer(byte[] body) {
        try {
            InferenceRequest request = codec.readRequest(body);
            requests.add(request);
            var window = request.windows().get(0);
            int onset = window.warmupSamples();
            return codec.writeResponse(
                    new InferenceResponse(
                            "lmu-waves",
                            List.of(
                                    new WindowResult(
                                            window.streamId(),
                                            window.length(),
                                            window.warmupSamples(),
                                            List.of(),
                                            List.of(
                                                    Event.wave(
                                                            window.leads().get(0),
                                                            "P",
                                                            onset,
                                                            onset + 5,
                                                            onset + 10))))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private RemoteModelSettings settings(int maxAttempts) {
        return new RemoteModelSettings(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "lmu-waves",
                Duration.ofSeconds(5),
                maxAttempts,
                new Backoff(Duration.ofMillis(10), Duration.ofSeconds(2)),
                2,
                Duration.ofSeconds(1),
                Duration.ofMillis(700));
    }

    private static ModelWindow window() {
        ModelWindow window = new ModelWindow();
        window.streamId = "bed-1";
        window.samplingFrequencyHz = 500;
        window.leads = new String[] {"ii", "v1"};
        window.channels = new String[] {"MLII", "V1"};
        window.windowStartIndex = 1000;
        window.length = 4;
        window.warmupSamples = 1;
        window.ownedFrom = 1001;
        window.ownedTo = 1003;
        window.samples = new float[] {0.1f, 1.1f, 0.2f, 1.2f, 0.3f, 1.3f, 0.4f, 1.4f};
        window.patient = new String[] {"age", "69", "sex", "M"};
        return window;
    }

    /** Runs one window through the async operator and returns its reply. */
    private static WindowReply run(AsyncFunction<ModelWindow, WindowReply> function)
            throws Exception {
        try (OneInputStreamOperatorTestHarness<ModelWindow, WindowReply> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new AsyncWaitOperatorFactory<>(
                                function,
                                60_000,
                                2,
                                org.apache.flink.streaming.api.datastream.AsyncDataStream.OutputMode
                                        .ORDERED),
                        TypeInformation.of(ModelWindow.class)
                                .createSerializer(new SerializerConfigImpl()))) {
            harness.open();
            harness.processElement(window(), 0);
            harness.endInput();
            List<WindowReply> replies = harness.extractOutputValues();
            assertThat(replies).hasSize(1);
            return replies.get(0);
        }
    }

    @Test
    void answerCarriesEvents() throws Exception {
        WindowReply reply = run(new RemoteInferenceFunction(settings(3)));

        assertThat(reply.outcome).isEqualTo(WindowReply.Outcome.SUCCEEDED);
        assertThat(reply.attempts).isEqualTo(1);
        assertThat(reply.window.samples).isNull();
        assertThat(reply.events).hasSize(1);
        assertThat(reply.events[0].onset).isEqualTo(1);
        assertThat(reply.events[0].lead).isEqualTo("ii");
        InferenceRequest request = requests.get(0);
        assertThat(request.windows().get(0).leads()).containsExactly("ii", "v1");
        assertThat(request.windows().get(0).samples()[1]).containsExactly(1.1f, 1.2f, 1.3f, 1.4f);
        assertThat(request.windows().get(0).warmupSamples()).isEqualTo(1);
        assertThat(request.windows().get(0).patient())
                .containsExactly(Map.entry("age", "69"), Map.entry("sex", "M"));
    }

    @Test
    void retryAfterHonoured() throws Exception {
        plan.addAll(List.of(429, 429));

        WindowReply reply = run(new RemoteInferenceFunction(settings(3)));

        assertThat(reply.outcome).isEqualTo(WindowReply.Outcome.SUCCEEDED);
        assertThat(reply.attempts).isEqualTo(3);
        assertThat(arrivalsNanos).hasSize(3);
        for (int i = 1; i < 3; i++) {
            long waitMillis = (arrivalsNanos.get(i) - arrivalsNanos.get(i - 1)) / 1_000_000;
            assertThat(waitMillis).as("wait before attempt %d", i + 1).isGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    void serverErrorsRetried() throws Exception {
        plan.addAll(List.of(500, 503, 502));

        WindowReply reply = run(new RemoteInferenceFunction(settings(4)));

        assertThat(reply.outcome).isEqualTo(WindowReply.Outcome.SUCCEEDED);
        assertThat(reply.attempts).isEqualTo(4);
    }

    @Test
    void attemptsExhaustedUnavailable() throws Exception {
        plan.addAll(List.of(503, 503, 503));

        WindowReply reply = run(new RemoteInferenceFunction(settings(3)));

        assertThat(reply.outcome).isEqualTo(WindowReply.Outcome.UNAVAILABLE);
        assertThat(reply.attempts).isEqualTo(3);
        assertThat(reply.lastStatus).isEqualTo(503);
        assertThat(reply.reason)
                .isEqualTo(
                        "no response after 3 attempts, the last: HTTP 503 {\"error\": {\"status\":"
                                + " 503}}");
        assertThat(codec.readRequest(reply.requestBody).windows().get(0).streamId())
                .isEqualTo("bed-1");
    }

    @Test
    void badRequestNotRetried() throws Exception {
        plan.add(400);

        WindowReply reply = run(new RemoteInferenceFunction(settings(5)));

        assertThat(reply.outcome).isEqualTo(WindowReply.Outcome.REJECTED);
        assertThat(reply.attempts).isEqualTo(1);
        assertThat(arrivalsNanos).hasSize(1);
        assertThat(reply.reason).isEqualTo("HTTP 400 {\"error\": {\"status\": 400}}");
    }
}
