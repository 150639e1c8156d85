package org.medstream.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medstream.infra.bench.EpisodeRecording.Episode;
import org.medstream.infra.bench.EpisodeRecording.Reference;
import org.medstream.infra.webhook.ReceivedWebhook;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.ingest.replay.ReplayStream;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Onset-to-webhook latency of alarms: streams with recurring asystole or extreme tachycardia
 * episodes ({@link EpisodeRecording}) replayed at real time (speed 1) into the beat detection job,
 * which posts its alerts to the embedded webhook receiver. Each stream starts at the replay start,
 * so a sample's event time is the wall-clock time at which it would have been recorded. For the
 * START of each ASYSTOLE alert on an asystole stream and each EXTREME_TACHYCARDIA alert on a
 * tachycardia stream, three latencies are reported, the first two against the episode's {@link
 * EpisodeRecording.Reference} from the record's annotated beats:
 *
 * <ul>
 *   <li>from onset: receipt at the receiver minus the reference onset (the last beat before the
 *       pause, the first beat of the fast run). It contains the alarm criterion itself, 4 s of
 *       pause or 17 fast beats;
 *   <li>from criterion: receipt minus the time at which the reference beats met the criterion. The
 *       goal is at most 1 s, so that onset to receipt stays within the criterion plus 1 s;
 *   <li>from confirmation: receipt minus the alert's own confirmation sample, the part that the
 *       pipeline adds after the detector found the beats: the chunk duration, the detector's report
 *       delay, processing and the HTTP request.
 * </ul>
 *
 * <p>Alert START records of other types, or on the other kind of stream, are counted as other
 * alerts and not measured.
 */
