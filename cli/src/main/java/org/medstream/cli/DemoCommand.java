package org.medstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.runtime.checkpoint.CheckpointFailureManager;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.evaluation.beats.Ec57Evaluator;
import org.medstream.evaluation.beats.Ec57Options;
import org.medstream.evaluation.beats.RecordScoreInput;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;
import org.medstream.evaluation.breaths.BreathEvaluator;
import org.medstream.evaluation.breaths.BreathMarks;
import org.medstream.evaluation.breaths.BreathScore;
import org.medstream.evaluation.breaths.BreathScoreInput;
import org.medstream.infra.flink.EmbeddedFlink;
import org.medstream.infra.job.CommittedOutputs;
import org.medstream.infra.job.KafkaJob;
import org.medstream.infra.runtime.EmbeddedRuntime;
import org.medstream.infra.webhook.ReceivedWebhook;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.ingest.replay.KafkaChunkSink;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.ingest.replay.ReplayStream;
import org.medstream.ingest.replay.ReplaySummary;
import org.medstream.ingest.replay.Replayer;
import org.medstream.model.artifact.ModelMetadata;
import org.medstream.model.breaths.BidmcTrainingData;
import org.medstream.model.breaths.RespirationChannels;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.Beat;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeliveryOutcome;
import org.medstream.schemas.WaveType;
import org.medstream.schemas.topic.Topics;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.detect.LmuBeatDetector;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.DetectorCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

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
            "Replays the recordings into medstream.signals.raw, detects beats and alarms,"
                    + " delineates ECG waves, finds breaths on respiration channels and scores"
                    + " anomalies on lead II in Flink,"
                    + " shows a live line per stream, and ends with the EC57 score against the"
                    + " reference annotations (.atr) and the breath score against the breath marks"
                    + " where a record has them."
        })
