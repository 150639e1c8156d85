package org.medstream.stream.alarm;

import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertCategory;
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

    public StreamClock clock() {
        return clock;
    }

    /**
     * Creates a MEDIUM-priority technical alert, such as a stream that stopped sending: IEC
     * 60601-1-8 technical alarms report a problem of the equipment or the signal path, not of the
     * patient.
     */
    public Alert technical(
            AlertType type, long onsetSampleIndex, long confirmSampleIndex, String message) {
        return Alert.newBuilder(
                        physiological(type, onsetSampleIndex, confirmSampleIndex, null, message))
                .setPriority(AlertPriority.MEDIUM)
                .setCategory(AlertCategory.TECHNICAL)
                .build();
    }

    /** Creates a HIGH-priority physiological alert. {@code heartRateBpm} may be null. */
    public Alert physiological(
            AlertType type,
            long onsetSampleIndex,
            long confirmSampleIndex,
            Double heartRateBpm,
            String message) {
        return Alert.newBuilder()
                .setAlertId(alertId(streamId, type, onsetSampleIndex))
                .setStreamId(streamId)
                .setType(type)
                .setPriority(AlertPriority.HIGH)
                .setCategory(AlertCategory.PHYSIOLOGICAL)
                .setOnsetSampleIndex(onsetSampleIndex)
                .setOnsetTimeMicros(EpochMicros.toInstant(clock.timeMicros(onsetSampleIndex)))
                .setSampleIndex(confirmSampleIndex)
                .setEventTimeMicros(EpochMicros.toInstant(clock.timeMicros(confirmSampleIndex)))
                .setHeartRateBpm(heartRateBpm)
                .setMessage(message)
                .setDetectorName(detectorName)
                .setDetectorVersion(detectorVersion)
                .setEmittedAtMicros(EpochMicros.toInstant(emittedAtMicros))
                .build();
    }
}
