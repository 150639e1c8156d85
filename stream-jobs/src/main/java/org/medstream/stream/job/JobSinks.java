package org.medstream.stream.job;

import org.apache.flink.api.connector.sink2.Sink;
import org.medstream.schemas.Alert;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.Beat;
import org.medstream.schemas.Breath;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.WaveSegment;

/**
 * Sinks of {@link BeatDetectionJob} for beats, alerts, dead letters, wave segments, breaths and
 * anomalies. {@code segments} may be null when the job runs without {@link
 * BeatDetectionJobConfig#WAVES_MODEL}, {@code breaths} without {@link
 * BeatDetectionJobConfig#BREATHS_MODEL} and {@code anomalies} without {@link
 * BeatDetectionJobConfig#ANOMALIES_MODEL}.
 */
public record JobSinks(
        Sink<Beat> beats,
        Sink<Alert> alerts,
        Sink<DeadLetter> deadLetters,
        Sink<WaveSegment> segments,
        Sink<Breath> breaths,
        Sink<Anomaly> anomalies) {

    /** Sinks for a job without breath detection and anomaly scoring. */
    public JobSinks(
            Sink<Beat> beats,
            Sink<Alert> alerts,
            Sink<DeadLetter> deadLetters,
            Sink<WaveSegment> segments) {
        this(beats, alerts, deadLetters, segments, null, null);
    }

    /** Sinks for a job with beat detection only. */
    public JobSinks(Sink<Beat> beats, Sink<Alert> alerts, Sink<DeadLetter> deadLetters) {
        this(beats, alerts, deadLetters, null, null, null);
    }
}
