package org.medstream.stream.job;

import org.apache.flink.api.connector.sink2.Sink;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.Beat;
import org.medstream.schemas.Breath;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.WaveSegment;

/**
 * Sinks of {@link BeatDetectionJob} for beats, alerts, dead letters, wave segments, breaths,
 * anomalies and webhook delivery statuses. {@code segments} may be null when the job runs without
 * {@link BeatDetectionJobConfig#WAVES_MODEL} and {@link BeatDetectionJobConfig#WAVES_REMOTE},
 * {@code breaths} without {@link BeatDetectionJobConfig#BREATHS_MODEL} and {@link
 * BeatDetectionJobConfig#BREATHS_REMOTE}, {@code anomalies} without {@link
 * BeatDetectionJobConfig#ANOMALIES_MODEL} and {@link BeatDetectionJobConfig#ANOMALIES_REMOTE}, and
 * {@code deliveries} without {@link BeatDetectionJobConfig#WEBHOOK_URL}.
 */
public record JobSinks(
        Sink<Beat> beats,
        Sink<Alert> alerts,
        Sink<DeadLetter> deadLetters,
        Sink<WaveSegment> segments,
        Sink<Breath> breaths,
        Sink<Anomaly> anomalies,
        Sink<AlertDelivery> deliveries) {

    /** Sinks for a job without webhook delivery statuses. */
    public JobSinks(
            Sink<Beat> beats,
            Sink<Alert> alerts,
            Sink<DeadLetter> deadLetters,
            Sink<WaveSegment> segments,
            Sink<Breath> breaths,
            Sink<Anomaly> anomalies) {
        this(beats, alerts, deadLetters, segments, breaths, anomalies, null);
    }

    /** Sinks for a job without breath detection and anomaly scoring. */
    public JobSinks(
            Sink<Beat> beats,
            Sink<Alert> alerts,
            Sink<DeadLetter> deadLetters,
            Sink<WaveSegment> segments) {
        this(beats, alerts, deadLetters, segments, null, null, null);
    }

    /** Sinks for a job with beat detection only. */
    public JobSinks(Sink<Beat> beats, Sink<Alert> alerts, Sink<DeadLetter> deadLetters) {
        this(beats, alerts, deadLetters, null, null, null, null);
    }
}
