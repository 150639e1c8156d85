package org.medstream.stream.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.time.StreamClock;

/** The FHIR R4 document of an alert: a collection Bundle with one DetectedIssue. */
class FhirAlertBundleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AlertFactory factory() {
        return new AlertFactory(
                "bed-1",
                new StreamClock(1_700_000_000_000_000L, 360),
                "test",
                "1",
                1_700_000_010_000_000L);
    }

    private static Alert asystole() {
        return FlakyReceiver.asystole();
    }

    @Test
    void bundleWrapsOneDetectedIssue() throws Exception {
        JsonNode bundle = JSON.readTree(FhirAlertBundle.toJson(asystole()));

        assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
        assertThat(bundle.path("type").asText()).isEqualTo("collection");
        assertThat(bundle.path("identifier").path("value").asText())
                .isEqualTo("bed-1:ASYSTOLE:360:START:0");
        assertThat(bundle.path("timestamp").asText()).isEqualTo("2023-11-14T22:13:30Z");
        assertThat(bundle.path("entry")).hasSize(1);
        assertThat(bundle.path("entry").get(0).path("fullUrl").asText()).startsWith("urn:uuid:");
        assertThat(bundle.path("entry").get(0).path("resource").path("resourceType").asText())
                .isEqualTo("DetectedIssue");
    }

    @Test
    void issueCarriesTypeSeverityStreamAndOnset() throws Exception {
        JsonNode issue =
                JSON.readTree(FhirAlertBundle.toJson(asystole()))
                        .path("entry")
                        .get(0)
                        .path("resource");

        assertThat(issue.path("status").asText()).isEqualTo("preliminary");
        assertThat(issue.path("identifier").get(0).path("value").asText())
                .isEqualTo("bed-1:ASYSTOLE:360");
        assertThat(issue.path("severity").asText()).isEqualTo("high");
        JsonNode coding = issue.path("code").path("coding").get(0);
        assertThat(coding.path("system").asText()).isEqualTo(FhirAlertBundle.ALERT_TYPE_SYSTEM);
        assertThat(coding.path("code").asText()).isEqualTo("ASYSTOLE");
        assertThat(issue.path("patient").path("identifier").path("value").asText())
                .isEqualTo("bed-1");
        assertThat(issue.path("identifiedDateTime").asText()).isEqualTo("2023-11-14T22:13:21Z");
        assertThat(issue.path("extension").get(0).path("valueDecimal").asLong()).isEqualTo(360);
    }

    @Test
    void mediumPriorityIsModerate() throws Exception {
        Alert noData = factory().technical(AlertType.NO_DATA, 100, 3700, "No data for 10 s");

        JsonNode issue =
                JSON.readTree(FhirAlertBundle.toJson(noData)).path("entry").get(0).path("resource");

        assertThat(issue.path("severity").asText()).isEqualTo("moderate");
    }

    @Test
    void endIsFinalWithSameIssue() throws Exception {
        Alert start = asystole();
        Alert end =
                Alert.newBuilder(start)
                        .setPhase(AlertPhase.END)
                        .setSequence(1)
                        .setSampleIndex(2000)
                        .build();

        JsonNode startBundle = JSON.readTree(FhirAlertBundle.toJson(start));
        JsonNode endBundle = JSON.readTree(FhirAlertBundle.toJson(end));
        JsonNode endIssue = endBundle.path("entry").get(0).path("resource");

        assertThat(endIssue.path("status").asText()).isEqualTo("final");
        assertThat(endBundle.path("identifier").path("value").asText())
                .isEqualTo("bed-1:ASYSTOLE:360:END:1");
        assertThat(endBundle.path("entry").get(0).path("fullUrl").asText())
                .isEqualTo(startBundle.path("entry").get(0).path("fullUrl").asText());
        assertThat(extension(endIssue, "phase").path("valueCode").asText()).isEqualTo("end");
        assertThat(extension(endIssue, "sequence").path("valueInteger").asInt()).isEqualTo(1);
    }

    @Test
    void everyPhaseHasObservationStatus() {
        for (AlertPhase phase : AlertPhase.values()) {
            assertThat(FhirAlertBundle.status(phase))
                    .as("status of %s", phase)
                    .isIn("preliminary", "final");
        }
        assertThat(FhirAlertBundle.status(AlertPhase.ESCALATE)).isEqualTo("preliminary");
    }

    private static JsonNode extension(JsonNode issue, String name) {
        for (JsonNode extension : issue.path("extension")) {
            if (extension.path("url").asText().endsWith(":" + name)) {
                return extension;
            }
        }
        throw new AssertionError("No extension " + name + " in " + issue);
    }

    @Test
    void sameAlertSameDocument() {
        assertThat(FhirAlertBundle.toJson(asystole()))
                .isEqualTo(FhirAlertBundle.toJson(asystole()));
    }

    @Test
    void formatNamesParsed() {
        assertThat(WebhookFormat.of("FHIR")).isEqualTo(WebhookFormat.FHIR);
        assertThat(WebhookFormat.FHIR.contentType()).isEqualTo("application/fhir+json");
        assertThatThrownBy(() -> WebhookFormat.of("xml"))
                .hasMessage("Unknown webhook.format 'xml'; use json or fhir");
    }
}
