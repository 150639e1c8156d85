package org.medstream.stream.webhook;

import java.io.Serializable;
import java.time.Duration;

/**
 * Retry policy of webhook delivery.
 *
 * @param requestTimeout connect and response timeout of one request
 * @param maxAttempts attempts per alert, the first included
 * @param initialBackoff wait before the first retry; each further retry waits twice as long
 */
public record WebhookSettings(Duration requestTimeout, int maxAttempts, Duration initialBackoff)
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
    }

    /** 5 s per request, 4 attempts, retries after 200 ms, 400 ms and 800 ms. */
    public static WebhookSettings defaults() {
        return new WebhookSettings(Duration.ofSeconds(5), 4, Duration.ofMillis(200));
    }
}
