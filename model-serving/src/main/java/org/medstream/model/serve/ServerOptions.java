package org.medstream.model.serve;

import java.time.Duration;
import org.medstream.model.serve.batch.BatchSettings;

/**
 * Settings of a {@link ModelServer}.
 *
 * @param host address to bind, 127.0.0.1 by default
 * @param port TCP port, 0 for a free one
 * @param batch batching, queue and worker settings, the same for every model
 * @param maxWindowSamples maximum samples per lead in one window
 * @param maxBodyBytes largest request body; larger ones get HTTP 413
 */
public record ServerOptions(
        String host, int port, BatchSettings batch, int maxWindowSamples, long maxBodyBytes) {

    /** Default bind address: the loopback interface only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Default port. */
    public static final int DEFAULT_PORT = 8090;

    /** Default windows per batch. */
    public static final int DEFAULT_MAX_BATCH = 32;

    /** Default wait for more requests after the first of a batch, in milliseconds. */
    public static final long DEFAULT_MAX_WAIT_MILLIS = 5;

    /** Default requests that may wait per model. */
    public static final int DEFAULT_QUEUE_CAPACITY = 256;

    /** Default maximum samples per lead and window: 10 minutes at 500 Hz. */
    public static final int DEFAULT_MAX_WINDOW_SAMPLES = 300_000;

    /** Default largest request body: 64 MiB, enough for 12 leads of the default window in JSON. */
    public static final long DEFAULT_MAX_BODY_BYTES = 64L << 20;

    /** Default time a stopping server waits for queued and running requests. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    public ServerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Invalid host '" + host + "'; expected an address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "Invalid port " + port + "; expected 0 (any free port) to 65535");
        }
        if (maxWindowSamples < 1) {
            throw new IllegalArgumentException(
                    "Invalid max window samples " + maxWindowSamples + "; expected 1 or more");
        }
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "Invalid max body size "
                            + maxBodyBytes
                            + " bytes; expected 1 to "
                            + (Integer.MAX_VALUE - 8));
        }
    }

    /** Returns the defaults on 127.0.0.1 and {@code port}, with one worker per processor. */
    public static ServerOptions defaults(int port) {
        return new ServerOptions(
                DEFAULT_HOST,
                port,
                new BatchSettings(
                        DEFAULT_MAX_BATCH,
                        Duration.ofMillis(DEFAULT_MAX_WAIT_MILLIS),
                        DEFAULT_QUEUE_CAPACITY,
                        Runtime.getRuntime().availableProcessors(),
                        DEFAULT_SHUTDOWN_TIMEOUT),
                DEFAULT_MAX_WINDOW_SAMPLES,
                DEFAULT_MAX_BODY_BYTES);
    }

    /** Returns these options with other batch settings. */
    public ServerOptions withBatch(BatchSettings settings) {
        return new ServerOptions(host, port, settings, maxWindowSamples, maxBodyBytes);
    }

    /** Returns these options with another window and body limit. */
    public ServerOptions withLimits(int windowSamples, long bodyBytes) {
        return new ServerOptions(host, port, batch, windowSamples, bodyBytes);
    }
}
