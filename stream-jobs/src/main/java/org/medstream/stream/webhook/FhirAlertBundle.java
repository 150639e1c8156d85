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
import org.medstream.schemas.AlertPhase;
import org.medstream.stream.alarm.AlertFactory;

/**
 * The FHIR R4 body of a webhook request: a {@code Bundle} of type {@code collection} with one
 * {@code DetectedIssue}. The issue's {@code severity} is the alert's IEC 60601-1-8 priority (high,
 * moderate for medium, low), its {@code code} the alert type, {@code identifiedDateTime} the onset
 * time, and {@code patient} a logical reference to the monitored stream, because the job knows the
 * stream and not the patient resource.
 *
 * <p>Every phase of one alert is one document about the same issue. The alert id identifies the
 * issue, and the entry's {@code fullUrl} is a name-based UUID of it, so a receiver can file each
 * phase as a new version of one resource. The bundle's identifier is the idempotency key (alert id,
 * phase and sequence), which differs between phases and repeats on a retry or replay. The issue's
 * {@code status}, from the R4 ObservationStatus codes, is {@code preliminary} while the condition
 * lasts (START, UPDATE, ESCALATE, DEESCALATE: its end and full duration are not known yet) and
 * {@code final} at END. No phase retracts an alert, so {@code cancelled} and {@code
 * entered-in-error} are not used. Sample indices, the category, the heart rate, the phase and the
 * sequence travel in extensions.
 *
 * <p>NOTE: the documents are built by hand and checked by tests against the R4 structure of these
 * elements, not by a FHIR validator.
 */
public final class FhirAlertBundle {
    /** Identifier system of alert ids. */
    public static final String ALERT_ID_SYSTEM = "urn:medstream:alert-id";

    /** Identifier system of stream ids. */
    public static final String STREAM_ID_SYSTEM = "urn:medstream:stream-id";

    /** Identifier system of idempotency keys, the bundle identifiers. */
    public static final String IDEMPOTENCY_KEY_SYSTEM = "urn:medstream:idempotency-key";

    /** Code system of alert types ({@code ASYSTOLE}, {@code EXTREME_TACHYCARDIA}, …). */
    public static final String ALERT_TYPE_SYSTEM = "urn:medstream:alert-type";

    private static final String EXTENSION = "urn:medstream:fhir:extension:";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FhirAlertBundle() {}

    public static String toJson(Alert alert) {
        ObjectNode issue = MAPPER.createObjectNode();
        issue.put("resourceType", "DetectedIssue");
        identifier(issue.putArray("identifier").addObject(), alert);
        issue.put("status", status(alert.getPhase()));
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
        ObjectNode phase = extensions.addObject();
        phase.put("url", EXTENSION + "phase");
        phase.put("valueCode", alert.getPhase().name().toLowerCase(Locale.ROOT));
        ObjectNode sequence = extensions.addObject();
        sequence.put("url", EXTENSION + "sequence");
        sequence.put("valueInteger", alert.getSequence());

        ObjectNode bundle = MAPPER.createObjectNode();
        bundle.put("resourceType", "Bundle");
        ObjectNode bundleIdentifier = bundle.putObject("identifier");
        bundleIdentifier.put("system", IDEMPOTENCY_KEY_SYSTEM);
        bundleIdentifier.put("value", AlertFactory.idempotencyKey(alert));
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

    /**
     * Returns the DetectedIssue status (R4 ObservationStatus) of a phase: {@code preliminary} while
     * the condition lasts, {@code final} once it has ended.
     */
    static String status(AlertPhase phase) {
        return switch (phase) {
            case START, UPDATE, ESCALATE, DEESCALATE -> "preliminary";
            case END -> "final";
        };
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
