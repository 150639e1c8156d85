package org.medstream.stream.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.medstream.schemas.Alert;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.alarm.AlertFactory;

/**
 * The JSON body of a webhook request. Field names are a stable contract for receivers and do not
 * follow Avro schema changes by themselves. Times appear twice: ISO-8601 UTC ({@code onsetTime},
 * {@code eventTime}, {@code emittedAt}) and microseconds since the epoch ({@code ...Micros}). All
 * phases of one alert share {@code alertId}; {@code phase} and {@code sequence} tell them apart and
 * {@code idempotencyKey} repeats the request's header.
 */
public final class AlertJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {}

    public static String toJson(Alert alert) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("alertId", alert.getAlertId());
        json.put("phase", alert.getPhase().name());
        json.put("sequence", alert.getSequence());
        json.put("idempotencyKey", AlertFactory.idempotencyKey(alert));
        json.put("streamId", alert.getStreamId());
        json.put("type", alert.getType().name());
        json.put("priority", alert.getPriority().name());
        json.put("category", alert.getCategory().name());
        json.put("onsetSampleIndex", alert.getOnsetSampleIndex());
        json.put("onsetTime", alert.getOnsetTimeMicros().toString());
        json.put("onsetTimeMicros", EpochMicros.of(alert.getOnsetTimeMicros()));
        json.put("sampleIndex", alert.getSampleIndex());
        json.put("eventTime", alert.getEventTimeMicros().toString());
        json.put("eventTimeMicros", EpochMicros.of(alert.getEventTimeMicros()));
        if (alert.getHeartRateBpm() == null) {
            json.putNull("heartRateBpm");
        } else {
            json.put("heartRateBpm", alert.getHeartRateBpm());
        }
        json.put("message", alert.getMessage());
        json.put("detectorName", alert.getDetectorName());
        json.put("detectorVersion", alert.getDetectorVersion());
        json.put("emittedAt", alert.getEmittedAtMicros().toString());
        json.put("emittedAtMicros", EpochMicros.of(alert.getEmittedAtMicros()));
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "Failed to write alert " + alert.getAlertId() + " as JSON", e);
        }
    }
}
