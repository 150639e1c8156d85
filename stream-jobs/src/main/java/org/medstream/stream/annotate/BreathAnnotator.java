package org.medstream.stream.annotate;

import java.nio.file.Path;
import java.util.ArrayList;
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
import org.medstream.schemas.Breath;
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
    private static final Logger LOG = LoggerFactory.getLogger(BreathAnnotator.class);

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
     * @param config job settings; {@link BeatDetectionJobConfig#BREATHS_MODEL} must be set
     * @param chunkMillis duration of one chunk in milliseconds, rounded to whole frames
     */
    public BreathAnnotator(BeatDetectionJobConfig config, double chunkMillis) {
        Objects.requireNonNull(config, "config");
        if (config.breathsModel().isEmpty()) {
            throw new IllegalArgumentException(
                    "Breath annotation needs the option "
                            + BeatDetectionJobConfig.BREATHS_MODEL.key()
                            + " set to a model directory");
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
        List<SignalChunk> chunks = RecordingStreams.chunks(recordings, chunkMillis);
        List<String> streamIds = RecordingStreams.streamIds(recordings);
        LOG.info(
                "Starting breath annotation recordings={} chunks={} model={}",
                recordings.size(),
                chunks.size(),
                config.breathsModel().get());

        ChunkInput input = ChunkInput.fromCollection(chunks, "recordings");
        JobOutputs outputs =
                new BeatDetectionJob(
                                config,
                                DetectorCatalog.byName(DetectorCatalog.CLASSIC),
                                AlarmRules.defaults(),
                                input)
                        .build(env);

        DataStream.Collector<Breath> breaths = new DataStream.Collector<>();
        DataStream.Collector<DeadLetter> deadLetters = new DataStream.Collector<>();
        outputs.breaths().orElseThrow().collectAsync(breaths);
        outputs.deadLetters().collectAsync(deadLetters);
        env.execute("medstream annotate breaths");

        Map<String, List<Breath>> byStream = new HashMap<>();
        CloseableIterator<Breath> iterator = breaths.getOutput();
        try {
            iterator.forEachRemaining(
                    breath ->
                            byStream.computeIfAbsent(breath.getStreamId(), id -> new ArrayList<>())
                                    .add(breath));
        } finally {
            iterator.close();
        }
        RecordingStreams.failOnDeadLetters(deadLetters.getOutput(), "Breath");

        List<List<Breath>> result = new ArrayList<>();
        for (String streamId : streamIds) {
            List<Breath> found = new ArrayList<>(byStream.getOrDefault(streamId, List.of()));
            found.sort((a, b) -> Long.compare(a.getOnsetSampleIndex(), b.getOnsetSampleIndex()));
            result.add(found);
        }
        LOG.info("Finished breath annotation recordings={}", recordings.size());
        return result;
    }
}
