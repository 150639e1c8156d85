package org.medstream.stream.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.DeliveryOutcome;

/** The delivery operator's status records and dead letters, against a loopback receiver. */
class WebhookDeliveryFunctionTest {
    private static final WebhookSettings FAST =
            new WebhookSettings(Duration.ofSeconds(2), 3, Duration.ofMillis(10));

    private FlakyReceiver receiver;

    /**
     * Starts a receiver that responds 503 to the first {@code failures} requests, then 200, and
     * returns its URL with a token in the query.
     */
    private String start(int failures) throws IOException {
        receiver = new FlakyReceiver(failures, 503);
        return receiver.url() + "?token=abc";
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private static Alert alert() {
        return FlakyReceiver.asystole();
    }

    @Test
    @SuppressWarnings("try") // the harness's close() declares Exception, which the test rethrows
    void deliveredAfterRetryReportsStatus() throws Exception {
        String url = start(1);
        try (var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new WebhookDeliveryFunction(url, FAST)),
                        WebhookDeliveryFunction.byStream(),
                        Types.STRING)) {
            harness.open();
            harness.processElement(alert(), 0);

            List<AlertDelivery> statuses = harness.extractOutputValues();
            assertThat(statuses).hasSize(1);
            AlertDelivery status = statuses.get(0);
            assertThat(status.getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
            assertThat(status.getAttempts()).isEqualTo(2);
            assertThat(status.getHttpStatus()).isEqualTo(200);
            assertThat(status.getError()).isNull();
            assertThat(status.getAlertId()).isEqualTo("bed-1:ASYSTOLE:360");
            assertThat(status.getPhase()).isEqualTo("START");
            assertThat(status.getSequence()).isZero();
            assertThat(status.getIdempotencyKey()).isEqualTo("bed-1:ASYSTOLE:360:START:0");
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
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new WebhookDeliveryFunction(url, FAST)),
                        WebhookDeliveryFunction.byStream(),
                        Types.STRING)) {
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
