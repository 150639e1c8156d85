package org.medstream.stream.webhook;

import java.util.Locale;
import org.medstream.schemas.Alert;

/** Body format of webhook requests. */
public enum WebhookFormat {
    /** medstream's own JSON document ({@link AlertJson}). */
    JSON("application/json"),

    /** A FHIR R4 Bundle with one DetectedIssue ({@link FhirAlertBundle}). */
    FHIR("application/fhir+json");

    private final String contentType;

    WebhookFormat(String contentType) {
        this.contentType = contentType;
    }

    /** Returns the Content-Type header of requests in this format. */
    public String contentType() {
        return contentType;
    }

    /** Returns the request body for {@code alert}. */
    public String body(Alert alert) {
        return this == FHIR ? FhirAlertBundle.toJson(alert) : AlertJson.toJson(alert);
    }

    /**
     * Returns the format named {@code name}, in any case.
     *
     * @throws IllegalArgumentException for other names, listing the valid ones
     */
    public static WebhookFormat of(String name) {
        for (WebhookFormat format : values()) {
            if (format.name().equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException(
                "Unknown webhook.format '" + name + "'; use json or fhir");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