public final class AlertLatencyBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(AlertLatencyBenchmark.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Seconds between the starts of two episodes of one stream, before the per-stream offset. */
    static final double PERIOD_SECONDS = 40;

    /** Length of a QRS pause, twice the 4 s criterion. */
    static final double PAUSE_SECONDS = 8;

    /** Length of a fast run, about twice the 17 beats of the criterion at 180 bpm. */
    static final double FAST_SECONDS = 12;

    /**
     * Settings of one alert latency run.
     *
     * @param recordings source recordings, assigned to the streams in turn
     * @param streams number of streams, at least 2: even ones get asystole episodes, odd ones
     *     tachycardia episodes
     * @param durationSeconds seconds of real-time replay, at least one episode period and the
     *     episode-free tail of {@link EpisodeRecording}
     * @param checkpointInterval checkpoint interval of the job
     */
    public record Options(
            List<Recording> recordings,
            int streams,
            double durationSeconds,
            Duration checkpointInterval) {
        public Options {
            recordings = List.copyOf(recordings);
            if (recordings.isEmpty()) {
                throw new IllegalArgumentException("Missing recordings; give at least one");
            }
            if (streams < 2) {
                throw new IllegalArgumentException(
                        "Invalid alert stream count "
                                + streams
                                + "; give at least 2, one per alarm type");
            }
            double minimumSeconds = PERIOD_SECONDS + EpisodeRecording.TAIL_SECONDS;
            if (!(durationSeconds >= minimumSeconds) || Double.isInfinite(durationSeconds)) {
                throw new IllegalArgumentException(
                        "Invalid alert run duration "
                                + durationSeconds
                                + " s; give a finite number of seconds of at least "
                                + minimumSeconds);
            }
            ThroughputBenchmark.requirePositive(checkpointInterval, "checkpoint interval");
            for (Recording recording : recordings) {
                Path annotations = annotationFile(recording);
                if (!Files.isRegularFile(annotations)) {
                    throw new IllegalArgumentException(
                            "Missing reference beats for the alerts run: "
                                    + annotations
                                    + " not found. The episodes are built from a record's"
                                    + " annotated beats; give WFDB records with their .atr file");
                }
            }
        }
    }

    /**
     * Outcome of one alert latency run.
     *
     * @param asystole ASYSTOLE STARTs on the asystole streams
     * @param tachycardia EXTREME_TACHYCARDIA STARTs on the tachycardia streams
     * @param otherAlerts alert STARTs not measured: other types, or on the other kind of stream
     */
    public record Result(
            int streams,
            double durationSeconds,
            Duration checkpointInterval,
            AlarmLatency asystole,
            AlarmLatency tachycardia,
            int otherAlerts) {}

    /**
     * Latencies of one alarm type in milliseconds, each alert measured against the episode whose
     * reference onset is closest to the alert's onset.
     *
     * @param episodes episodes replayed
     * @param fromOnset receipt minus the episode's reference onset
     * @param fromCriterion receipt minus the time at which the reference beats met the criterion;
     *     the goal is a p99 of at most 1 s
     * @param fromConfirmation receipt minus the alert's own confirmation sample ({@code
     *     eventTime}): the part the pipeline adds after the detector
     * @param maxOnsetErrorMillis largest distance between an alert's onset and its episode's
     *     reference onset; NaN without alerts
     */
    public record AlarmLatency(
            int episodes,
            LatencySummary fromOnset,
            LatencySummary fromCriterion,
            LatencySummary fromConfirmation,
            double maxOnsetErrorMillis) {
        /** Returns the number of alerts measured. */
        public int alerts() {
            return fromOnset.count();
        }
    }

    /** Collects the latencies of one alarm type, in microseconds. */
    private static final class Latencies {
        private final List<Double> fromOnset = new ArrayList<>();
        private final List<Double> fromCriterion = new ArrayList<>();
        private final List<Double> fromConfirmation = new ArrayList<>();
        private double maxOnsetError = Double.NaN;

        void add(double onset, double criterion, double confirmation, double onsetError) {
            fromOnset.add(onset / 1000.0);
            fromCriterion.add(criterion / 1000.0);
            fromConfirmation.add(confirmation / 1000.0);
            maxOnsetError =
                    Double.isNaN(maxOnsetError)
                            ? Math.abs(onsetError)
                            : Math.max(maxOnsetError, Math.abs(onsetError));
        }

        AlarmLatency summary(int episodes) {
            return new AlarmLatency(
                    episodes,
                    LatencySummary.of(fromOnset),
                    LatencySummary.of(fromCriterion),
                    LatencySummary.of(fromConfirmation),
                    maxOnsetError / 1000.0);
        }
    }

    private AlertLatencyBenchmark() {}

    /**
     * Runs the benchmark on a fresh embedded runtime, which it stops before returning.
     *
     * @param job options of the job under test; the run sets the broker, webhook, checkpoint and
     *     wave model options itself
     * @throws IOException if a recording's reference beats ({@code <record>.atr} beside its header)
     *     cannot be read
     */
    public static Result run(Options options, BeatDetectionJobConfig job) throws Exception {
        List<ReplayStream> streams = new ArrayList<>();
        Map<String, EpisodeRecording> recordings = new HashMap<>();
        for (int i = 0; i < options.streams(); i++) {
            Recording source = options.recordings().get(i % options.recordings().size());
            Episode episode = i % 2 == 0 ? Episode.ASYSTOLE : Episode.TACHYCARDIA;
            // Different periods keep the streams' episodes from all starting together.
            double period = PERIOD_SECONDS + i;
            EpisodeRecording recording =
                    new EpisodeRecording(
                            source,
                            WfdbAnnotations.read(annotationFile(source)),
                            source.name() + "-" + episode.name().toLowerCase(),
                            episode,
                            options.durationSeconds(),
                            period,
                            episode == Episode.ASYSTOLE ? PAUSE_SECONDS : FAST_SECONDS);
            String streamId = "alerts-" + (i + 1) + "-" + episode.name().toLowerCase();
            streams.add(new ReplayStream(recording, streamId));
            recordings.put(streamId, recording);
        }
        ReplayOptions replayOptions =
                ReplayOptions.builder()
                        .optSpeed(1)
                        .optMaxSeconds(options.durationSeconds())
                        .build();

        try (BenchmarkRun run = new BenchmarkRun(job, options.checkpointInterval(), null)) {
            Map<String, Long> completeFrom = run.completeFrom(streams, replayOptions);
            LOG.info(
                    "Starting alert latency run streams={} durationSeconds={}",
                    streams.size(),
                    options.durationSeconds());
            run.replay(streams, replayOptions);
            run.awaitComplete(completeFrom, options.checkpointInterval().plusSeconds(30));
            return summarize(options, recordings, run.webhookReceiver().deduplicated());
        }
    }

    private static Reference nearest(List<Reference> references, long onsetIndex) {
        Reference nearest = references.get(0);
        for (Reference reference : references) {
            if (Math.abs(reference.onsetIndex() - onsetIndex)
                    < Math.abs(nearest.onsetIndex() - onsetIndex)) {
                nearest = reference;
            }
        }
        return nearest;
    }

    private static int episodes(Map<String, EpisodeRecording> recordings, Episode episode) {
        return recordings.values().stream()
                .filter(recording -> recording.episode() == episode)
                .mapToInt(recording -> recording.references().size())
                .sum();
    }

    /** Returns the annotation file beside the recording's header. */
    private static Path annotationFile(Recording recording) {
        return Path.of(recording.source()).resolveSibling(recording.name() + ".atr");
    }

    private static Result summarize(
            Options options,
            Map<String, EpisodeRecording> recordings,
            List<ReceivedWebhook> webhooks)
            throws Exception {
        Map<String, Latencies> latencies = new HashMap<>();
        int other = 0;
        for (ReceivedWebhook webhook : webhooks) {
            JsonNode alert = JSON.readTree(webhook.body());
            if (!alert.path("phase").asText().equals("START")) {
                continue;
            }
            String type = alert.path("type").asText();
            String stream = alert.path("streamId").asText();
            EpisodeRecording recording = recordings.get(stream);
            Episode expected =
                    type.equals("ASYSTOLE")
                            ? Episode.ASYSTOLE
                            : type.equals("EXTREME_TACHYCARDIA") ? Episode.TACHYCARDIA : null;
            if (recording == null || recording.episode() != expected) {
                other++;
                LOG.info("Not measured alert type={} stream={}", type, stream);
                continue;
            }
            long receivedMicros = ChronoUnit.MICROS.between(Instant.EPOCH, webhook.receivedAt());
            double samplesPerMicro = recording.samplingFrequencyHz() / 1e6;
            long onsetIndex = alert.path("onsetSampleIndex").asLong();
            // The stream's clock, from the alert's own onset index and time.
            double startMicros =
                    alert.path("onsetTimeMicros").asLong() - onsetIndex / samplesPerMicro;
            Reference reference = nearest(recording.references(), onsetIndex);
            latencies
                    .computeIfAbsent(type, key -> new Latencies())
                    .add(
                            receivedMicros
                                    - (startMicros + reference.onsetIndex() / samplesPerMicro),
                            receivedMicros
                                    - (startMicros + reference.criterionIndex() / samplesPerMicro),
                            receivedMicros - alert.path("eventTimeMicros").asLong(),
                            (onsetIndex - reference.onsetIndex()) / samplesPerMicro);
        }
        Result result =
                new Result(
                        options.streams(),
                        options.durationSeconds(),
                        options.checkpointInterval(),
                        latencies
                                .getOrDefault("ASYSTOLE", new Latencies())
                                .summary(episodes(recordings, Episode.ASYSTOLE)),
                        latencies
                                .getOrDefault("EXTREME_TACHYCARDIA", new Latencies())
                                .summary(episodes(recordings, Episode.TACHYCARDIA)),
                        other);
        LOG.info(
                "Finished alert latency run asystoleAlerts={} tachycardiaAlerts={} otherAlerts={}",
                result.asystole().alerts(),
                result.tachycardia().alerts(),
                other);
        return result;
    }
}
