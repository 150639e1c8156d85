package org.medstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.evaluation.beats.Ec57Evaluator;
import org.medstream.evaluation.beats.Ec57Options;
import org.medstream.evaluation.beats.RecordScoreInput;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;
import org.medstream.infra.flink.EmbeddedFlink;
import org.medstream.infra.runtime.EmbeddedRuntime;
import org.medstream.infra.webhook.ReceivedWebhook;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.replay.KafkaChunkSink;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.ingest.replay.ReplayStream;
import org.medstream.ingest.replay.ReplaySummary;
import org.medstream.ingest.replay.Replayer;
import org.medstream.schemas.Alert;
import org.medstream.schemas.Beat;
import org.medstream.schemas.topic.Topics;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.job.BeatDetectionJob;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.DetectorCatalog;
import org.medstream.stream.kafka.KafkaConnectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the main job on the embedded runtime: replays recordings through a Kafka broker into the
 * Flink beat detection job, shows live results, and scores them against reference annotations.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the main job on the embedded runtime: an in-JVM Kafka broker (KRaft), a Flink"
                    + " MiniCluster with its Web UI, and a local webhook receiver, all on"
                    + " 127.0.0.1.",
            "Replays the recordings into medstream.signals.raw, detects beats and alarms in Flink,"
                    + " shows a live line per stream, and ends with the EC57 score against the"
                    + " reference annotations (.atr) where a record has them."
        })