final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin RecordOptions recordOptions;

    /** Bundled records replayed when no --record is given, relative to the installation. */
    private static final List<String> DEFAULT_RECORDS =
            List.of("data/mitdb/100", "data/mitdb/208", "data/bidmc/bidmc_01_Signals.csv");

    /** Maximum wait for the job to run after its submission. */
    private static final Duration JOB_START_TIMEOUT = Duration.ofSeconds(60);

    /** Maximum wait for the last beats after the replay ends. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    @Option(
            names = "--record",
            paramLabel = "PATH",
            description =
                    "WFDB record path without extension, or an .edf or .csv file; repeat for several"
                            + " streams (default: bundled MIT-BIH records 100 and 208 and the"
                            + " first 300 s of BIDMC record 01).")
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
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "A job option, KEY as 'medstream job --list-options' prints it, for example"
                            + " webhook.format=fhir or alarm.tachycardia-bpm=130; repeat for"
                            + " several. The demo's own options set the broker, detector, webhook"
                            + " URL, checkpoint interval and models.")
    Map<String, String> jobOptions = new LinkedHashMap<>();

    @Option(
            names = "--model",
            paramLabel = "NAME",
            description =
                    "Beat detector: classic (streaming Pan-Tompkins, the default) or lmu (the LMU"
                            + " beats model in $MEDSTREAM_HOME/models/lmu-beats).")
    String model = DetectorCatalog.CLASSIC;

    @Option(
            names = "--waves-model",
            paramLabel = "DIR",
            description =
                    "LMU wave model that delineates P, QRS and T waves into "
                            + "medstream.events.segments (default: $MEDSTREAM_HOME/models/lmu-waves).")
    Path wavesModel;

    @Option(
            names = "--breaths-model",
            paramLabel = "DIR",
            description =
                    "LMU breaths model that finds breath onsets on respiration channels into "
                            + "medstream.events.breaths (default: "
                            + "$MEDSTREAM_HOME/models/lmu-breaths).")
    Path breathsModel;

    @Option(
            names = "--anomalies-model",
            paramLabel = "DIR",
            description =
                    "LMU anomalies model that scores lead II into medstream.events.anomalies"
                            + " (default: $MEDSTREAM_HOME/models/lmu-anomalies).")
    Path anomaliesModel;

    @Option(
            names = "--web-ui-port",
            paramLabel = "PORT",
            description =
                    "Port of the Flink Web UI on 127.0.0.1 (default: ${DEFAULT-VALUE}; another"
                            + " free port when it is taken).")
    int webUiPort = EmbeddedFlink.DEFAULT_WEB_UI_PORT;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--speed': must be a positive multiple of real time,"
                            + " got "
                            + speed);
        }
        if (durationSeconds != null && !(durationSeconds > 0)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--duration': must be positive seconds, got "
                            + durationSeconds);
        }
        BeatDetectionJobConfig jobSettings = jobSettings();
        BeatDetector<?> detector = Models.beatDetector(spec.commandLine(), model);
        Path waves = modelDirectory("--waves-model", wavesModel, Models.bundledWaveModel());
        Path breaths =
                modelDirectory("--breaths-model", breathsModel, Models.bundledBreathsModel());
        Path anomalies =
                modelDirectory("--anomalies-model", anomaliesModel, Models.bundledAnomaliesModel());
        List<ReplayStream> streams = openStreams();

        // The embedded receiver checks signatures as a paging system would; an external URL gets
        // unsigned requests because the demo cannot share a secret with it.
        String webhookSecret = webhookUrl == null ? newWebhookSecret() : null;
        try (EmbeddedRuntime runtime =
                EmbeddedRuntime.builder()
                        .optFlink(EmbeddedFlink.builder().optWebUiPort(webUiPort))
                        .optWebhookSecret(webhookSecret)
                        .start()) {
            String webhook =
                    webhookUrl != null ? webhookUrl : runtime.webhookReceiver().url().toString();
            PrintWriter out = spec.commandLine().getOut();
            out.println("Kafka broker:      " + runtime.kafka().bootstrapServers());
            out.println(
                    "Ingest gate:       "
                            + Topics.SIGNALS_RAW.name()
                            + " -> "
                            + Topics.SIGNALS_CLEAN.name());
            out.println("Flink Web UI:      " + runtime.flink().webUiUrl());
            out.println("Alert webhook:     " + webhook);
            out.printf(
                    "Replaying %s at %s x real time%s; Ctrl-C to stop.%n",
                    streams.stream().map(ReplayStream::streamId).toList(),
                    speed,
                    durationSeconds == null ? "" : " for at most " + durationSeconds + " s");

            ReplaySummary summary;
            try (CommittedOutputs results =
                            CommittedOutputs.start(runtime.kafka().bootstrapServers());
                    KafkaJob job =
                            startJob(
                                    jobSettings,
                                    runtime,
                                    webhook,
                                    webhookSecret,
                                    waves,
                                    breaths,
                                    anomalies)) {
                summary = replay(runtime, streams, results);
                boolean caughtUp = awaitLastBeats(results, streams, summary, detector);
                quietCheckpointFailures();
                job.close();

                printAlerts(runtime, results);
                printSegments(streams, results);
                printBreaths(streams, results, summary, breaths, caughtUp);
                printAnomalies(streams, results);
                printEvaluation(streams, results, summary, detector, caughtUp);
            }
        }
        return 0;
    }

    /**
     * Shows only errors of Flink's checkpoint failure logger from here on. Cancelling the job fails
     * the checkpoint in progress, which Flink logs as a warning with a stack trace, and at this
     * point that failure is expected and does not affect the results.
     */
    private static void quietCheckpointFailures() {
        Configurator.setLevel(CheckpointFailureManager.class.getName(), Level.ERROR);
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
            streams.add(ReplayStream.of(recordOptions.open(path)));
        }
        return streams;
    }

    private KafkaJob startJob(
            BeatDetectionJobConfig jobSettings,
            EmbeddedRuntime runtime,
            String webhook,
            String webhookSecret,
            Path waves,
            Path breaths,
            Path anomalies)
            throws Exception {
        BeatDetectionJobConfig config =
                jobSettings
                        .with(
                                BeatDetectionJobConfig.BOOTSTRAP_SERVERS,
                                runtime.kafka().bootstrapServers())
                        .with(BeatDetectionJobConfig.DETECTOR, model)
                        .with(BeatDetectionJobConfig.WEBHOOK_URL, webhook)
                        .with(BeatDetectionJobConfig.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
                        .with(BeatDetectionJobConfig.WAVES_MODEL, waves.toString())
                        .with(BeatDetectionJobConfig.BREATHS_MODEL, breaths.toString())
                        .with(BeatDetectionJobConfig.ANOMALIES_MODEL, anomalies.toString());
        if (webhookSecret != null) {
            config =
                    config.with(
                            BeatDetectionJobConfig.WEBHOOK_SECRET_FILE,
                            secretFile(webhookSecret).toString());
        }
        // KafkaJob gives the job its own consumer group and transactional ids, so a 'medstream
        // job' started on this broker does not fence the demo's transactions.
        return KafkaJob.start(config, runtime.flink().environment(), JOB_START_TIMEOUT);
    }

    /**
     * Reads the {@code --set} job options, rejecting those that the demo's own options set and a
     * secret file for the embedded receiver, which signs with a fresh secret of its own.
     */
    private BeatDetectionJobConfig jobSettings() {
        Map<ConfigOption<?>, String> own =
                Map.of(
                        BeatDetectionJobConfig.BOOTSTRAP_SERVERS, "the embedded broker",
                        BeatDetectionJobConfig.DETECTOR, "--model",
                        BeatDetectionJobConfig.WEBHOOK_URL, "--webhook",
                        BeatDetectionJobConfig.CHECKPOINT_INTERVAL, "the demo (1 s)",
                        BeatDetectionJobConfig.WAVES_MODEL, "--waves-model",
                        BeatDetectionJobConfig.BREATHS_MODEL, "--breaths-model",
                        BeatDetectionJobConfig.ANOMALIES_MODEL, "--anomalies-model");
        for (Map.Entry<ConfigOption<?>, String> option : own.entrySet()) {
            if (jobOptions.containsKey(option.getKey().key())) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Invalid --set "
                                + option.getKey().key()
                                + ": the demo sets it with "
                                + option.getValue());
            }
        }
        if (webhookUrl == null
                && jobOptions.containsKey(BeatDetectionJobConfig.WEBHOOK_SECRET_FILE.key())) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid --set webhook.secret-file without --webhook: the embedded receiver"
                            + " checks signatures with a fresh secret of its own");
        }
        try {
            return BeatDetectionJobConfig.fromMap(jobOptions);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Returns 32 random bytes in hex, a fresh secret for one demo run. */
    private static String newWebhookSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Writes {@code secret} to a temporary file that only this user can read, deleted when the JVM
     * exits, for the job's {@code webhook.secret-file} option.
     */
    private static Path secretFile(String secret) throws IOException {
        Path file;
        try {
            file =
                    Files.createTempFile(
                            "medstream-webhook",
                            ".secret",
                            PosixFilePermissions.asFileAttribute(
                                    PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // NOTE: a file system without POSIX permissions (Windows) leaves the default ones.
            file = Files.createTempFile("medstream-webhook", ".secret");
        }
        file.toFile().deleteOnExit();
        return Files.writeString(file, secret, StandardCharsets.UTF_8);
    }

    /**
     * Returns the model directory given by {@code option}, or the shipped one.
     *
     * @throws ParameterException when the directory has no model.json
     */
    private Path modelDirectory(String option, Path given, Path bundled) {
        Path directory = given == null ? bundled : given;
        if (!Files.isRegularFile(directory.resolve("model.json"))) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '"
                            + option
                            + "': no model.json in "
                            + directory
                            + "; give a directory written by 'medstream train'");
        }
        return directory;
    }

    private ReplaySummary replay(
            EmbeddedRuntime runtime, List<ReplayStream> streams, CommittedOutputs results) {
        ReplayOptions options = ReplayOptions.builder().optSpeed(speed).build();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (KafkaChunkSink sink =
                KafkaChunkSink.to(runtime.kafka().bootstrapServers(), Topics.SIGNALS_RAW.name())) {
            Replayer replayer = new Replayer(options, sink);
            AtomicBoolean interrupted = new AtomicBoolean();
            stopOnCtrlC(replayer, interrupted);
            if (durationSeconds != null) {
                timer.schedule(
                        replayer::stop, (long) (durationSeconds * 1000), TimeUnit.MILLISECONDS);
            }
            ProgressBar bar = new ProgressBar(spec.commandLine().getOut(), "replay");
            timer.scheduleAtFixedRate(
                    () -> bar.suffix(liveLine(streams, results)), 0, 500, TimeUnit.MILLISECONDS);
            ReplaySummary summary = replayer.replay(streams, bar::update);
            bar.finish();
            if (interrupted.get()) {
                spec.commandLine()
                        .getOut()
                        .println("Stopped the replay on Ctrl-C; results up to there follow.");
            } else if (!summary.completed()) {
                spec.commandLine()
                        .getOut()
                        .printf("Stopped the replay after --duration %s s.%n", durationSeconds);
            }
            return summary;
        } finally {
            timer.shutdownNow();
        }
    }

    /**
     * Makes the first Ctrl-C stop the replay, so that the demo still waits for the job and prints
     * its results. A second Ctrl-C, also while the results are printed, exits with code 130 and no
     * log output. Without this handler, Ctrl-C shuts the JVM down under the running broker and
     * Flink cluster, which prints their shutdown errors and no results.
     */
    private static void stopOnCtrlC(Replayer replayer, AtomicBoolean interrupted) {
        try {
            Signal.handle(
                    new Signal("INT"),
                    signal -> {
                        if (interrupted.getAndSet(true)) {
                            Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
                            System.exit(130);
                        }
                        replayer.stop();
                    });
        } catch (IllegalArgumentException e) {
            // The JVM does not hand SIGINT over (started with it ignored, or with -Xrs).
        }
    }

    /** Returns one status line with the beats, latest heart rate and alerts of each stream. */
    private static String liveLine(List<ReplayStream> streams, CommittedOutputs results) {
        List<Alert> alerts = results.alerts();
        StringBuilder line = new StringBuilder();
        for (ReplayStream stream : streams) {
            List<CommittedOutputs.VisibleBeat> beats = results.beats(stream.streamId());
            if (beats.isEmpty()) {
                continue;
            }
            Double heartRate = beats.get(beats.size() - 1).beat().getHeartRateBpm();
            long streamAlerts =
                    alerts.stream()
                            .filter(a -> a.getStreamId().equals(stream.streamId()))
                            .map(Alert::getAlertId)
                            .distinct()
                            .count();
            if (line.length() > 0) {
                line.append(" | ");
            }
            line.append(
                    String.format(
                            "%s: %d beats, HR %s, alerts %d",
                            stream.streamId(),
                            beats.size(),
                            heartRate == null ? "--" : String.format("%.0f bpm", heartRate),
                            streamAlerts));
        }
        return line.toString();
    }

    /**
     * Waits until every stream's beats reach the end of what was replayed, less the detector's
     * report delay and a second of margin, or until {@link #DRAIN_TIMEOUT}.
     */
    /** Waits for the beats the job can report; returns false when it has not caught up in time. */
    private boolean awaitLastBeats(
            CommittedOutputs results,
            List<ReplayStream> streams,
            ReplaySummary summary,
            BeatDetector<?> detector)
            throws InterruptedException {
        Map<String, Long> lastReachable = new HashMap<>();
        for (ReplayStream stream : streams) {
            lastReachable.put(
                    stream.streamId(),
                    CommittedOutputs.lastReportedSample(
                            replayedFrames(stream, summary, results),
                            stream.recording().samplingFrequencyHz(),
                            detector.maxDelaySeconds()));
        }
        return results.awaitBeatsThrough(lastReachable, DRAIN_TIMEOUT);
    }

    private void printAlerts(EmbeddedRuntime runtime, CommittedOutputs results) {
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.println("Alerts:");
        List<Alert> alerts = results.alerts();
        for (Alert alert : alerts) {
            out.printf(
                    "  %s %s %s %s #%d, onset at sample %d: %s%n",
                    alert.getStreamId(),
                    alert.getPhase(),
                    alert.getPriority(),
                    alert.getType(),
                    alert.getSequence(),
                    alert.getOnsetSampleIndex(),
                    alert.getMessage());
        }
        if (alerts.isEmpty()) {
            out.println("  none");
        }
        Map<DeliveryOutcome, Integer> outcomes = new EnumMap<>(DeliveryOutcome.class);
        for (AlertDelivery delivery : results.deliveries()) {
            outcomes.merge(delivery.getOutcome(), 1, Integer::sum);
        }
        out.printf(
                "Webhook deliveries on %s: %d delivered, %d failed.%n",
                Topics.ALERT_DELIVERIES.name(),
                outcomes.getOrDefault(DeliveryOutcome.DELIVERED, 0),
                outcomes.getOrDefault(DeliveryOutcome.FAILED, 0));
        if (webhookUrl == null) {
            List<ReceivedWebhook> received = runtime.webhookReceiver().received();
            out.printf(
                    "The embedded webhook receiver got %d alert(s), each with a valid HMAC-SHA256"
                            + " signature.%n",
                    received.size());
        }

        out.println(GateCommand.summary(runtime.gate().counts()));
        Map<String, Integer> deadLetters = new TreeMap<>();
        for (DeadLetter deadLetter : results.deadLetters()) {
            deadLetters.merge(deadLetter.getReasonCode().name(), 1, Integer::sum);
        }
        if (!deadLetters.isEmpty()) {
            out.printf(
                    "Dead letters on %s by reason: %s%n",
                    Topics.SIGNALS_DEAD_LETTER.name(), deadLetters);
        }
    }

    private void printSegments(List<ReplayStream> streams, CommittedOutputs results) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Wave segments on %s (all leads):%n", Topics.SEGMENTS.name());
        for (ReplayStream stream : streams) {
            Map<WaveType, Long> counts = results.segmentCounts(stream.streamId());
            out.printf(
                    "  %s: P %d, QRS %d, T %d%n",
                    stream.streamId(),
                    counts.getOrDefault(WaveType.P, 0L),
                    counts.getOrDefault(WaveType.QRS, 0L),
                    counts.getOrDefault(WaveType.T, 0L));
        }
    }

    /**
     * Prints the breaths of each stream. Where the recording has breath marks (BIDMC's ann1), it
     * also scores them from the end of the model's training span up to what the model could report
     * by the end of the replay, or up to the last breath reported when the job has not caught up.
     */
    private void printBreaths(
            List<ReplayStream> streams,
            CommittedOutputs results,
            ReplaySummary summary,
            Path breathsModel,
            boolean caughtUp)
            throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ModelMetadata metadata = ModelMetadata.read(breathsModel);
        out.printf("Breaths on %s:%n", Topics.BREATHS.name());
        for (ReplayStream stream : streams) {
            Recording recording = stream.recording();
            List<String> channels =
                    recording.channels().stream().map(RecordingChannel::name).toList();
            if (RespirationChannels.find(channels) < 0) {
                out.printf("  %s: no respiration channel%n", stream.streamId());
                continue;
            }
            List<Long> onsets = results.breathOnsets(stream.streamId());
            onsets.sort(null);
            out.printf("  %s: %d breaths%n", stream.streamId(), onsets.size());

            List<Long> reference = BreathMarks.of(recording, BidmcTrainingData.ANNOTATOR);
            double fs = recording.samplingFrequencyHz();
            double from =
                    metadata.timeSplit() == null ? 0 : metadata.timeSplit().trainingToSeconds();
            // Breaths of the last Δ plus the longest run are still held when the replay stops.
            double to =
                    replayedFrames(stream, summary, results) / fs
                            - metadata.delayMillis() / 1000.0
                            - 4 * BidmcTrainingData.HALF_WIDTH_SECONDS;
            if (!caughtUp && !onsets.isEmpty()) {
                to = Math.min(to, (onsets.get(onsets.size() - 1) + 1) / fs);
            }
            if (reference.isEmpty() || !(to > from)) {
                continue;
            }
            BreathScore score =
                    new BreathEvaluator(BreathEvaluator.DEFAULT_TOLERANCE_MILLIS, from, to)
                            .evaluate(
                                    List.of(
                                            new BreathScoreInput(
                                                    recording.name(), fs, reference, onsets)))
                            .total();
            out.printf(
                    Locale.ROOT,
                    "    against %s's marks from %.0f s (the model trained before it) to %.0f s:"
                            + " Se %.1f%%, +P %.1f%%, mean |error| %.2f samples at 125 Hz%n",
                    BidmcTrainingData.ANNOTATOR,
                    from,
                    to,
                    score.onsets().sensitivity(),
                    score.onsets().positivePredictivity(),
                    score.meanAbsoluteErrorSamples());
        }
    }

    private void printAnomalies(List<ReplayStream> streams, CommittedOutputs results) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Anomalous spans on %s (lead II):%n", Topics.ANOMALIES.name());
        for (ReplayStream stream : streams) {
            out.printf("  %s: %d%n", stream.streamId(), results.anomalyCount(stream.streamId()));
        }
    }

    private void printEvaluation(
            List<ReplayStream> streams,
            CommittedOutputs results,
            ReplaySummary summary,
            BeatDetector<?> detector,
            boolean caughtUp)
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
            for (CommittedOutputs.VisibleBeat visible : results.beats(stream.streamId())) {
                Beat beat = visible.beat();
                test.add(new BeatAnnotation(beat.getSampleIndex(), beat.getBeatClass().charAt(0)));
            }
            // The live stream never ends, so the detector cannot report the beats of its last
            // maxDelaySeconds. Scoring stops before them.
            double fs = recording.samplingFrequencyHz();
            long scoredEnd =
                    replayedFrames(stream, summary, results)
                            - (long) Math.ceil(detector.maxDelaySeconds() * fs);
            if (!caughtUp) {
                // Beats the job had not reported yet would count as missed; stop at the last one.
                scoredEnd = Math.min(scoredEnd, results.lastBeatSample(stream.streamId()) + 1);
            }
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
        if (!caughtUp) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "The job had not caught up with the replay %d s after it ended (the"
                                    + " machine is busy, or --speed is too high for it); each"
                                    + " record is scored up to its last reported beat.%n",
                            DRAIN_TIMEOUT.toSeconds());
        }
        spec.commandLine().getOut().println(new Ec57Evaluator(options).evaluate(inputs).toTable());
        if (detector instanceof LmuBeatDetector lmu) {
            for (RecordScoreInput input : inputs) {
                if (lmu.isTrainingRecord(input.record())) {
                    spec.commandLine()
                            .getOut()
                            .printf(
                                    "Record %s is a training record of the lmu beats model, so its"
                                            + " score is not a test result.%n",
                                    input.record());
                }
            }
        }
    }

    /** Frames of a stream that reached the broker: all, or those sent before the replay stopped. */
    private long replayedFrames(
            ReplayStream stream, ReplaySummary summary, CommittedOutputs results) {
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
