package org.medstream.stream.remote;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings for calling a model server for one model: its address, timeouts and retries, the
 * requests in flight, and how a stream is cut into windows.
 *
 * @param serverUri base address of the server, such as {@code http://127.0.0.1:8090}
 * @param modelName name of the model on the server, the last part of {@code
 *     /v1/models/{name}/infer}
 * @param requestTimeout connect and response timeout of one request
 * @param maxAttempts attempts per window, the first included, before it counts as unavailable
 * @param backoff wait between attempts
 * @param capacity requests in flight per parallel instance; more windows wait in the operator's
 *     input, which back-pressures the source
 * @param windowLength span of samples whose events one window reports
 * @param overlap samples before that span (warm-up) and after it (look-ahead) that the window also
 *     sends, so that a stateless window labels its span as the stateful model does
 */
public record RemoteModelSettings(
        URI serverUri,
        String modelName,
        Duration requestTimeout,
        int maxAttempts,
        Backoff backoff,
        int capacity,
        Duration windowLength,
        Duration overlap)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public RemoteModelSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(windowLength, "windowLength");
        Objects.requireNonNull(overlap, "overlap");
        String scheme = serverUri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || serverUri.getHost() == null) {
            throw new IllegalArgumentException(
                    "Invalid model server address '"
                            + serverUri
                            + "'; expected http://host:port, for example"
                            + " http://127.0.0.1:8090");
        }
        if (modelName.isBlank() || modelName.contains("/")) {
            throw new IllegalArgumentException(
                    "Invalid model name '"
                            + modelName
                            + "'; expected the name of a served model directory, such as"
                            + " lmu-waves");
        }
        requirePositive(requestTimeout, "request timeout");
        requirePositive(windowLength, "window length");
        if (overlap.isNegative()) {
            throw new IllegalArgumentException(
                    "Invalid window overlap " + overlap + "; expected 0 or more");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "Invalid max attempts " + maxAttempts + "; expected 1 or more");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "Invalid capacity " + capacity + "; expected 1 or more requests in flight");
        }
    }

    /** Returns the address of the model's inference endpoint. */
    public URI inferUri() {
        String base = serverUri.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/v1/models/" + modelName + "/infer");
    }

    /**
     * Returns the longest time one window can take through all its attempts: every attempt timing
     * out and every wait at its ceiling. The async operator's own timeout is set above it.
     */
    public Duration retryBudget() {
        return requestTimeout
                .multipliedBy(maxAttempts)
                .plusMillis(backoff.maxTotalMillis(maxAttempts - 1));
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "Invalid " + name + " " + value + "; expected more than 0");
        }
    }
}
