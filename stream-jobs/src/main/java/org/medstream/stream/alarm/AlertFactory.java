package org.medstream.stream.alarm;

import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertCategory;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.time.StreamClock;

/** Builds the {@link Alert}s of one stream, with the ids and times every alert must carry. */
public final class AlertFactory {
    private final String streamId;
    private final StreamClock clock;
    private final String detectorName;
    private final String detectorVersion;
    private final long emittedAtMicros;

    public AlertFactory(
            String streamId,
            StreamClock clock,
            String detectorName,
            String detectorVersion,
            long emittedAtMicros) {
        this.streamId = streamId;
        this.clock = clock;
        this.detectorName = detectorName;
        this.detectorVersion = detectorVersion;
        this.emittedAtMicros = emittedAtMicros;
    }

    /** Returns {@code streamId:TYPE:onsetSampleIndex}, the same for every replay of the stream. */
    public static String alertId(String streamId, AlertType type, long onsetSampleIndex) {
        return streamId + ":" + type + ":" + onsetSampleIndex;
    }

    /**
     * Returns {@code streamId:TYPE:source:onsetSampleIndex}, the id of an alert that several
     * sources of one stream can raise at once, such as each remote model's MODEL_UNAVAILABLE.
     */
    public static String alertId(
            String streamId, AlertType type, String source, long onsetSampleIndex) {
        return streamId + ":" + type + ":" + source + ":" + onsetSampleIndex;
    }

    /**
     * Returns {@code alertId:PHASE:sequence}, the webhook idempotency key of one alert record. It
     * is the same on every retry and on every replay after a restore, and differs between the
     * phases of one alert, so a receiver that drops repeated keys still gets every phase.
     */
    public static String idempotencyKey(Alert alert) {
        return alert.getAlertId() + ":" + alert.getPhase() + ":" + alert.getSequence();
    }

    /**
     * Returns TECHNICAL for alarms about the equipment or the signal path ({@code LEAD_OFF}, {@code
     * NO_DATA}, {@code MODEL_UNAVAILABLE}) and PHYSIOLOGICAL for the others, as IEC 60601-1-8
     * divides them.
     */
    public static AlertCategory categoryOf(AlertType type) {
        return switch (type) {
            case LEAD_OFF, NO_DATA, MODEL_UNAVAILABLE -> AlertCategory.TECHNICAL;
            default -> AlertCategory.PHYSIOLOGICAL;
        };
    }

    public String streamId() {
        return streamId;
    }

    public StreamClock clock() {
        return clock;
    }

    public String detectorName() {
        return detectorName;
    }

    public String detectorVersion() {
        return detectorVersion;
    }

    /**
     * Creates the START of a MEDIUM-priority technical alert, such as a stream that stopped
     * sending: IEC 60601-1-8 technical alarms report a problem of the equipment or the signal path,
     * not of the patient.
     */
    public Alert technical(
            AlertType type, long onsetSampleIndex, long confirmSampleIndex, String message) {
        return create(
                type,
                AlertPriority.MEDIUM,
                AlertPhase.START,
                0,
                onsetSampleIndex,
                confirmSampleIndex,
                null,
                message);
    }

    /**
     * Creates the START of a HIGH-priority physiological alert. {@code heartRateBpm} may be null.
     */
    public Alert physiological(
            AlertType type,
            long onsetSampleIndex,
            long confirmSampleIndex,
            Double heartRateBpm,
            String message) {
        return create(
                type,
                AlertPriority.HIGH,
                AlertPhase.START,
                0,
                onsetSampleIndex,
                confirmSampleIndex,
                heartRateBpm,
                message);
    }

    /**
     * Creates one record of an alert.
     *
     * @param onsetSampleIndex where the condition began, which fixes the alert id for all phases
     * @param sampleIndex where this phase was observed: the confirmation for START, the clearing
     *     for END
     */
    public Alert create(
            AlertType type,
            AlertPriority priority,
            AlertPhase phase,
            int sequence,
            long onsetSampleIndex,
            long sampleIndex,
            Double heartRateBpm,
            String message) {
        return Alert.newBuilder()
                .setAlertId(alertId(streamId, type, onsetSampleIndex))
                .setStreamId(streamId)
                .setType(type)
                .setPriority(priority)
                .setCategory(categoryOf(type))
                .setOnsetSampleIndex(onsetSampleIndex)
                .setOnsetTimeMicros(EpochMicros.toInstant(clock.timeMicros(onsetSampleIndex)))
                .setSampleIndex(sampleIndex)
                .setEventTimeMicros(EpochMicros.toInstant(clock.timeMicros(sampleIndex)))
                .setHeartRateBpm(heartRateBpm)
                .setMessage(message)
                .setDetectorName(detectorName)
                .setDetectorVersion(detectorVersion)
                .setEmittedAtMicros(EpochMicros.toInstant(emittedAtMicros))
                .setPhase(phase)
                .setSequence(sequence)
                .build();
    }
}
