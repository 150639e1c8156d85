package org.medstream.stream.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON documents to one webhook URL with {@link HttpClient}. A 2xx response is success; 5xx
 * responses, 408, 429, timeouts and connection errors are retried with exponential backoff and
 * jitter up to {@link WebhookSettings#maxAttempts()} attempts in all; other 4xx responses fail at
 * once because repeating the same request cannot succeed.
 *
 * <p>Every attempt of one document carries the same {@value #IDEMPOTENCY_KEY_HEADER} header and
 * identical body bytes, so a receiver can drop repeats: a retry after a lost response, or a replay
 * after the job restores a checkpoint. With a secret configured, each request also carries the
 * {@link WebhookSignature} of its body.
 */
public final class WebhookClient {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookClient.class);

    private final URI url;

    /** The URL as errors and logs show it, see {@link #target(URI)}. */
    private final String target;

    private final WebhookSettings settings;
    private final HttpClient http;
    private final Clock clock;

    public WebhookClient(URI url, WebhookSettings settings) {
        this(url, settings, Clock.systemUTC());
    }

    /**
     * Creates a client that reads the time for {@link WebhookSettings#maxAge()} from {@code clock}.
     */
    WebhookClient(URI url, WebhookSettings settings, Clock clock) {
        this.url = checkUrl(url);
        this.target = target(url);
        this.settings = settings;
        this.clock = clock;
        // A plain-http request for HTTP/2 carries "Upgrade: h2c" with its body, which some
        // receivers and proxies mishandle. An https receiver still gets HTTP/2 where ALPN offers
        // it.
        HttpClient.Builder http =
                HttpClient.newBuilder()
                        .version(
                                url.getScheme().equalsIgnoreCase("http")
                                        ? HttpClient.Version.HTTP_1_1
                                        : HttpClient.Version.HTTP_2)
                        .connectTimeout(settings.requestTimeout());
        if (settings.trust() != null) {
            http.sslContext(settings.trust().sslContext());
        }
        this.http = http.build();
    }

    /**
     * Returns scheme, host, port and path of {@code url}, without user info or query, which may
     * hold a token and must not reach logs, dead letters or the delivery-status topic.
     */
    public static String target(URI url) {
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return url.getScheme() + "://" + url.getHost() + port + path;
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

    /** Header that carries the document's idempotency key. */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    /** Maximum wait between two attempts, however many attempts are configured. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /**
     * Outcome of one delivery: success, or the last error after all attempts.
     *
     * @param httpStatus status of the last response, or null when the last attempt got none
     */
    public record Delivery(boolean delivered, int attempts, Integer httpStatus, String error) {}

    /**
     * Posts {@code json} under {@code idempotencyKey}; {@code id} names the document in log lines,
     * where the key may not appear because it can contain a patient's stream id. No attempt starts
     * once the document is older than {@link WebhookSettings#maxAge()}, counted from {@code
     * raisedAt}; the first attempt always starts.
     *
     * @throws InterruptedException if the thread is interrupted while waiting to retry
     */
    public Delivery post(String id, String idempotencyKey, String json, Instant raisedAt)
            throws InterruptedException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(url)
                        .timeout(settings.requestTimeout())
                        .header("Content-Type", settings.format().contentType())
                        .header(IDEMPOTENCY_KEY_HEADER, idempotencyKey);
        if (settings.signed()) {
            builder.header(WebhookSignature.HEADER, WebhookSignature.sign(settings.secret(), body));
        }
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Duration backoff = settings.initialBackoff();
        String error = null;
        Integer lastStatus = null;
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
                lastStatus = status;
                if (status >= 200 && status < 300) {
                    return new Delivery(true, attempt, status, null);
                }
                error = "HTTP " + status + " from " + target;
                retriable = status >= 500 || status == 408 || status == 429;
            } catch (IOException e) {
                lastStatus = null;
                error =
                        e.getClass().getSimpleName()
                                + " posting to "
                                + target
                                + (e.getMessage() == null ? "" : ": " + e.getMessage());
                retriable = true;
            }

            if (!retriable || attempt == settings.maxAttempts()) {
                break;
            }
            long waitMillis = withJitter(backoff.toMillis());
            if (!settings.maxAge().isZero()
                    && clock.instant()
                            .plusMillis(waitMillis)
                            .isAfter(raisedAt.plus(settings.maxAge()))) {
                error +=
                        "; no further attempt because the alert would be older than "
                                + settings.maxAge();
                break;
            }
            LOG.warn(
                    "Retrying webhook id={} attempt={}/{} backoffMillis={} error={}",
                    id,
                    attempt + 1,
                    settings.maxAttempts(),
                    waitMillis,
                    error);
            Thread.sleep(waitMillis);
            backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
        }
        return new Delivery(false, attemptsMade, lastStatus, error);
    }

    /** Returns a wait drawn uniformly between half of {@code baseMillis} and all of it. */
    static long withJitter(long baseMillis) {
        long half = baseMillis / 2;
        return half + ThreadLocalRandom.current().nextLong(baseMillis - half + 1);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
