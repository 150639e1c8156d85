package org.medstream.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medstream.infra.bench.EpisodeRecording.Episode;
import org.medstream.infra.webhook.ReceivedWebhook;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.ingest.replay.ReplayStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Onset-to-webhook latency of alarms: streams with recurring asystole or extreme tachycardia
 * episodes ({@link EpisodeRecording}) replayed at real time (speed 1) into the beat detection job,
 * which posts its alerts to the embedded webhook receiver. Each stream starts at the replay start,
 * so a sample's event time is the wall-clock time at which it would have been recorded. For the
 * START of each ASYSTOLE alert on an asystole stream and each EXTREME_TACHYCARDIA alert on a
 * tachycardia stream, two latencies are reported:
 *
 * <ul>
 *   <li>from onset: receipt at the receiver minus the alert's onset time (the last beat before the
 *       pause, the first beat of the fast run). It contains the alarm criterion itself, 4 s of
 *       pause or 17 fast beats;
 *   <li>from confirmation: receipt minus the time of the sample that completed the criterion, which
 *       is the part the pipeline adds: the chunk duration, the detector's report delay, processing
 *       and the HTTP request.
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

    /**
     * Length of a fast run. The classic detector misses beats in the first seconds after the rate
     * jumps, so the run is about four times as long as the 17 beats of the criterion at 185 bpm.
     */
    static final double FAST_SECONDS = 24;

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
        }
    }

    /**
     * Outcome of one alert latency run; latencies in milliseconds.
     *
     * @param otherAlerts alert STARTs not measured: other types, or on the other kind of stream
     */
    public record Result(
            int streams,
            double durationSeconds,
            Duration checkpointInterval,
            LatencySummary asystoleFromOnset,
            LatencySummary asystoleFromConfirmation,
            LatencySummary tachycardiaFromOnset,
            LatencySummary tachycardiaFromConfirmation,
            int otherAlerts) {}

    private AlertLatencyBenchmark() {}

    /** Runs the benchmark on a fresh embedded runtime, which it stops before returning. */
    public static Result run(Options options) throws Exception {
        List<ReplayStream> streams = new ArrayList<>();
        for (int i = 0; i < options.streams(); i++) {
            Recording source = options.recordings().get(i % options.recordings().size());
            Episode episode = i % 2 == 0 ? Episode.ASYSTOLE : Episode.TACHYCARDIA;
            // Different periods keep the streams' episodes from all starting together.
            double period = PERIOD_SECONDS + i;
            EpisodeRecording recording =
                    new EpisodeRecording(
                            source,
                            source.name() + "-" + episode.name().toLowerCase(),
                            episode,
                            options.durationSeconds(),
                            period,
                            episode == Episode.ASYSTOLE ? PAUSE_SECONDS : FAST_SECONDS);
            streams.add(
                    new ReplayStream(
                            recording, "alerts-" + (i + 1) + "-" + episode.name().toLowerCase()));
        }
        ReplayOptions replayOptions =
                ReplayOptions.builder()
                        .optSpeed(1)
                        .optMaxSeconds(options.durationSeconds())
                        .build();

        try (BenchmarkRun run = new BenchmarkRun(options.checkpointInterval(), null)) {
            Map<String, Long> completeFrom = run.completeFrom(streams, replayOptions);
            LOG.info(
                    "Starting alert latency run streams={} durationSeconds={}",
                    streams.size(),
                    options.durationSeconds());
            run.replay(streams, replayOptions);
            run.awaitComplete(completeFrom, options.checkpointInterval().plusSeconds(30));
            return summarize(options, run.webhookReceiver().deduplicated());
        }
    }

    private static Result summarize(Options options, List<ReceivedWebhook> webhooks)
            throws Exception {
        List<Double> asystoleOnset = new ArrayList<>();
        List<Double> asystoleConfirmation = new ArrayList<>();
        List<Double> tachycardiaOnset = new ArrayList<>();
        List<Double> tachycardiaConfirmation = new ArrayList<>();
        int other = 0;
        for (ReceivedWebhook webhook : webhooks) {
            JsonNode alert = JSON.readTree(webhook.body());
            if (!alert.path("phase").asText().equals("START")) {
                continue;
            }
            String type = alert.path("type").asText();
            String stream = alert.path("streamId").asText();
            long receivedMicros = ChronoUnit.MICROS.between(Instant.EPOCH, webhook.receivedAt());
            double fromOnset = (receivedMicros - alert.path("onsetTimeMicros").asLong()) / 1000.0;
            double fromConfirmation =
                    (receivedMicros - alert.path("eventTimeMicros").asLong()) / 1000.0;
            if (type.equals("ASYSTOLE") && stream.endsWith("-asystole")) {
                asystoleOnset.add(fromOnset);
                asystoleConfirmation.add(fromConfirmation);
            } else if (type.equals("EXTREME_TACHYCARDIA") && stream.endsWith("-tachycardia")) {
                tachycardiaOnset.add(fromOnset);
                tachycardiaConfirmation.add(fromConfirmation);
            } else {
                other++;
                LOG.info("Not measured alert type={} stream={}", type, stream);
            }
        }
        Result result =
                new Result(
                        options.streams(),
                        options.durationSeconds(),
                        options.checkpointInterval(),
                        LatencySummary.of(asystoleOnset),
                        LatencySummary.of(asystoleConfirmation),
                        LatencySummary.of(tachycardiaOnset),
                        LatencySummary.of(tachycardiaConfirmation),
                        other);
        LOG.info(
                "Finished alert latency run asystoleAlerts={} tachycardiaAlerts={} otherAlerts={}",
                result.asystoleFromOnset().count(),
                result.tachycardiaFromOnset().count(),
                other);
        return result;
    }
}
