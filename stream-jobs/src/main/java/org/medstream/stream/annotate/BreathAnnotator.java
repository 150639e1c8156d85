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
import org.medstream.schemas.Breath;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.LocalEnvironments;

/**
 * The bounded path of {@code medstream annotate --task breaths}: runs the job's own operators
 * (validation, then breath detection with keyed state) over finished recordings and returns the
 * breath onsets of each. Recordings are cut by the replayer's {@link Chunker}, 250 ms per chunk
 * unless another duration is given, and each recording becomes one stream. At the end of input the
 * breaths still held back come out too.
 *
 * <p>The job also runs beat detection on the same chunks; its beats are discarded, and chunks only
 * the beat detector rejects do not fail the annotation.
 */
public final class BreathAnnotator {
    private final BeatDetectionJobConfig config;
    private final double chunkMillis;

    /** Runs the model in {@code modelDirectory} with default settings and 250 ms chunks. */
    public BreathAnnotator(Path modelDirectory) {
        this(
                BeatDetectionJobConfig.defaults()
                        .with(BeatDetectionJobConfig.BREATHS_MODEL, modelDirectory.toString()),
                ReplayOptions.DEFAULT_CHUNK_MILLIS);
    }

    /**
     * @param config job settings; {@link BeatDetectionJobConfig#BREATHS_MODEL} or {@link
     *     BeatDetectionJobConfig#BREATHS_REMOTE} must be set
     * @param chunkMillis duration of one chunk in milliseconds, rounded to whole frames
     */
    public BreathAnnotator(BeatDetectionJobConfig config, double chunkMillis) {
        Objects.requireNonNull(config, "config");
        if (config.breathsModel().isEmpty() && config.breathsRemote().isEmpty()) {
            throw new IllegalArgumentException(
                    "Breath annotation needs the option "
                            + BeatDetectionJobConfig.BREATHS_MODEL.key()
                            + " set to a model directory or "
                            + BeatDetectionJobConfig.BREATHS_REMOTE.key()
                            + " set to a model server");
        }
        if (!(chunkMillis > 0)) {
            throw new IllegalArgumentException("chunkMillis must be positive, got " + chunkMillis);
        }
        this.config = config;
        this.chunkMillis = chunkMillis;
    }

    /** Runs on an embedded Flink (parallelism 1) bound to 127.0.0.1. */
    public List<List<Breath>> annotate(List<? extends Recording> recordings) throws Exception {
        return annotate(LocalEnvironments.loopback(1), recordings);
    }

    /**
     * Runs on {@code env} and returns, for each recording in order, its breaths in onset order,
     * with the recording's sample indices; empty for a recording without a respiration channel.
     *
     * @throws IllegalStateException if validation or the breath operator rejected a chunk, such as
     *     a sampling frequency the resampler cannot convert; the message names the reason
     */
    public List<List<Breath>> annotate(
            StreamExecutionEnvironment env, List<? extends Recording> recordings) throws Exception {
        List<List<Breath>> breaths =
                RecordingStreams.run(
                        env,
                        config,
                        recordings,
                        chunkMillis,
                        "breath",
                        outputs -> outputs.breaths().orElseThrow(),
                        Breath::getStreamId,
                        Map.of());
        for (List<Breath> recording : breaths) {
            recording.sort(Comparator.comparingLong(Breath::getOnsetSampleIndex));
        }
        return breaths;
    }
}
