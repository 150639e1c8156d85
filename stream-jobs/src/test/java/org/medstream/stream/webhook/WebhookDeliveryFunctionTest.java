package org.medstream.stream.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.DeliveryOutcome;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.time.StreamClock;

/** The delivery operator's status records and dead letters, against a loopback receiver. */
class WebhookDeliveryFunctionTest {
    private static final WebhookSettings FAST =
            new WebhookSettings(Duration.ofSeconds(2), 3, Duration.ofMillis(10));

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    /** Starts a receiver that responds 503 to the first {@code failures} requests, then 204. */
    private String start(int failures) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/alerts",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    int status = requests.incrementAndGet() <= failures ? 503 : 204;
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts?token=abc";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Alert alert() {
        return new AlertFactory(
                        "bed-1",
                        new StreamClock(1_700_000_000_000_000L, 360),
                        "test",
                        "1",
                        1_700_000_010_000_000L)
                .physiological(
                        AlertType.ASYSTOLE, 360, 1800, null, "Asystole: no QRS complex for 4.0 s");
    }

    @Test
    @SuppressWarnings("try") // the harness's close() declares Exception, which the test rethrows
    void deliveredAfterRetryReportsStatus() throws Exception {
        String url = start(1);
        try (var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new WebhookDeliveryFunction(url, FAST)))) {
            harness.open();
            harness.processElement(alert(), 0);

            List<AlertDelivery> statuses = harness.extractOutputValues();
            assertThat(statuses).hasSize(1);
            AlertDelivery status = statuses.get(0);
            assertThat(status.getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
            assertThat(status.getAttempts()).isEqualTo(2);
            assertThat(status.getHttpStatus()).isEqualTo(204);
            assertThat(status.getError()).isNull();
            assertThat(status.getAlertId()).isEqualTo("bed-1:ASYSTOLE:360");
            assertThat(status.getTarget()).doesNotContain("token").endsWith("/alerts");
            assertThat(status.getCompletedAtMicros())
                    .isAfterOrEqualTo(status.getFirstAttemptAtMicros());
            assertThat(harness.getSideOutput(WebhookDeliveryFunction.DEAD_LETTERS)).isNull();
        }
    }

    @Test
    @SuppressWarnings("try") // the harness's close() declares Exception, which the test rethrows
    void failedDeliveryReportsStatusAndDeadLetter() throws Exception {
        String url = start(100);
        try (var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new WebhookDeliveryFunction(url, FAST)))) {
            harness.open();
            harness.processElement(alert(), 0);

            AlertDelivery status = harness.extractOutputValues().get(0);
            assertThat(status.getOutcome()).isEqualTo(DeliveryOutcome.FAILED);
            assertThat(status.getAttempts()).isEqualTo(3);
            assertThat(status.getHttpStatus()).isEqualTo(503);
            assertThat(status.getError()).startsWith("HTTP 503 from").doesNotContain("token");
            List<DeadLetter> deadLetters =
                    harness.getSideOutput(WebhookDeliveryFunction.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(deadLetters).hasSize(1);
            assertThat(deadLetters.get(0).getReasonCode())
                    .isEqualTo(DeadLetterReason.DELIVERY_FAILED);
            assertThat(deadLetters.get(0).getMessage()).doesNotContain("token");
        }
    }
}
