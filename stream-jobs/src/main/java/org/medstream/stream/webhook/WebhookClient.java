package org.medstream.stream.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON documents to one webhook URL with {@link HttpClient}. A 2xx response is success; 5xx
 * responses, 408, 429, timeouts and connection errors are retried with exponential backoff up to
 * {@link WebhookSettings#maxAttempts()} attempts in all; other 4xx responses fail at once because
 * repeating the same request cannot succeed.
 */
public final class WebhookClient {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookClient.class);

    private final URI url;
    private final WebhookSettings settings;
    private final HttpClient http;

    public WebhookClient(URI url, WebhookSettings settings) {
        this.url = checkUrl(url);
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    }

    /** Returns {@code url} if it is an absolute http or https URL; throws otherwise. */
    public static URI checkUrl(URI url) {
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException(
                    "Webhook URL must be an absolute http or https URL, got " + url);
        }
        return url;
    }

    /** Maximum wait between two attempts, however many attempts are configured. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Outcome of one delivery: success, or the last error after all attempts. */
    public record Delivery(boolean delivered, int attempts, String error) {}

    /**
     * Posts {@code json}; {@code id} names the document in log lines.
     *
     * @throws InterruptedException if the thread is interrupted while waiting to retry
     */
    public Delivery post(String id, String json) throws InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(url)
                        .timeout(settings.requestTimeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .build();
        Duration backoff = settings.initialBackoff();
        String error = null;
        int attemptsMade = 0;

        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            boolean retriable;
            attemptsMade = attempt;
            try {
                // HttpRequest.timeout covers only the wait for the response headers, so the whole
                // exchange, body included, gets its own deadline.
                CompletableFuture<HttpResponse<Void>> exchange =
                        http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
                HttpResponse<Void> response;
                try {
                    response =
                            exchange.get(
                                    settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    exchange.cancel(true);
                    throw new HttpTimeoutException(
                            "no complete response within "
                                    + settings.requestTimeout().toMillis()
                                    + " ms");
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io
                            ? io
                            : new IOException(e.getCause());
                }
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Delivery(true, attempt, null);
                }
                error = "HTTP " + status + " from " + url;
                retriable = status >= 500 || status == 408 || status == 429;
            } catch (IOException e) {
                error =
                        e.getClass().getSimpleName()
                                + " posting to "
                                + url
                                + (e.getMessage() == null ? "" : ": " + e.getMessage());
                retriable = true;
            }

            if (!retriable || attempt == settings.maxAttempts()) {
                break;
            }
            LOG.warn(
                    "Retrying webhook id={} attempt={}/{} backoffMillis={} error={}",
                    id,
                    attempt + 1,
                    settings.maxAttempts(),
                    backoff.toMillis(),
                    error);
            Thread.sleep(backoff.toMillis());
            backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
        }
        return new Delivery(false, attemptsMade, error);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
