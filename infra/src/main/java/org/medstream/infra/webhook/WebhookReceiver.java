package org.medstream.infra.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.medstream.infra.net.LoopbackPorts;
import org.medstream.stream.webhook.WebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server on 127.0.0.1 that accepts alert webhooks at {@code POST /alerts}, stores their
 * bodies and headers, and responds 204. It stands in for a hospital paging system in the demo and
 * in tests of the webhook sink, which can make it respond 503 to the first requests to exercise
 * retries.
 *
 * <p>Requests other than {@code POST /alerts} with a JSON body get 404, 405, 413, 415 or 400 and
 * are not stored. A receiver started with a secret also checks each request's {@link
 * WebhookSignature} against the body, as a real receiver should, and responds 401 without storing
 * it when the signature is missing or wrong. All methods are thread-safe.
 *
 * <p>For delivery tests it can also respond late ({@link #setResponseDelay}), after it has stored
 * the request, as a slow receiver whose response arrives after the sender's timeout does. It counts
 * the accepted requests per {@code Idempotency-Key} header, so a test can tell the raw requests
 * ({@link #received()}) from what an application that drops repeated keys gets ({@link
 * #deduplicated()}).
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

    public static final String PATH = "/alerts";

    /** Header with the sender's idempotency key, as the webhook client sends it. */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    /** Maximum body size accepted, in bytes. Larger requests get 413. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String secret;
    private final List<ReceivedWebhook> received = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, Integer> countsByKey = new LinkedHashMap<>();
    private volatile Duration responseDelay = Duration.ZERO;
    private boolean closed;

    private WebhookReceiver(int port, String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress(LoopbackPorts.address(), port), 16);
        this.executor =
                Executors.newFixedThreadPool(
                        4,
                        runnable -> {
                            Thread thread = new Thread(runnable, "medstream-webhook-receiver");
                            thread.setDaemon(true);
                            return thread;
                        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a receiver on an ephemeral port. */
    public static WebhookReceiver start() {
        return start(0);
    }

    /**
     * Starts a receiver on {@code port} of 127.0.0.1, where 0 picks an ephemeral port.
     *
     * @throws IllegalStateException if the port is taken
     */
    public static WebhookReceiver start(int port) {
        return start(port, null);
    }

    /**
     * Starts a receiver on {@code port} of 127.0.0.1 that accepts only requests signed with {@code
     * secret}, or every request when it is null.
     *
     * @throws IllegalStateException if the port is taken
     */
    public static WebhookReceiver start(int port, String secret) {
        long startNanos = System.nanoTime();
        try {
            WebhookReceiver receiver = new WebhookReceiver(port, secret);
            LOG.info(
                    "Started webhook receiver url={} startMillis={}",
                    receiver.url(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Failed to start the webhook receiver on 127.0.0.1:"
                            + port
                            + "; choose another port or 0 for any free port",
                    e);
        }
    }

    /** Returns the URL to post alerts to, for example {@code http://127.0.0.1:43121/alerts}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + PATH);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Makes the next {@code count} requests fail with 503 Service Unavailable. */
    public void failNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException(
                    "Invalid failure count " + count + "; it must be 0 or more");
        }
        failuresLeft.set(count);
    }

    /**
     * Makes every later accepted request wait {@code delay} after it was stored before the response
     * goes out; zero responds at once.
     */
    public void setResponseDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException(
                    "Invalid response delay " + delay + "; it must be 0 or more");
        }
        responseDelay = delay;
    }

    /**
     * Returns the first accepted webhook of each {@code Idempotency-Key}, in arrival order: what an
     * application that drops repeated keys processes. Requests without the header are all kept.
     */
    public synchronized List<ReceivedWebhook> deduplicated() {
        List<ReceivedWebhook> firsts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ReceivedWebhook webhook : received) {
            String key = webhook.header(IDEMPOTENCY_KEY_HEADER);
            if (key == null || seen.add(key)) {
                firsts.add(webhook);
            }
        }
        return firsts;
    }

    /** Returns how many accepted requests repeated an {@code Idempotency-Key} seen before. */
    public synchronized int duplicateCount() {
        return countsByKey.values().stream().mapToInt(count -> count - 1).sum();
    }

    /** Returns the number of requests seen, including rejected and failed ones. */
    public int requestCount() {
        return requests.get();
    }

    /** Returns the accepted webhooks in arrival order. */
    public synchronized List<ReceivedWebhook> received() {
        return List.copyOf(received);
    }

    /** Returns the bodies of the accepted webhooks in arrival order. */
    public synchronized List<String> bodies() {
        return received.stream().map(ReceivedWebhook::body).toList();
    }

    /**
     * Waits until at least {@code count} webhooks were accepted.
     *
     * @return every accepted webhook, at least {@code count}
     * @throws TimeoutException if fewer arrived within {@code timeout}. The message states how many
     */
    public synchronized List<ReceivedWebhook> awaitReceived(int count, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            long remainingNanos = deadline - System.nanoTime();
            if (remainingNanos <= 0) {
                throw new TimeoutException(
                        "Received "
                                + received.size()
                                + " of "
                                + count
                                + " webhooks at "
                                + url()
                                + " within "
                                + timeout
                                + " ("
                                + requests.get()
                                + " requests in total)");
            }
            TimeUnit.NANOSECONDS.timedWait(this, remainingNanos);
        }
        return List.copyOf(received);
    }

    /** Forgets the accepted webhooks and the request count. */
    public synchronized void clear() {
        received.clear();
        countsByKey.clear();
        requests.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();

            if (!path.equals(PATH)) {
                respond(exchange, 404, "Not found: " + path + "; post alerts to " + PATH);
                return;
            }
            if (!method.equals("POST")) {
                exchange.getResponseHeaders().add("Allow", "POST");
                respond(exchange, 405, "Method " + method + " not allowed; use POST");
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String mediaType =
                    contentType == null
                            ? ""
                            : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!mediaType.equals("application/json")
                    && !mediaType.equals("application/fhir+json")) {
                respond(
                        exchange,
                        415,
                        "Content-Type "
                                + contentType
                                + " not supported; send application/json or"
                                + " application/fhir+json");
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                respond(exchange, 413, "Body larger than " + MAX_BODY_BYTES + " bytes");
                return;
            }
            if (secret != null
                    && !WebhookSignature.verify(
                            secret,
                            body,
                            exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER))) {
                respond(
                        exchange,
                        401,
                        "Missing or invalid "
                                + WebhookSignature.HEADER
                                + " header; sign the body with HMAC-SHA256 and the shared secret");
                return;
            }
            if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                LOG.debug("Answering 503 as configured path={}", path);
                respond(exchange, 503, "Failing on purpose for a retry test");
                return;
            }
            String json = new String(body, StandardCharsets.UTF_8);
            try {
                JSON.readTree(json);
            } catch (JsonProcessingException e) {
                respond(exchange, 400, "Invalid JSON: " + e.getOriginalMessage());
                return;
            }

            store(new ReceivedWebhook(json, lowerCaseHeaders(exchange), Instant.now()));
            Duration delay = responseDelay;
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            exchange.sendResponseHeaders(204, -1);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Failed to handle a webhook request url={}", url(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void store(ReceivedWebhook webhook) {
        received.add(webhook);
        String key = webhook.header(IDEMPOTENCY_KEY_HEADER);
        if (key != null) {
            countsByKey.merge(key, 1, Integer::sum);
        }
        notifyAll();
    }

    private static Map<String, List<String>> lowerCaseHeaders(HttpExchange exchange) {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders()
                .forEach(
                        (name, values) ->
                                headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return headers;
    }

    /**
     * Returns the body, or null when it exceeds {@link #MAX_BODY_BYTES}. Up to another {@link
     * #MAX_BODY_BYTES} of a body too large are read and dropped, so that the sender, still writing,
     * reads the 413 rather than a reset connection.
     */
    private static byte[] readBody(InputStream input) throws IOException {
        byte[] body = input.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length <= MAX_BODY_BYTES) {
            return body;
        }
        long left = MAX_BODY_BYTES;
        long skipped;
        while (left > 0 && (skipped = input.skip(left)) > 0) {
            left -= skipped;
        }
        return null;
    }

    private static void respond(HttpExchange exchange, int status, String message)
            throws IOException {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /**
     * Stops the server at once. A request in progress may be cut off. {@code HttpServer.stop} with
     * a grace period waits out the whole period while a client keeps an idle connection open.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        String url = url().toString();
        server.stop(0);
        executor.shutdownNow();
        LOG.info("Stopped webhook receiver url={} accepted={}", url, received.size());
    }
}
