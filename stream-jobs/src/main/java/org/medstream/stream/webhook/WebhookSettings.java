package org.medstream.stream.webhook;

import java.io.Serializable;
import java.time.Duration;

/**
 * Retry policy of webhook delivery.
 *
 * @param requestTimeout connect and response timeout of one request
 * @param maxAttempts attempts per alert, the first included
 * @param initialBackoff base wait before the first retry. The base doubles on each further retry.
 *     Each wait is drawn between half the base and the base (jitter), so that senders retrying
 *     after one outage do not all retry at once.
 * @param maxAge age of an alert, counted from its {@code emittedAt} time, after which no further
 *     attempt starts, so a receiver back after a long outage does not page for a stale alarm. Zero
 *     means no limit. A replay after a restore emits the alert again with a new time.
 * @param secret shared secret for the {@link WebhookSignature} header, or null to send unsigned
 *     requests
 * @param trust trust store for https URLs, or null for the JVM's default one
 * @param format body format
 */
public record WebhookSettings(
        Duration requestTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxAge,
        String secret,
        WebhookTrust trust,
        WebhookFormat format)
        implements Serializable {

    public WebhookSettings {
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "webhook.timeout must be positive, got " + requestTimeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "webhook.max-attempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException(
                    "webhook.initial-backoff must not be negative, got " + initialBackoff);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException(
                    "webhook.max-age must not be negative, got " + maxAge);
        }
        if (format == null) {
            throw new IllegalArgumentException("webhook.format is missing; use json or fhir");
        }
        if (secret != null && secret.isEmpty()) {
            throw new IllegalArgumentException(
                    "The webhook secret is empty; give a non-empty secret or none");
        }
    }

    /** Settings without an age limit or a signing secret. */
    public WebhookSettings(Duration requestTimeout, int maxAttempts, Duration initialBackoff) {
        this(
                requestTimeout,
                maxAttempts,
                initialBackoff,
                Duration.ZERO,
                null,
                null,
                WebhookFormat.JSON);
    }

    /** Returns true when requests carry a signature. */
    public boolean signed() {
        return secret != null;
    }

    /** Describes the settings without the secret, which must not reach logs. */
    @Override
    public String toString() {
        return "WebhookSettings[requestTimeout="
                + requestTimeout
                + ", maxAttempts="
                + maxAttempts
                + ", initialBackoff="
                + initialBackoff
                + ", maxAge="
                + maxAge
                + ", signed="
                + signed()
                + ", trust="
                + (trust == null ? "JVM default" : trust)
                + ", format="
                + format
                + "]";
    }

    /**
     * 5 s per request, 4 attempts, retries after 100–200 ms, 200–400 ms and 400–800 ms, none after
     * an alert is 10 minutes old, unsigned, JSON.
     */
    public static WebhookSettings defaults() {
        return new WebhookSettings(
                Duration.ofSeconds(5),
                4,
                Duration.ofMillis(200),
                Duration.ofMinutes(10),
                null,
                null,
                WebhookFormat.JSON);
    }
}
