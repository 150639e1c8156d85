package org.medstream.schemas.topic;

import java.util.List;
import java.util.Map;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.Beat;
import org.medstream.schemas.Breath;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.WaveSegment;

/** The typed definition of every medstream topic. */
public final class Topics {
    /** Signal chunks as published by replayers and gateways, before validation. */
    public static final Topic<SignalChunk> SIGNALS_RAW =
            new Topic<>("medstream.signals.raw", SignalChunk.class, 4, Map.of());

    /** Signal chunks that passed the ingest gate. */
    public static final Topic<SignalChunk> SIGNALS_CLEAN =
            new Topic<>("medstream.signals.clean", SignalChunk.class, 4, Map.of());

    /** Inputs that could not be processed, with a reason code. */
    public static final Topic<DeadLetter> SIGNALS_DEAD_LETTER =
            new Topic<>(
                    "medstream.signals.deadletter",
                    DeadLetter.class,
                    1,
                    Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)));

    /** Detected beats, one message per beat. */
    public static final Topic<Beat> BEATS =
            new Topic<>("medstream.events.beats", Beat.class, 4, Map.of());

    /** Delineated ECG waves (P, QRS, T) per lead, one message per wave. */
    public static final Topic<WaveSegment> SEGMENTS =
            new Topic<>("medstream.events.segments", WaveSegment.class, 4, Map.of());

    /** Detected breaths, one message per breath onset. */
    public static final Topic<Breath> BREATHS =
            new Topic<>("medstream.events.breaths", Breath.class, 4, Map.of());

    /** Anomaly scores over spans of a stream. */
    public static final Topic<Anomaly> ANOMALIES =
            new Topic<>("medstream.events.anomalies", Anomaly.class, 4, Map.of());

    /** Alarms for clinicians, consumed by the webhook delivery. */
    public static final Topic<Alert> ALERTS =
            new Topic<>("medstream.alerts", Alert.class, 1, Map.of());

    /** Outcome of each alert's webhook delivery, for audit: delivered or failed, and when. */
    public static final Topic<AlertDelivery> ALERT_DELIVERIES =
            new Topic<>("medstream.alerts.delivery", AlertDelivery.class, 1, Map.of());

    /** Patient context per stream id, compacted so the latest value per stream is kept. */
    public static final Topic<PatientContext> PATIENTS =
            new Topic<>(
                    "medstream.patients",
                    PatientContext.class,
                    1,
                    Map.of("cleanup.policy", "compact"));

    public static final List<Topic<?>> ALL =
            List.of(
                    SIGNALS_RAW,
                    SIGNALS_CLEAN,
                    SIGNALS_DEAD_LETTER,
                    BEATS,
                    SEGMENTS,
                    BREATHS,
                    ANOMALIES,
                    ALERTS,
                    ALERT_DELIVERIES,
                    PATIENTS);

    private Topics() {}
}
