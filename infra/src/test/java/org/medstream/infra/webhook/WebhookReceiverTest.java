package org.medstream.infra.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.medstream.stream.webhook.WebhookSignature;

class WebhookReceiverTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int postSigned(URI url, String body, String signature) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(url)
                        .header("Content-Type", "application/json")
                        .header(WebhookSignature.HEADER, signature)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void urlOnLoopback() {
        assertThat(receiver.url().toString())
                .isEqualTo("http://127.0.0.1:" + receiver.port() + "/alerts");
    }

    @Test
    void acceptsJsonPost() throws Exception {
        HttpResponse<String> response =
                post(receiver.url(), "{\"alertId\":\"a-1\"}", "application/json");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(receiver.bodies()).containsExactly("{\"alertId\":\"a-1\"}");
    }

    @Test
    void acceptsFhirJson() throws Exception {
        HttpResponse<String> response =
                post(receiver.url(), "{\"resourceType\":\"Bundle\"}", "application/fhir+json");

        assertThat(response.statusCode()).isEqualTo(204);
    }

    @Test
    void keepsHeaders() throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(receiver.url())
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("X-Medstream-Signature", "sha256=abc")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build();

        HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(receiver.received().get(0).header("X-Medstream-Signature"))
                .isEqualTo("sha256=abc");
    }

    @Test
    void secretRejectsUnsignedAndWrongSignatures() throws Exception {
        String body = "{\"alertId\":\"a-1\"}";
        try (WebhookReceiver signed = WebhookReceiver.start(0, "s3cret")) {
            int unsigned = post(signed.url(), body, "application/json").statusCode();
            int wrong = postSigned(signed.url(), body, WebhookSignature.sign("other", bytes(body)));
            int valid =
                    postSigned(signed.url(), body, WebhookSignature.sign("s3cret", bytes(body)));

            assertThat(List.of(unsigned, wrong, valid)).containsExactly(401, 401, 204);
            assertThat(signed.bodies()).containsExactly(body);
        }
    }

    @Test
    void failsFirstRequestsWith503() throws Exception {
        receiver.failNext(2);

        int first = post(receiver.url(), "{\"n\":1}", "application/json").statusCode();
        int second = post(receiver.url(), "{\"n\":1}", "application/json").statusCode();
        int third = post(receiver.url(), "{\"n\":1}", "application/json").statusCode();

        assertThat(List.of(first, second, third)).containsExactly(503, 503, 204);
        assertThat(receiver.bodies()).hasSize(1);
        assertThat(receiver.requestCount()).isEqualTo(3);
    }

    @Test
    void rejectsInvalidJson() throws Exception {
        HttpResponse<String> response = post(receiver.url(), "{not json", "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(receiver.bodies()).isEmpty();
    }

    @Test
    void rejectsOtherContentType() throws Exception {
        assertThat(post(receiver.url(), "{}", "text/plain").statusCode()).isEqualTo(415);
    }

    /** Repeated because a receiver that closes while the sender still writes loses the response. */
    @RepeatedTest(10)
    void rejectsLargeBodyWith413() throws Exception {
        String body = "{\"pad\":\"" + " ".repeat(2 * WebhookReceiver.MAX_BODY_BYTES) + "\"}";

        HttpResponse<String> response = post(receiver.url(), body, "application/json");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than " + WebhookReceiver.MAX_BODY_BYTES);
        assertThat(receiver.bodies()).isEmpty();
    }

    @Test
    void rejectsOtherPath() throws Exception {
        URI other = receiver.url().resolve("/other");

        assertThat(post(other, "{}", "application/json").statusCode()).isEqualTo(404);
    }

    @Test
    void rejectsGet() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(receiver.url()).GET().build();

        assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(405);
    }

    @Test
    void awaitsConcurrentPosts() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 20; i++) {
                String body = "{\"n\":" + i + "}";
                senders.submit(() -> post(receiver.url(), body, "application/json"));
            }

            List<ReceivedWebhook> received = receiver.awaitReceived(20, Duration.ofSeconds(10));

            assertThat(received).hasSize(20);
            assertThat(received).extracting(ReceivedWebhook::body).doesNotHaveDuplicates();
        } finally {
            senders.shutdown();
            senders.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void awaitTimesOutWithCount() throws Exception {
        post(receiver.url(), "{}", "application/json");

        assertThatThrownBy(() -> receiver.awaitReceived(2, Duration.ofMillis(100)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageStartingWith("Received 1 of 2 webhooks at " + receiver.url());
    }

    @Test
    void awaitReturnsLateArrival() throws Exception {
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            Future<?> sent =
                    sender.submit(
                            () -> {
                                Thread.sleep(200);
                                return post(receiver.url(), "{}", "application/json");
                            });

            assertThat(receiver.awaitReceived(1, Duration.ofSeconds(10))).hasSize(1);
            sent.get();
        } finally {
            sender.shutdown();
        }
    }

    @Test
    void repeatedKeysCountedAndDropped() throws Exception {
        postWithKey("{\"n\":1}", "a:START:0", Duration.ofSeconds(10));
        postWithKey("{\"n\":2}", "a:START:0", Duration.ofSeconds(10));
        postWithKey("{\"n\":3}", "a:END:1", Duration.ofSeconds(10));

        assertThat(receiver.received()).hasSize(3);
        assertThat(receiver.duplicateCount()).isEqualTo(1);
        assertThat(receiver.deduplicated())
                .extracting(ReceivedWebhook::body)
                .containsExactly("{\"n\":1}", "{\"n\":3}");
    }

    @Test
    void slowResponseStoredBeforeTimeout() throws Exception {
        receiver.setResponseDelay(Duration.ofMillis(800));

        assertThatThrownBy(() -> postWithKey("{}", "slow:START:0", Duration.ofMillis(200)))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
        assertThat(receiver.received()).hasSize(1);

        receiver.setResponseDelay(Duration.ZERO);
        assertThat(postWithKey("{}", "slow:START:0", Duration.ofSeconds(10)).statusCode())
                .isEqualTo(204);
        assertThat(receiver.duplicateCount()).isEqualTo(1);
    }

    @Test
    void negativeDelayRejected() {
        assertThatThrownBy(() -> receiver.setResponseDelay(Duration.ofMillis(-1)))
                .hasMessage("Invalid response delay PT-0.001S; it must be 0 or more");
    }

    private HttpResponse<String> postWithKey(String body, String key, Duration timeout)
            throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(receiver.url())
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header(WebhookReceiver.IDEMPOTENCY_KEY_HEADER, key)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(URI uri, String body, String contentType)
            throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
