package org.medstream.stream.annotate;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.schemas.Anomaly;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.LocalEnvironments;

/**
 * The bounded path of {@code medstream annotate --task anomalies}: runs the job's own operators
 * (validation, then anomaly scoring with keyed state) over finished recordings and returns the
 * anomalous spans of each. Recordings are cut by the replayer's {@link Chunker}, {@link
 * ReplayOptions#DEFAULT_CHUNK_MILLIS} (250 ms) per chunk unless another duration is given, and each
 * recording becomes one stream. At the end of input the open span of each stream is emitted too.
 *
 * <p>The job also runs beat detection on the same chunks, because the anomaly operator is part of
 * that job; its beats are discarded, and chunks only the beat detector rejects do not fail the
 * annotation.
 */
public final class AnomalyAnnotator {
    private final BeatDetectionJobConfig config;
    private final double chunkMillis;

    /** Runs the model in {@code modelDirectory} with default settings and 250 ms chunks. */
    public AnomalyAnnotator(Path modelDirectory) {
        this(
                BeatDetectionJobConfig.defaults()
                        .with(BeatDetectionJobConfig.ANOMALIES_MODEL, modelDirectory.toString()),
                ReplayOptions.DEFAULT_CHUNK_MILLIS);
    }

    /**
     * @param config job settings; {@link BeatDetectionJobConfig#ANOMALIES_MODEL} must be set
     * @param chunkMillis duration of one chunk in milliseconds, rounded to whole frames
     */
    public AnomalyAnnotator(BeatDetectionJobConfig config, double chunkMillis) {
        Objects.requireNonNull(config, "config");
        if (config.anomaliesModel().isEmpty()) {
            throw new IllegalArgumentException(
                    "Anomaly annotation needs the option "
                            + BeatDetectionJobConfig.ANOMALIES_MODEL.key()
                            + " set to a model directory");
        }
        if (!(chunkMillis > 0)) {
            throw new IllegalArgumentException("chunkMillis must be positive, got " + chunkMillis);
        }
        this.config = config;
        this.chunkMillis = chunkMillis;
    }

    /** Runs on an embedded Flink (parallelism 1) bound to 127.0.0.1. */
    public List<List<Anomaly>> annotate(List<? extends Recording> recordings) throws Exception {
        return annotate(LocalEnvironments.loopback(1), recordings);
    }

    /**
     * Runs on {@code env} and returns, for each recording in order, its anomalous spans in start
     * order, with the recording's sample indices.
     *
     * @throws IllegalStateException if validation or the anomaly operator rejected a chunk; the
     *     message names the reason
     */
    public List<List<Anomaly>> annotate(
            StreamExecutionEnvironment env, List<? extends Recording> recordings) throws Exception {
        List<List<Anomaly>> anomalies =
                RecordingStreams.run(
                        env,
                        config,
                        recordings,
                        chunkMillis,
                        "anomaly",
                        outputs -> outputs.anomalies().orElseThrow(),
                        Anomaly::getStreamId,
                        Map.of());
        for (List<Anomaly> recording : anomalies) {
            recording.sort(Comparator.comparingLong(Anomaly::getStartSampleIndex));
        }
        return anomalies;
    }
}
