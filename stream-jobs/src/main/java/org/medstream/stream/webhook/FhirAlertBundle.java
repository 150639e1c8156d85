package org.medstream.stream.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.medstream.schemas.Alert;

/**
 * The FHIR R4 body of a webhook request: a {@code Bundle} of type {@code collection} with one
 * {@code DetectedIssue}. The issue's {@code severity} is the alert's IEC 60601-1-8 priority (high,
 * moderate for medium, low), its {@code code} the alert type, {@code identifiedDateTime} the onset
 * time, and {@code patient} a logical reference to the monitored stream, because the job knows the
 * stream and not the patient resource.
 *
 * <p>The alert id is the identifier of both the bundle and the issue, and the entry's {@code
 * fullUrl} is a name-based UUID of it, so the same alert always gives the same document. Sample
 * indices, the category and the heart rate travel in extensions.
 *
 * <p>NOTE: the documents are built by hand and checked by tests against the R4 structure of these
 * elements, not by a FHIR validator.
 */
public final class FhirAlertBundle {
    /** Identifier system of alert ids. */
    public static final String ALERT_ID_SYSTEM = "urn:medstream:alert-id";

    /** Identifier system of stream ids. */
    public static final String STREAM_ID_SYSTEM = "urn:medstream:stream-id";

    /** Code system of alert types ({@code ASYSTOLE}, {@code EXTREME_TACHYCARDIA}, …). */
    public static final String ALERT_TYPE_SYSTEM = "urn:medstream:alert-type";

    private static final String EXTENSION = "urn:medstream:fhir:extension:";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FhirAlertBundle() {}

    public static String toJson(Alert alert) {
        ObjectNode issue = MAPPER.createObjectNode();
        issue.put("resourceType", "DetectedIssue");
        identifier(issue.putArray("identifier").addObject(), alert);
        issue.put("status", "final");
        ObjectNode code = issue.putObject("code");
        ObjectNode coding = code.putArray("coding").addObject();
        coding.put("system", ALERT_TYPE_SYSTEM);
        coding.put("code", alert.getType().name());
        code.put("text", alert.getMessage());
        issue.put("severity", severity(alert));
        ObjectNode patient = issue.putObject("patient");
        ObjectNode stream = patient.putObject("identifier");
        stream.put("system", STREAM_ID_SYSTEM);
        stream.put("value", alert.getStreamId());
        issue.put("identifiedDateTime", alert.getOnsetTimeMicros().toString());
        issue.put("detail", alert.getMessage());
        ArrayNode extensions = issue.putArray("extension");
        decimal(extensions, "onset-sample-index", BigDecimal.valueOf(alert.getOnsetSampleIndex()));
        decimal(extensions, "sample-index", BigDecimal.valueOf(alert.getSampleIndex()));
        ObjectNode category = extensions.addObject();
        category.put("url", EXTENSION + "category");
        category.put("valueCode", alert.getCategory().name().toLowerCase(Locale.ROOT));
        if (alert.getHeartRateBpm() != null) {
            decimal(extensions, "heart-rate-bpm", BigDecimal.valueOf(alert.getHeartRateBpm()));
        }

        ObjectNode bundle = MAPPER.createObjectNode();
        bundle.put("resourceType", "Bundle");
        identifier(bundle.putObject("identifier"), alert);
        bundle.put("type", "collection");
        bundle.put("timestamp", alert.getEmittedAtMicros().toString());
        ObjectNode entry = bundle.putArray("entry").addObject();
        UUID uuid = UUID.nameUUIDFromBytes(alert.getAlertId().getBytes(StandardCharsets.UTF_8));
        entry.put("fullUrl", "urn:uuid:" + uuid);
        entry.set("resource", issue);
        try {
            return MAPPER.writeValueAsString(bundle);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "Failed to write alert " + alert.getAlertId() + " as FHIR JSON", e);
        }
    }

    /** Returns the DetectedIssue severity code of the alert's priority. */
    private static String severity(Alert alert) {
        return switch (alert.getPriority()) {
            case HIGH -> "high";
            case MEDIUM -> "moderate";
            case LOW -> "low";
        };
    }

    private static void identifier(ObjectNode node, Alert alert) {
        node.put("system", ALERT_ID_SYSTEM);
        node.put("value", alert.getAlertId());
    }

    private static void decimal(ArrayNode extensions, String name, BigDecimal value) {
        ObjectNode extension = extensions.addObject();
        extension.put("url", EXTENSION + name);
        extension.put("valueDecimal", value);
    }
}