final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    /** Bundled records replayed when no --record is given, relative to the installation. */
    private static final List<String> DEFAULT_RECORDS = List.of("data/mitdb/100", "data/mitdb/208");

    /** Maximum wait for the last beats after the replay ends. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    @Option(
            names = "--record",
            paramLabel = "PATH",
            description =
                    "WFDB record path without extension; repeat for several streams (default:"
                            + " bundled MIT-BIH records 100 and 208).")
    List<Path> records = new ArrayList<>();

    @Option(
            names = "--speed",
            paramLabel = "X",
            description = "Replay speed as a multiple of real time (default: ${DEFAULT-VALUE}).")
    double speed = 30;

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            description =
                    "Stop the replay after SECONDS of wall-clock time (default: whole records).")
    Double durationSeconds;

    @Option(
            names = "--webhook",
            paramLabel = "URL",
            description = "Deliver alerts to this URL instead of the embedded webhook receiver.")
    String webhookUrl;

    @Option(
            names = "--model",
            paramLabel = "NAME",
            description = "Beat detector; supported: classic (default).")
    String model = DetectorCatalog.CLASSIC;

    @Option(
            names = "--web-ui-port",
            paramLabel = "PORT",
            description =
                    "Port of the Flink Web UI on 127.0.0.1 (default: ${DEFAULT-VALUE}; another"
                            + " free port when it is taken).")
    int webUiPort = EmbeddedFlink.DEFAULT_WEB_UI_PORT;

    @Override
    public Integer call() throws Exception {
        BeatDetector<?> detector = DetectorCatalog.byName(model);
        List<ReplayStream> streams = openStreams();

        try (EmbeddedRuntime runtime =
                EmbeddedRuntime.builder()
                        .optFlink(EmbeddedFlink.builder().optWebUiPort(webUiPort))
                        .start()) {
            String webhook =
                    webhookUrl != null ? webhookUrl : runtime.webhookReceiver().url().toString();
            spec.commandLine()
                    .getOut()
                    .println("Kafka broker:      " + runtime.kafka().bootstrapServers());
            spec.commandLine().getOut().println("Flink Web UI:      " + runtime.flink().webUiUrl());
            spec.commandLine().getOut().println("Alert webhook:     " + webhook);

            JobClient job = startJob(runtime, webhook);
            try (LiveResults results = new LiveResults(runtime.kafka().bootstrapServers())) {
                results.start();
                ReplaySummary summary = replay(runtime, streams, results);
                awaitLastBeats(results, streams, detector);
                job.cancel().get(30, TimeUnit.SECONDS);

                printAlerts(runtime, streams, results);
                printEvaluation(streams, results, summary, detector);
            }
        }
        return 0;
    }

    private List<ReplayStream> openStreams() throws Exception {
        List<Path> paths = new ArrayList<>(records);
        if (paths.isEmpty()) {
            Path home = Path.of(System.getenv().getOrDefault("MEDSTREAM_HOME", "."));
            for (String record : DEFAULT_RECORDS) {
                paths.add(home.resolve(record));
            }
        }
        List<ReplayStream> streams = new ArrayList<>();
        for (Path path : paths) {
            streams.add(ReplayStream.of(RecordingFiles.open(path)));
        }
        return streams;
    }

    private JobClient startJob(EmbeddedRuntime runtime, String webhook) throws Exception {
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.defaults()
                        .with(
                                BeatDetectionJobConfig.BOOTSTRAP_SERVERS,
                                runtime.kafka().bootstrapServers())
                        .with(BeatDetectionJobConfig.DETECTOR, model)
                        .with(BeatDetectionJobConfig.WEBHOOK_URL, webhook)
                        .with(BeatDetectionJobConfig.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        return BeatDetectionJob.onKafka(config)
                .executeAsync(runtime.flink().environment(), KafkaConnectors.sinks(config));
    }

    private ReplaySummary replay(
            EmbeddedRuntime runtime, List<ReplayStream> streams, LiveResults results) {
        ReplayOptions options = ReplayOptions.builder().optSpeed(speed).build();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (KafkaChunkSink sink =
                KafkaChunkSink.to(runtime.kafka().bootstrapServers(), Topics.SIGNALS_RAW.name())) {
            Replayer replayer = new Replayer(options, sink);
            if (durationSeconds != null) {
                timer.schedule(
                        replayer::stop, (long) (durationSeconds * 1000), TimeUnit.MILLISECONDS);
            }
            ProgressBar bar = new ProgressBar(spec.commandLine().getOut(), "replay");
            timer.scheduleAtFixedRate(
                    () -> bar.suffix(results.summary()), 0, 500, TimeUnit.MILLISECONDS);
            ReplaySummary summary = replayer.replay(streams, bar::update);
            bar.finish();
            return summary;
        } finally {
            timer.shutdownNow();
        }
    }

    /**
     * Waits until every stream's beats reach the end of what was replayed, less the detector's
     * report delay, or until no result has arrived for a while.
     */
    private void awaitLastBeats(
            LiveResults results, List<ReplayStream> streams, BeatDetector<?> detector)
            throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean done = true;
            for (ReplayStream stream : streams) {
                Recording recording = stream.recording();
                long reachable =
                        recording.frameCount()
                                - (long)
                                        Math.ceil(
                                                (detector.maxDelaySeconds() + 1)
                                                        * recording.samplingFrequencyHz());
                done &= results.lastBeatSample(stream.streamId()) >= reachable;
            }
            if (done || results.quietFor().toSeconds() >= 5) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private void printAlerts(
            EmbeddedRuntime runtime, List<ReplayStream> streams, LiveResults results) {
        spec.commandLine().getOut().println();
        spec.commandLine().getOut().println("Alerts:");
        int total = 0;
        for (ReplayStream stream : streams) {
            for (Alert alert : results.alerts(stream.streamId())) {
                total++;
                spec.commandLine()
                        .getOut()
                        .printf(
                                "  %s %s %s at sample %d: %s%n",
                                alert.getStreamId(),
                                alert.getPriority(),
                                alert.getType(),
                                alert.getOnsetSampleIndex(),
                                alert.getMessage());
            }
        }
        if (total == 0) {
            spec.commandLine().getOut().println("  none");
        }
        List<ReceivedWebhook> received = runtime.webhookReceiver().received();
        spec.commandLine()
                .getOut()
                .printf("Webhook receiver got %d alert deliveries.%n", received.size());
    }

    private void printEvaluation(
            List<ReplayStream> streams,
            LiveResults results,
            ReplaySummary summary,
            BeatDetector<?> detector)
            throws Exception {
        List<RecordScoreInput> inputs = new ArrayList<>();
        double shortestSeconds = Double.POSITIVE_INFINITY;
        for (ReplayStream stream : streams) {
            Recording recording = stream.recording();
            Path reference = Path.of(recording.source()).resolveSibling(recording.name() + ".atr");
            if (!Files.isRegularFile(reference)) {
                continue;
            }
            List<BeatAnnotation> test = new ArrayList<>();
            for (Beat beat : results.beats(stream.streamId())) {
                test.add(new BeatAnnotation(beat.getSampleIndex(), beat.getBeatClass().charAt(0)));
            }
            // The live stream never ends, so the detector cannot report the beats of its last
            // maxDelaySeconds. Scoring stops before them.
            double fs = recording.samplingFrequencyHz();
            long scoredEnd =
                    replayedFrames(stream, summary, results)
                            - (long) Math.ceil(detector.maxDelaySeconds() * fs);
            shortestSeconds = Math.min(shortestSeconds, scoredEnd / fs);
            inputs.add(
                    new RecordScoreInput(
                            recording.name(),
                            fs,
                            WfdbBeatAnnotations.read(reference),
                            test,
                            Math.max(0, scoredEnd)));
        }
        if (inputs.isEmpty()) {
            spec.commandLine()
                    .getOut()
                    .println("No record has reference annotations (.atr); nothing to score.");
            return;
        }

        Ec57Options options = Ec57Options.DEFAULT;
        String learning = "first 5 min not scored";
        if (shortestSeconds < options.fromSeconds() + 60) {
            options = options.withFrom(0);
            learning = "replay too short for the 5 min learning period, scored from 0 s";
        }
        spec.commandLine().getOut().println();
        spec.commandLine()
                .getOut()
                .printf(
                        "Beat detection, ANSI/AAMI EC57 (%s, +/-150 ms, up to %.0f s):%n",
                        learning, shortestSeconds);
        spec.commandLine().getOut().println(new Ec57Evaluator(options).evaluate(inputs).toTable());
    }

    /** Frames of a stream that reached the broker: all, or those sent before the replay stopped. */
    private long replayedFrames(ReplayStream stream, ReplaySummary summary, LiveResults results) {
        Recording recording = stream.recording();
        if (summary.completed()) {
            return recording.frameCount();
        }
        if (speed > 0) {
            // Paced streams start together and advance at the same rate, so this estimate is
            // within one chunk.
            double seconds = summary.elapsed().toNanos() / 1e9 * speed;
            return Math.min(
                    recording.frameCount(), (long) (seconds * recording.samplingFrequencyHz()));
        }
        return results.lastBeatSample(stream.streamId()) + 1;
    }
}
