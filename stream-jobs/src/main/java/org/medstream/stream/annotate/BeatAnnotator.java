package org.medstream.stream.annotate;

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
import org.medstream.schemas.Beat;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.job.BeatDetectionJob;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.ChunkInput;
import org.medstream.stream.job.JobOutputs;
import org.medstream.stream.job.LocalEnvironments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded path of {@code medstream annotate --task beats}: runs the job's own operators
 * (validation, beat detection with keyed state) over finished recordings and returns the beats of
 * each. Recordings are cut by the replayer's {@link Chunker}, {@link
 * ReplayOptions#DEFAULT_CHUNK_MILLIS} (250 ms) per chunk unless another duration is given. Each
 * recording becomes one stream. At the end of input the detector's pending beats are flushed.
 */
public final class BeatAnnotator {
    private static final Logger LOG = LoggerFactory.getLogger(BeatAnnotator.class);

    private final BeatDetector<?> detector;
    private final BeatDetectionJobConfig config;
    private final double chunkMillis;

    /** Runs {@code detector} with default settings and 250 ms chunks. */
    public BeatAnnotator(BeatDetector<?> detector) {
        this(detector, BeatDetectionJobConfig.defaults(), ReplayOptions.DEFAULT_CHUNK_MILLIS);
    }

    /**
     * @param chunkMillis duration of one chunk in milliseconds, rounded to whole frames
     */
    public BeatAnnotator(
            BeatDetector<?> detector, BeatDetectionJobConfig config, double chunkMillis) {
        if (!(chunkMillis > 0)) {
            throw new IllegalArgumentException("chunkMillis must be positive, got " + chunkMillis);
        }
        this.detector = Objects.requireNonNull(detector, "detector");
        this.config = Objects.requireNonNull(config, "config");
        this.chunkMillis = chunkMillis;
    }

    /** Runs on an embedded Flink (parallelism 1) bound to 127.0.0.1. */
    public List<List<Beat>> annotate(List<? extends Recording> recordings) throws Exception {
        return annotate(LocalEnvironments.loopback(1), recordings);
    }

    /**
     * Runs on {@code env} and returns, for each recording in order, its beats in sample order.
     *
     * @throws IllegalStateException if a chunk was rejected, which means the recording or the
     *     chunker is broken; the message names the reason
     */
    public List<List<Beat>> annotate(
            StreamExecutionEnvironment env, List<? extends Recording> recordings) throws Exception {
        List<SignalChunk> chunks = RecordingStreams.chunks(recordings, chunkMillis, Map.of());
        List<String> streamIds = RecordingStreams.streamIds(recordings);
        LOG.info(
                "Starting beat annotation recordings={} chunks={} detector={}/{}",
                recordings.size(),
                chunks.size(),
                detector.name(),
                detector.version());

        ChunkInput input = ChunkInput.fromCollection(chunks, "recordings");
        JobOutputs outputs =
                new BeatDetectionJob(config, detector, AlarmRules.defaults(), input).build(env);

        DataStream.Collector<Beat> beats = new DataStream.Collector<>();
        DataStream.Collector<DeadLetter> deadLetters = new DataStream.Collector<>();
        outputs.beats().collectAsync(beats);
        outputs.deadLetters().collectAsync(deadLetters);
        env.execute("medstream annotate beats");

        Map<String, List<Beat>> byStream = new HashMap<>();
        CloseableIterator<Beat> beatIterator = beats.getOutput();
        try {
            beatIterator.forEachRemaining(
                    beat ->
                            byStream.computeIfAbsent(beat.getStreamId(), id -> new ArrayList<>())
                                    .add(beat));
        } finally {
            beatIterator.close();
        }
        failOnDeadLetters(deadLetters.getOutput());

        List<List<Beat>> result = new ArrayList<>();
        for (String streamId : streamIds) {
            List<Beat> streamBeats = byStream.getOrDefault(streamId, new ArrayList<>());
            streamBeats.sort((a, b) -> Long.compare(a.getSampleIndex(), b.getSampleIndex()));
            result.add(streamBeats);
        }
        LOG.info("Finished beat annotation recordings={}", recordings.size());
        return result;
    }

    private static void failOnDeadLetters(CloseableIterator<DeadLetter> deadLetters)
            throws Exception {
        try {
            if (deadLetters.hasNext()) {
                DeadLetter first = deadLetters.next();
                throw new IllegalStateException(
                        "Beat annotation rejected a chunk ("
                                + first.getReasonCode()
                                + "): "
                                + first.getMessage());
            }
        } finally {
            deadLetters.close();
        }
    }
}
