package org.medstream.stream.webhook;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.DeliveryOutcome;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.medstream.schemas.serde.AvroCodec;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.metrics.DeadLetterMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each alert record (every phase of every alert) to the webhook and emits one {@link
 * AlertDelivery} per record with the outcome, for the delivery-status topic. A record that still
 * fails after all retries also goes to {@link #DEAD_LETTERS} as a {@code DELIVERY_FAILED} {@link
 * DeadLetter} with the alert's Avro bytes, so a receiver outage does not fail the job.
 *
 * <p>The input is keyed by stream ({@link #byStream()}), so all records of one stream reach the
 * same instance in the order they were raised. Delivery is synchronous: while a record is retried,
 * later records of this instance wait, which keeps their order. Records are replayed after a
 * restore from a checkpoint, so a receiver may see a record twice (at-least-once) and should
 * deduplicate on the {@code Idempotency-Key} header, {@link AlertFactory#idempotencyKey}: alert id,
 * phase and sequence number, the same on every retry and replay.
 */
public class WebhookDeliveryFunction extends KeyedProcessFunction<String, Alert, AlertDelivery> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveryFunction.class);

    /** Alerts that could not be delivered. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("webhook-dead-letters", TypeInformation.of(DeadLetter.class));

    private final String url;
    private final WebhookSettings settings;

    private transient WebhookClient client;
    private transient AvroCodec<Alert> codec;
    private transient DeadLetterMetrics metrics;
    private transient String target;

    /** Returns the key selector that the input must be keyed by: the alert's stream id. */
    public static KeySelector<Alert, String> byStream() {
        return new StreamKey();
    }

    private static final class StreamKey implements KeySelector<Alert, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Alert alert) {
            return alert.getStreamId();
        }
    }

    public WebhookDeliveryFunction(String url, WebhookSettings settings) {
        this.url = url;
        this.settings = settings;
        WebhookClient.checkUrl(URI.create(url));
    }

    @Override
    public void open(OpenContext openContext) {
        client = new WebhookClient(URI.create(url), settings);
        codec = AvroCodec.of(Alert.class);
        metrics = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
        target = WebhookClient.target(URI.create(url));
        LOG.info("Started webhook delivery maxAttempts={}", settings.maxAttempts());
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<AlertDelivery> out)
            throws Exception {
        String idempotencyKey = AlertFactory.idempotencyKey(alert);
        String logId =
                alert.getType()
                        + "/"
                        + StreamKeyHash.of(alert.getAlertId())
                        + "/"
                        + alert.getPhase()
                        + "/"
                        + alert.getSequence();
        Instant firstAttemptAt = EpochMicros.toInstant(EpochMicros.now());
        WebhookClient.Delivery delivery =
                client.post(
                        logId,
                        idempotencyKey,
                        settings.format().body(alert),
                        alert.getEmittedAtMicros());
        Instant completedAt = EpochMicros.toInstant(EpochMicros.now());
        out.collect(
                AlertDelivery.newBuilder()
                        .setAlertId(alert.getAlertId())
                        .setStreamId(alert.getStreamId())
                        .setOutcome(
                                delivery.delivered()
                                        ? DeliveryOutcome.DELIVERED
                                        : DeliveryOutcome.FAILED)
                        .setAttempts(delivery.attempts())
                        .setHttpStatus(delivery.httpStatus())
                        .setError(delivery.error())
                        .setTarget(target)
                        .setAlertEmittedAtMicros(alert.getEmittedAtMicros())
                        .setFirstAttemptAtMicros(firstAttemptAt)
                        .setCompletedAtMicros(completedAt)
                        .setPhase(alert.getPhase().name())
                        .setSequence(alert.getSequence())
                        .setIdempotencyKey(idempotencyKey)
                        .build());
        if (delivery.delivered()) {
            LOG.debug("Delivered webhook id={} attempts={}", logId, delivery.attempts());
            return;
        }

        LOG.error(
                "Webhook delivery failed id={} attempts={} error={}; the alert goes to the dead"
                        + " letter topic",
                logId,
                delivery.attempts(),
                delivery.error());
        metrics.deadLetter(DeadLetterReason.DELIVERY_FAILED);
        ctx.output(
                DEAD_LETTERS,
                DeadLetter.newBuilder()
                        .setSource("webhook")
                        .setStreamId(alert.getStreamId())
                        .setReasonCode(DeadLetterReason.DELIVERY_FAILED)
                        .setMessage(
                                "Alert "
                                        + idempotencyKey
                                        + " not delivered after "
                                        + delivery.attempts()
                                        + " attempts: "
                                        + delivery.error())
                        .setOriginalBytes(ByteBuffer.wrap(codec.encode(alert)))
                        .setFailedAtMicros(completedAt)
                        .build());
    }
}
