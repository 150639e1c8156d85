package org.medstream.infra.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One accepted webhook request.
 *
 * @param body request body, UTF-8 JSON
 * @param headers request headers, names in lower case
 * @param receivedAt time the receiver read the request
 */
public record ReceivedWebhook(String body, Map<String, List<String>> headers, Instant receivedAt) {
    public ReceivedWebhook {
        headers = Map.copyOf(headers);
    }

    /** Returns the first value of a header, or null when the request had none. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
