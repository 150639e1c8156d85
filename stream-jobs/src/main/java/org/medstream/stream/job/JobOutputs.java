package org.medstream.stream.job;

import java.util.Optional;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.Beat;
import org.medstream.schemas.Breath;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.WaveSegment;

/**
 * The streams {@link BeatDetectionJob#build} adds to an environment, before any sink. {@code
 * segments} is empty unless {@link BeatDetectionJobConfig#WAVES_MODEL} or {@link
 * BeatDetectionJobConfig#WAVES_REMOTE} is set, {@code breaths} unless {@link
 * BeatDetectionJobConfig#BREATHS_MODEL} or {@link BeatDetectionJobConfig#BREATHS_REMOTE} is set,
 * {@code anomalies} unless {@link BeatDetectionJobConfig#ANOMALIES_MODEL} or {@link
 * BeatDetectionJobConfig#ANOMALIES_REMOTE} is set, and {@code deliveries} unless {@link
 * BeatDetectionJobConfig#WEBHOOK_URL} is set.
 */
public record JobOutputs(
        DataStream<Beat> beats,
        DataStream<Alert> alerts,
        DataStream<DeadLetter> deadLetters,
        Optional<DataStream<WaveSegment>> segments,
        Optional<DataStream<Breath>> breaths,
        Optional<DataStream<Anomaly>> anomalies,
        Optional<DataStream<AlertDelivery>> deliveries) {}
