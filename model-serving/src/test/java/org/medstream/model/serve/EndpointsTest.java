package org.medstream.model.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medstream.model.serve.ServeTestSupport.get;
import static org.medstream.model.serve.ServeTestSupport.post;
import static org.medstream.model.serve.ServeTestSupport.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medstream.model.serve.http.AvroCodec;
import org.medstream.model.serve.http.JsonCodec;
import org.medstream.model.serve.registry.Device;
import org.medstream.model.serve.registry.ModelRegistry;

/** Health, readiness, metrics, model metadata and the error responses, on real LMU models. */
class EndpointsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_WINDOW_SAMPLES = 6000;
    private static final int MAX_BODY_BYTES = 1 << 20;

    /** Prometheus text format: comments, or a sample line of name, optional labels and value. */
    private static final Pattern PROMETHEUS_LINE =
            Pattern.compile(
                    "# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*"
                            + "|[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? [-+0-9.eE]+|.*(NaN|Inf)");

    private static ModelServer server;

    @BeforeAll
    static void startServer() throws Exception {
        ModelRegistry registry = new ModelRegistry();
        registry.load(ServeTestSupport.model("lmu-waves"), Device.CPU);
        registry.load(ServeTestSupport.model("lmu-breaths"), Device.CPU);
        server =
                ModelServer.start(
                        registry,
                        ServeTestSupport.options(8, 1, 16, 1)
                                .withLimits(MAX_WINDOW_SAMPLES, MAX_BODY_BYTES));
        assertThat(server.awaitReady(Duration.ofSeconds(60))).as("ready").isTrue();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void healthAndReadyAnswer200() throws Exception {
        assertThat(get(server, "/health").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> ready = get(server, "/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(text(ready)).contains("\"ready\"");
    }

    @Test
    void modelsListMetadata() throws Exception {
        JsonNode list = MAPPER.readTree(get(server, "/v1/models").body());
        assertThat(list.get("models")).hasSize(2);

        HttpResponse<byte[]> response = get(server, "/v1/models/lmu-waves");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode waves = MAPPER.readTree(response.body());
        assertThat(waves.get("task").asText()).isEqualTo("waves");
        assertThat(waves.get("model").asText()).isEqualTo("lmu");
        assertThat(waves.get("leads")).hasSize(12);
        assertThat(waves.get("classes").toString()).isEqualTo("[\"none\",\"p\",\"qrs\",\"t\"]");
        assertThat(waves.get("samplingFrequencyHz").asDouble()).isEqualTo(500.0);
        assertThat(waves.get("delaySamples").asInt()).isEqualTo(100);
        assertThat(waves.get("thetaSamples").asInt()).isEqualTo(250);
        assertThat(waves.get("parameterCount").asLong()).isEqualTo(36385);
        assertThat(waves.get("device").asText()).isEqualTo("cpu");
    }

    @Test
    void metricsParseAsPrometheusText() throws Exception {
        post(
                server,
                "/v1/models/lmu-breaths/infer",
                JsonCodec.MEDIA_TYPE,
                breathRequest("[0.5]", 125));

        HttpResponse<byte[]> response = get(server, "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/plain");
        String metrics = text(response);
        for (String line : metrics.split("\n")) {
            if (!line.isEmpty()) {
                assertThat(line).matches(PROMETHEUS_LINE);
            }
        }
        assertThat(metrics)
                .contains(
                        "medstream_serve_requests_total{",
                        "medstream_serve_windows_total{",
                        "medstream_serve_errors_total{",
                        "medstream_serve_batch_windows_bucket{",
                        "medstream_serve_queue_seconds_bucket{",
                        "medstream_serve_inference_seconds_bucket{",
                        "medstream_serve_queued_requests{");
    }

    @Test
    void unknownModelAnswers404() throws Exception {
        HttpResponse<byte[]> response =
                post(
                        server,
                        "/v1/models/nope/infer",
                        JsonCodec.MEDIA_TYPE,
                        "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(text(response)).contains("No model named 'nope'", "lmu-waves");
        assertThat(get(server, "/v1/models/nope").statusCode()).isEqualTo(404);
        assertThat(get(server, "/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void wrongMethodAnswers405() throws Exception {
        HttpResponse<byte[]> infer = get(server, "/v1/models/lmu-waves/infer");
        HttpResponse<byte[]> health = post(server, "/health", JsonCodec.MEDIA_TYPE, new byte[0]);

        assertThat(infer.statusCode()).isEqualTo(405);
        assertThat(infer.headers().firstValue("Allow")).hasValue("POST");
        assertThat(health.statusCode()).isEqualTo(405);
        assertThat(health.headers().firstValue("Allow")).hasValue("GET");
    }

    /** Repeated because a server that closes while the client still sends loses the response. */
    @RepeatedTest(20)
    void largeBodyAnswers413() throws Exception {
        byte[] body = new byte[MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(body, (byte) ' ');

        HttpResponse<byte[]> response =
                post(server, "/v1/models/lmu-waves/infer", JsonCodec.MEDIA_TYPE, body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(text(response)).contains("body_too_large");
    }

    /**
     * The JDK client cannot read a final response to {@code Expect}, so this test writes HTTP
     * itself.
     */
    @Test
    @Timeout(60)
    void largeBodyAnswers413BeforeContinue() throws Exception {
        String head =
                "POST /v1/models/lmu-waves/infer HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\n"
                        + "Content-Type: "
                        + JsonCodec.MEDIA_TYPE
                        + "\r\n"
                        + "Content-Length: "
                        + (MAX_BODY_BYTES + 1)
                        + "\r\n"
                        + "Expect: 100-continue\r\n\r\n";
        try (Socket socket = new Socket(server.uri().getHost(), server.uri().getPort())) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            String answer =
                    new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 413 ").contains("body_too_large");
        }
    }

    @RepeatedTest(20)
    void largeChunkedBodyAnswers413() throws Exception {
        byte[] body = new byte[MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        java.net.http.HttpRequest request =
                java.net.http.HttpRequest.newBuilder(
                                server.uri().resolve("/v1/models/lmu-waves/infer"))
                        .header("Content-Type", JsonCodec.MEDIA_TYPE)
                        .POST(
                                java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new java.io.ByteArrayInputStream(body)))
                        .build();

        HttpResponse<byte[]> response =
                ServeTestSupport.CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(text(response)).contains("body_too_large");
    }

    @Test
    void otherContentTypeAnswers415() throws Exception {
        HttpResponse<byte[]> response =
                post(
                        server,
                        "/v1/models/lmu-waves/infer",
                        "text/csv",
                        "1,2".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(text(response)).contains("text/csv", "application/json", "avro/binary");
    }

    static Stream<Arguments> badRequests() {
        String waves = "/v1/models/lmu-waves/infer";
        String breaths = "/v1/models/lmu-breaths/infer";
        return Stream.of(
                Arguments.of(waves, "{\"windows\": []}", "windows"),
                Arguments.of(waves, "{windows: []}", "body"),
                Arguments.of(waves, "{\"windowz\": []}", "windowz"),
                Arguments.of(
                        waves,
                        window(
                                "\"streamId\": \"s\", \"leads\": [\"ii\", \"foo\"],"
                                        + " \"samplingFrequencyHz\": 500, \"samples\": [[1], [2]]"),
                        "windows[0].leads[1]"),
                Arguments.of(
                        waves,
                        window(
                                "\"streamId\": \"s\", \"leads\": [\"ii\"],"
                                        + " \"samplingFrequencyHz\": 360.5, \"samples\": [[1]]"),
                        "windows[0].samplingFrequencyHz"),
                Arguments.of(
                        waves,
                        window(
                                "\"streamId\": \"s\", \"leads\": [\"ii\"],"
                                        + " \"samplingFrequencyHz\": 0, \"samples\": [[1]]"),
                        "windows[0].samplingFrequencyHz"),
                Arguments.of(
                        waves,
                        window(
                                "\"streamId\": \"s\", \"leads\": [\"ii\"],"
                                        + " \"samplingFrequencyHz\": NaN, \"samples\": [[1]]"),
                        "windows[0].samplingFrequencyHz"),
                Arguments.of(
                        waves,
                        window(
                                "\"streamId\": \"s\", \"leads\": [\"ii\"],"
                                        + " \"samplingFrequencyHz\": 500, \"samples\": [[]]"),
                        "windows[0].samples[0]"),
                Arguments.of(
                        waves,
                        window(
                                "\"streamId\": \"s\", \"leads\": [\"ii\", \"v1\"],"
                                        + " \"samplingFrequencyHz\": 500, \"samples\": [[1, 2], [3]]"),
                        "windows[0].samples[1]"),
                Arguments.of(
                        waves,
                        window(
                                "\"streamId\": \"s\", \"leads\": [\"ii\"],"
                                        + " \"samplingFrequencyHz\": 500, \"samples\": [[1, NaN, 2]]"),
                        "windows[0].samples[0][1]"),
                Arguments.of(
                        waves,
                        window(
                                "\"streamId\": \"s\", \"leads\": [\"ii\"],"
                                        + " \"samplingFrequencyHz\": 500, \"samples\": [[1, \"x\"]]"),
                        "windows[0].samples[0][1]"),
                Arguments.of(
                        waves,
                        window(
                                "\"streamId\": \"s\", \"leads\": [\"ii\", \"v1\"],"
                                        + " \"samplingFrequencyHz\": 500, \"samples\": [[1]]"),
                        "windows[0].samples"),
                Arguments.of(
                        waves,
                        window(
                                "\"streamId\": \"\", \"leads\": [\"ii\"],"
                                        + " \"samplingFrequencyHz\": 500, \"samples\": [[1]]"),
                        "windows[0].streamId"),
                Arguments.of(
                        waves,
                        window(
                                "\"streamId\": \"s\", \"leads\": [\"ii\"],"
                                        + " \"samplingFrequencyHz\": 500, \"samples\": [[1, 2]],"
                                        + " \"warmupSamples\": 2"),
                        "windows[0].warmupSamples"),
                Arguments.of(
                        waves,
                        window(
                                "\"streamId\": \"s\", \"leads\": [\"ii\"],"
                                        + " \"samplingFrequencyHz\": 500, \"samples\": [["
                                        + "0,".repeat(MAX_WINDOW_SAMPLES)
                                        + "0]]"),
                        "windows[0].samples[0]"),
                Arguments.of(
                        breaths,
                        window(
                                "\"streamId\": \"s\", \"leads\": [\"ii\"],"
                                        + " \"samplingFrequencyHz\": 125, \"samples\": [[1]]"),
                        "windows[0].leads"),
                Arguments.of(
                        breaths,
                        window(
                                "\"streamId\": \"s\", \"leads\": [\"RESP\"],"
                                        + " \"samplingFrequencyHz\": 62.5, \"samples\": [[1]]"),
                        "windows[0].samplingFrequencyHz"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badRequests")
    void badInputAnswers400NamingField(String path, String body, String field) throws Exception {
        HttpResponse<byte[]> response =
                post(server, path, JsonCodec.MEDIA_TYPE, body.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(text(response)).isEqualTo(400);
        JsonNode error = MAPPER.readTree(response.body()).get("error");
        assertThat(error.get("kind").asText()).isEqualTo("invalid_request");
        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("expected").asText()).isNotBlank();
        assertThat(error.get("message").asText()).contains(field);
    }

    @Test
    void jsonErrorsNameTheValueNotJavaTypes() throws Exception {
        HttpResponse<byte[]> wrongType =
                post(
                        server,
                        "/v1/models/lmu-waves/infer",
                        JsonCodec.MEDIA_TYPE,
                        window(
                                        "\"streamId\": \"s\", \"leads\": [\"ii\"],"
                                                + " \"samplingFrequencyHz\": 500,"
                                                + " \"samples\": \"abc\"")
                                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> notJson =
                post(
                        server,
                        "/v1/models/lmu-waves/infer",
                        JsonCodec.MEDIA_TYPE,
                        "{\"windows\": [x]}".getBytes(StandardCharsets.UTF_8));

        String wrongTypeMessage =
                MAPPER.readTree(wrongType.body()).get("error").get("message").asText();
        assertThat(wrongTypeMessage)
                .isEqualTo("Invalid windows[0].samples 'abc'; expected a JSON array");
        HttpResponse<byte[]> unfinished =
                post(
                        server,
                        "/v1/models/lmu-waves/infer",
                        JsonCodec.MEDIA_TYPE,
                        "{\"windows\": [{\"samples\": [[0.1, 0.2".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> trailing =
                post(
                        server,
                        "/v1/models/lmu-waves/infer",
                        JsonCodec.MEDIA_TYPE,
                        "{\"windows\": []} trailing".getBytes(StandardCharsets.UTF_8));

        assertThat(MAPPER.readTree(unfinished.body()).get("error").get("message").asText())
                .contains("line: 1, column:")
                .doesNotContain("Source");
        assertThat(trailing.statusCode()).isEqualTo(400);
        String notJsonMessage =
                MAPPER.readTree(notJson.body()).get("error").get("message").asText();
        assertThat(notJsonMessage)
                .startsWith("Invalid body (Unrecognized token 'x'")
                .contains("at line 1, column")
                .doesNotContain("Source:");
    }

    @Test
    void malformedAvroAnswers400() throws Exception {
        HttpResponse<byte[]> response =
                post(
                        server,
                        "/v1/models/lmu-waves/infer",
                        AvroCodec.MEDIA_TYPE,
                        new byte[] {9, 9, 9});

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(response.body()).get("error").get("field").asText())
                .isEqualTo("windows");
    }

    @Test
    void breathsRunAtOtherRate() throws Exception {
        HttpResponse<byte[]> response =
                post(
                        server,
                        "/v1/models/lmu-breaths/infer",
                        JsonCodec.MEDIA_TYPE,
                        breathRequest(sine(250 * 20, 250, 0.25), 250));

        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        JsonNode events = MAPPER.readTree(response.body()).get("results").get(0).get("events");
        for (JsonNode event : events) {
            assertThat(event.get("kind").asText()).isEqualTo("breath");
            assertThat(event.get("sample").asLong()).isBetween(0L, 250L * 20);
        }
    }

    private static String window(String fields) {
        return "{\"windows\": [{" + fields + "}]}";
    }

    private static byte[] breathRequest(String samples, double samplingFrequencyHz) {
        return window(
                        "\"streamId\": \"bed-1\", \"leads\": [\"RESP\"], \"samplingFrequencyHz\": "
                                + samplingFrequencyHz
                                + ", \"samples\": ["
                                + samples
                                + "]")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sine(int length, double samplingFrequencyHz, double frequencyHz) {
        StringBuilder values = new StringBuilder("[");
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                values.append(',');
            }
            values.append((float) Math.sin(2 * Math.PI * frequencyHz * i / samplingFrequencyHz));
        }
        return values.append(']').toString();
    }
}
