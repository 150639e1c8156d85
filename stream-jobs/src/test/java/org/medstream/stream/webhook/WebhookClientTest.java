package org.medstream.stream.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;

class WebhookClientTest {
    private static final WebhookSettings FAST =
            new WebhookSettings(Duration.ofSeconds(2), 4, Duration.ofMillis(10));

    private static final Instant RAISED = Instant.parse("2023-11-14T22:13:30Z");

    private HttpServer server;
    private FlakyReceiver receiver;

    /** Starts a receiver that responds {@code failureStatus} to the first {@code failures}. */
    private URI start(int failures, int failureStatus) throws IOException {
        receiver = new FlakyReceiver(failures, failureStatus);
        return receiver.url();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private static Alert alert() {
        return FlakyReceiver.asystole();
    }

    @Test
    void stalledResponseBodyTimesOut() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext(
                "/alerts",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    // Headers promise 100 bytes of body that never come.
                    exchange.sendResponseHeaders(200, 100);
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
        WebhookClient client =
                new WebhookClient(
                        url, new WebhookSettings(Duration.ofMillis(300), 2, Duration.ofMillis(10)));

        long startNanos = System.nanoTime();
        WebhookClient.Delivery delivery =
                client.post("a1", "key-1", AlertJson.toJson(alert()), RAISED);

        assertThat(delivery.delivered()).isFalse();
        assertThat(delivery.attempts()).isEqualTo(2);
        assertThat(delivery.error()).contains("HttpTimeoutException");
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos))
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void deliveredAfterTwoServiceUnavailable() throws Exception {
        WebhookClient client = new WebhookClient(start(2, 503), FAST);

        WebhookClient.Delivery delivery =
                client.post("a1", "key-1", AlertJson.toJson(alert()), RAISED);

        assertThat(delivery.delivered()).isTrue();
        assertThat(delivery.attempts()).isEqualTo(3);
        assertThat(receiver.requests()).isEqualTo(3);
    }

    @Test
    void failsAfterMaxAttempts() throws Exception {
        WebhookClient client = new WebhookClient(start(100, 503), FAST);

        WebhookClient.Delivery delivery =
                client.post("a1", "key-1", AlertJson.toJson(alert()), RAISED);

        assertThat(delivery.delivered()).isFalse();
        assertThat(delivery.attempts()).isEqualTo(4);
        assertThat(receiver.requests()).isEqualTo(4);
        assertThat(delivery.error()).startsWith("HTTP 503 from http://127.0.0.1:");
    }

    @Test
    void clientErrorNotRetried() throws Exception {
        WebhookClient client = new WebhookClient(start(100, 400), FAST);

        WebhookClient.Delivery delivery =
                client.post("a1", "key-1", AlertJson.toJson(alert()), RAISED);

        assertThat(delivery.delivered()).isFalse();
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(receiver.requests()).isEqualTo(1);
    }

    @Test
    void connectionRefusedRetriedThenFails() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        WebhookClient client =
                new WebhookClient(URI.create("http://127.0.0.1:" + closedPort + "/alerts"), FAST);

        WebhookClient.Delivery delivery = client.post("a1", "key-1", "{}", RAISED);

