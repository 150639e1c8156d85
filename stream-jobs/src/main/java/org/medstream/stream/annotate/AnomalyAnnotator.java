package org.medstream.stream.annotate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.job.BeatDetectionJob;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.ChunkInput;
import org.medstream.stream.job.DetectorCatalog;
import org.medstream.stream.job.JobOutputs;
import org.medstream.stream.job.LocalEnvironments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyAnnotator.class);

    /** Source of the beat detector's dead letters, which are irrelevant to the anomalies. */
    private static final String BEAT_DETECTOR_SOURCE = "detect-beats";

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
        List<SignalChunk> chunks = RecordingStreams.chunks(recordings, chunkMillis);
        List<String> streamIds = RecordingStreams.streamIds(recordings);
        LOG.info(
                "Starting anomaly annotation recordings={} chunks={} model={}",
                recordings.size(),
                chunks.size(),
                config.anomaliesModel().get());

        ChunkInput input = ChunkInput.fromCollection(chunks, "recordings");
        JobOutputs outputs =
                new BeatDetectionJob(
                                config,
                                DetectorCatalog.byName(DetectorCatalog.CLASSIC),
                                AlarmRules.defaults(),
                                input)
                        .build(env);

        DataStream.Collector<Anomaly> anomalies = new DataStream.Collector<>();
        DataStream.Collector<DeadLetter> deadLetters = new DataStream.Collector<>();
        outputs.anomalies().orElseThrow().collectAsync(anomalies);
        outputs.deadLetters().collectAsync(deadLetters);
        env.execute("medstream annotate anomalies");

        Map<String, List<Anomaly>> byStream = new HashMap<>();
        CloseableIterator<Anomaly> iterator = anomalies.getOutput();
        try {
            iterator.forEachRemaining(
                    anomaly ->
                            byStream.computeIfAbsent(anomaly.getStreamId(), id -> new ArrayList<>())
                                    .add(anomaly));
        } finally {
            iterator.close();
        }
        failOnDeadLetters(deadLetters.getOutput());

        List<List<Anomaly>> result = new ArrayList<>();
        for (String streamId : streamIds) {
            List<Anomaly> spans = new ArrayList<>(byStream.getOrDefault(streamId, List.of()));
            spans.sort(Comparator.comparingLong(Anomaly::getStartSampleIndex));
            result.add(spans);
        }
        LOG.info("Finished anomaly annotation recordings={}", recordings.size());
        return result;
    }

    private static void failOnDeadLetters(CloseableIterator<DeadLetter> deadLetters)
            throws Exception {
        try {
            while (deadLetters.hasNext()) {
                DeadLetter deadLetter = deadLetters.next();
                if (BEAT_DETECTOR_SOURCE.equals(deadLetter.getSource())) {
                    continue;
                }
                throw new IllegalStateException(
                        "Anomaly annotation rejected a chunk ("
                                + deadLetter.getReasonCode()
                                + "): "
                                + deadLetter.getMessage());
            }
        } finally {
            deadLetters.close();
        }
    }
}