        assertThat(delivery.delivered()).isFalse();
        assertThat(delivery.attempts()).isEqualTo(4);
        assertThat(delivery.error()).contains("ConnectException");
    }

    @Test
    void bodyHasStableFieldsAndTimes() throws Exception {
        WebhookClient client = new WebhookClient(start(0, 200), FAST);
        client.post("a1", "key-1", AlertJson.toJson(alert()), RAISED);

        JsonNode json = new ObjectMapper().readTree(receiver.bodies().get(0));
        assertThat(json.get("alertId").asText()).isEqualTo("bed-1:ASYSTOLE:360");
        assertThat(json.get("phase").asText()).isEqualTo("START");
        assertThat(json.get("sequence").asInt()).isZero();
        assertThat(json.get("idempotencyKey").asText()).isEqualTo("bed-1:ASYSTOLE:360:START:0");
        assertThat(json.get("type").asText()).isEqualTo("ASYSTOLE");
        assertThat(json.get("priority").asText()).isEqualTo("HIGH");
        assertThat(json.get("category").asText()).isEqualTo("PHYSIOLOGICAL");
        assertThat(json.get("onsetSampleIndex").asLong()).isEqualTo(360);
        assertThat(json.get("onsetTime").asText()).isEqualTo("2023-11-14T22:13:21Z");
        assertThat(json.get("onsetTimeMicros").asLong()).isEqualTo(1_700_000_001_000_000L);
        assertThat(json.get("eventTime").asText()).isEqualTo("2023-11-14T22:13:25Z");
        assertThat(json.get("emittedAtMicros").asLong()).isEqualTo(1_700_000_010_000_000L);
        assertThat(json.get("heartRateBpm").isNull()).isTrue();
    }

    @Test
    void retriesRepeatKeyAndSignedBody() throws Exception {
        WebhookSettings signed =
                new WebhookSettings(
                        Duration.ofSeconds(2),
                        4,
                        Duration.ofMillis(10),
                        Duration.ZERO,
                        "s3cret",
                        null,
                        WebhookFormat.JSON);
        WebhookClient client = new WebhookClient(start(2, 503), signed);
        String json = AlertJson.toJson(alert());

        client.post("a1", "bed-1:ASYSTOLE:360", json, RAISED);

        assertThat(receiver.bodies()).hasSize(3).containsOnly(json);
        for (Headers request : receiver.headers()) {
            assertThat(request.getFirst(WebhookClient.IDEMPOTENCY_KEY_HEADER))
                    .isEqualTo("bed-1:ASYSTOLE:360");
            String signature = request.getFirst(WebhookSignature.HEADER);
            assertThat(
                            WebhookSignature.verify(
                                    "s3cret", json.getBytes(StandardCharsets.UTF_8), signature))
                    .isTrue();
        }
    }

    @Test
    void unsignedWithoutSecret() throws Exception {
        WebhookClient client = new WebhookClient(start(0, 200), FAST);

        client.post("a1", "key-1", "{}", RAISED);

        assertThat(receiver.headers().get(0).getFirst(WebhookSignature.HEADER)).isNull();
        assertThat(receiver.headers().get(0).getFirst(WebhookClient.IDEMPOTENCY_KEY_HEADER))
                .isEqualTo("key-1");
    }

    @Test
    void plainHttpAsksNoProtocolUpgrade() throws Exception {
        WebhookClient client = new WebhookClient(start(0, 200), FAST);

        client.post("a1", "key-1", "{}", RAISED);

        Headers request = receiver.headers().get(0);
        assertThat(request.getFirst("Upgrade")).isNull();
        assertThat(request.getFirst("HTTP2-Settings")).isNull();
    }

    @Test
    void jitterStaysWithinHalfAndWholeBase() {
        for (int i = 0; i < 1000; i++) {
            assertThat(WebhookClient.withJitter(200)).isBetween(100L, 200L);
        }
        assertThat(WebhookClient.withJitter(0)).isZero();
        assertThat(WebhookClient.withJitter(1)).isBetween(0L, 1L);
    }

    @Test
    void settingsHideSecret() {
        WebhookSettings signed =
                new WebhookSettings(
                        Duration.ofSeconds(2),
                        4,
                        Duration.ofMillis(10),
                        Duration.ZERO,
                        "s3cret",
                        null,
                        WebhookFormat.JSON);

        assertThat(signed.toString()).doesNotContain("s3cret").contains("signed=true");
    }

    @Test
    void noRetryPastMaxAge() throws Exception {
        WebhookSettings settings =
                new WebhookSettings(
                        Duration.ofSeconds(2),
                        4,
                        Duration.ofMillis(10),
                        Duration.ofMinutes(1),
                        null,
                        null,
                        WebhookFormat.JSON);
        Clock oneMinuteLater = Clock.fixed(RAISED.plus(Duration.ofMinutes(1)), ZoneOffset.UTC);
        WebhookClient client = new WebhookClient(start(100, 503), settings, oneMinuteLater);

        WebhookClient.Delivery delivery = client.post("a1", "key-1", "{}", RAISED);

        assertThat(delivery.delivered()).isFalse();
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(delivery.error()).endsWith("the alert would be older than PT1M");
    }

    @Test
    void targetLeavesOutUserInfoAndQuery() {
        assertThat(
                        WebhookClient.target(
                                URI.create("https://user:pw@pager.example.org:8443/hook?key=1")))
                .isEqualTo("https://pager.example.org:8443/hook");
    }
}
