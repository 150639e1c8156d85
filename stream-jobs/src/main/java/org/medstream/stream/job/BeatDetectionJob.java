package org.medstream.stream.job;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.Beat;
import org.medstream.schemas.Breath;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.WaveSegment;
import org.medstream.stream.alarm.AlarmProfiles;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.anomalies.AnomalyScoringFunction;
import org.medstream.stream.beat.BeatDetectionFunction;
import org.medstream.stream.beat.BeatDetectionSettings;
import org.medstream.stream.beat.NoDataWatch;
import org.medstream.stream.breaths.BreathDetectionFunction;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.kafka.KafkaConnectors;
import org.medstream.stream.remote.BeatStitcher;
import org.medstream.stream.remote.BreathStitcher;
import org.medstream.stream.remote.RemoteModelSettings;
import org.medstream.stream.remote.RemoteModels;
import org.medstream.stream.remote.RemoteStitcher;
import org.medstream.stream.remote.WindowLeads;
import org.medstream.stream.validate.ChunkValidationFunction;
import org.medstream.stream.waves.WaveDelineationFunction;
import org.medstream.stream.webhook.WebhookDeliveryFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beat detection job: signal chunks in; beats, alerts, dead letters and, with a wave model,
 * wave segments, with a breaths model, breaths, and with an anomalies model, anomalous spans out.
 *
 * <pre>
 * source ─> validate-chunks ─┬─> detect-beats ─> beats (unless beats.remote is set)
 *                │           │        └─ alerts ─┬─> alerts
 *                │           │                   └─> deliver-webhook (when webhook.url is set)
 *                │           ├─> cut-beats-windows ─> infer-beats-remote ─> stitch-beats
 *                │           │       ─> beats, alerts (when beats.remote is set)
 *                │           ├─> watch-no-data ─> alerts (when beats.remote is set and the
 *                │           │       input is unbounded)
 *                │           ├─> delineate-waves ─> segments (when waves.model is set)
 *                │           ├─> cut-waves-windows ─> infer-waves-remote ─> stitch-waves
 *                │           │       ─> segments (when waves.remote is set)
 *                │           ├─> detect-breaths ─> breaths (when breaths.model is set)
 *                │           ├─> cut-breaths-windows ─> infer-breaths-remote ─> stitch-breaths
 *                │           │       ─> breaths (when breaths.remote is set)
 *                │           ├─> score-anomalies ─> anomalies (when anomalies.model is set)
 *                │           └─> cut-anomalies-windows ─> infer-anomalies-remote
 *                │                   ─> stitch-anomalies ─> anomalies (when anomalies.remote is set)
 *                └─ rejected chunks ─┬─ undecodable input ─┬─ failed deliveries ─> dead letters
 * </pre>
 *
 * <p>With {@code beats.remote}, {@code stitch-beats} evaluates the same alarm rules as {@code
 * detect-beats} on the served beats and on the chunk ends the windows carry (lead off, the asystole
 * hold, poor signal), and {@code watch-no-data} raises NO_DATA, which needs the chunks' arrival.
 * The alerts of every stitcher and of {@code watch-no-data} join the alerts stream.
 *
 * <p>Source and sinks are injected, so the same operators run on Kafka ({@link KafkaConnectors}),
 * on bounded test sources and in the {@code annotate} path. {@link #build} adds the operators and
 * returns their output streams; {@link #execute} also sets up checkpointing, attaches the sinks and
 * runs the job.
 */
public final class BeatDetectionJob {
    private static final Logger LOG = LoggerFactory.getLogger(BeatDetectionJob.class);
    private static final String JOB_NAME = "medstream beat detection";

    private final BeatDetectionJobConfig config;
    private final BeatDetector<?> detector;
    private final AlarmRules alarmRules;
    private final ChunkInput input;

    public BeatDetectionJob(
            BeatDetectionJobConfig config,
            BeatDetector<?> detector,
            AlarmRules alarmRules,
            ChunkInput input) {
        this.config = Objects.requireNonNull(config, "config");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.alarmRules = Objects.requireNonNull(alarmRules, "alarmRules");
        this.input = Objects.requireNonNull(input, "input");
    }

    /** Adds the job's operators to {@code env} and returns their outputs, without sinks. */
    public JobOutputs build(StreamExecutionEnvironment env) {
        env.setBufferTimeout(config.get(BeatDetectionJobConfig.BUFFER_TIMEOUT).toMillis());
        ChunkInput.Streams in = input.create(env, config);
        BeatDetectionSettings settings = config.settings();
        AlarmProfiles alarmProfiles = config.alarmProfiles(alarmRules);
        if (input.boundedness() == Boundedness.BOUNDED && settings.noDataAlertEnabled()) {
            LOG.info("Turning off NO_DATA alerts because the input is bounded");
            settings = settings.withNoDataTimeout(Duration.ZERO);
        }

        SingleOutputStreamOperator<SignalChunk> validChunks =
                in.chunks()
                        .keyBy(new StreamIdSelector())
                        .process(
                                new ChunkValidationFunction(
                                        config.get(BeatDetectionJobConfig.INPUT_TOPIC),
                                        settings.stateRetention()))
                        .name("validate-chunks")
                        .uid("validate-chunks");

        // The validation operator keeps the stream-id partitioning, so no second shuffle.
        KeyedStream<SignalChunk, String> keyedChunks =
                DataStreamUtils.reinterpretAsKeyedStream(validChunks, new StreamIdSelector());
        SingleOutputStreamOperator<Beat> beats;
        DataStream<Alert> alerts;
        DataStream<DeadLetter> beatDeadLetters;
        Optional<RemoteModelSettings> beatsRemote = config.beatsRemote();
        if (beatsRemote.isPresent()) {
            if (alarmProfiles.anyAgreement()) {
                throw new IllegalArgumentException(
                        "alarm.agreement is on for some streams, but beats.remote is set: model"
                                + " agreement runs a second detector on the samples in the job,"
                                + " which the remote beats path does not; turn alarm.agreement"
                                + " off or unset beats.remote");
            }
            RemoteModelSettings remote = beatsRemote.get();
            beats =
                    RemoteModels.beats(
                            keyedChunks,
                            remote,
                            new BeatStitcher(
                                    remote.modelName(),
                                    remote.inferUri().toString(),
                                    alarmProfiles,
                                    config.beatsRemoteReportDelay(),
                                    settings.heartRateBeats(),
                                    settings.stateRetention()),
                            settings.stateRetention());
            alerts = beats.getSideOutput(RemoteStitcher.ALERTS);
            beatDeadLetters = beats.getSideOutput(RemoteStitcher.DEAD_LETTERS);
            if (settings.noDataAlertEnabled()) {
                alerts =
                        alerts.union(
                                keyedChunks
                                        .process(
                                                new NoDataWatch(
                                                        settings, remote.modelName(), "remote"))
                                        .name(NoDataWatch.OPERATOR)
                                        .uid(NoDataWatch.OPERATOR));
            }
        } else {
            beats =
                    keyedChunks
                            .process(
                                    detectionFunction(
                                            detector,
                                            alarmProfiles,
                                            settings,
                                            alarmProfiles.anyAgreement()
                                                    ? agreementDetector(detector)
                                                    : null))
                            .name("detect-beats")
                            .uid("detect-beats");
            alerts = beats.getSideOutput(BeatDetectionFunction.ALERTS);
            beatDeadLetters = beats.getSideOutput(BeatDetectionFunction.DEAD_LETTERS);
        }

        SingleOutputStreamOperator<WaveSegment> waves = null;
        Optional<RemoteModelSettings> wavesRemote = config.wavesRemote();
        if (config.wavesModel().isPresent()) {
            waves =
                    keyedChunks
                            .process(
                                    WaveDelineationFunction.forModel(
                                            config.wavesModel().get(), settings.stateRetention()))
                            .name("delineate-waves")
                            .uid("delineate-waves");
        } else if (wavesRemote.isPresent()) {
            waves = RemoteModels.waves(keyedChunks, wavesRemote.get(), settings.stateRetention());
            alerts = alerts.union(waves.getSideOutput(RemoteStitcher.ALERTS));
        }

        SingleOutputStreamOperator<Breath> breaths = null;
        Optional<RemoteModelSettings> breathsRemote = config.breathsRemote();
        if (config.breathsModel().isPresent()) {
            breaths =
                    keyedChunks
                            .process(
                                    BreathDetectionFunction.forModel(
                                                    config.breathsModel().get(),
                                                    settings.stateRetention(),
                                                    config.get(
                                                            BeatDetectionJobConfig
                                                                    .BREATHS_INVERTED),
                                                    config.get(BeatDetectionJobConfig.APNEA))
                                            .withAlarmProfiles(alarmProfiles))
                            .name("detect-breaths")
                            .uid("detect-breaths");
        } else if (breathsRemote.isPresent()) {
            RemoteModelSettings remote = breathsRemote.get();
            breaths =
                    RemoteModels.breaths(
                            keyedChunks,
                            remote,
                            config.breathsRemoteWarmup(),
                            config.breathsRemoteLookAhead(),
                            WindowLeads.respiration(
                                    config.get(BeatDetectionJobConfig.BREATHS_INVERTED),
                                    config.breathsRemoteCovariates()),
                            new BreathStitcher(
                                            remote.modelName(),
                                            remote.inferUri().toString(),
                                            config.get(BeatDetectionJobConfig.APNEA),
                                            config.breathsRemoteLookAhead(),
                                            settings.stateRetention())
                                    .withAlarmProfiles(alarmProfiles),
                            settings.stateRetention());
        }

        SingleOutputStreamOperator<Anomaly> anomalies = null;
        Optional<RemoteModelSettings> anomaliesRemote = config.anomaliesRemote();
        if (config.anomaliesModel().isPresent()) {
            anomalies =
                    keyedChunks
                            .process(
                                    AnomalyScoringFunction.forModel(
                                            config.anomaliesModel().get(),
                                            settings.stateRetention()))
                            .name(AnomalyScoringFunction.OPERATOR)
                            .uid(AnomalyScoringFunction.OPERATOR);
        } else if (anomaliesRemote.isPresent()) {
            anomalies =
                    RemoteModels.anomalies(
                            keyedChunks, anomaliesRemote.get(), settings.stateRetention());
            alerts = alerts.union(anomalies.getSideOutput(RemoteStitcher.ALERTS));
        }

        DataStream<DeadLetter> deadLetters =
                validChunks
                        .getSideOutput(ChunkValidationFunction.DEAD_LETTERS)
                        .union(beatDeadLetters);
        Optional<DataStream<WaveSegment>> segments = Optional.empty();
        if (waves != null) {
            deadLetters =
                    deadLetters.union(
                            waves.getSideOutput(
                                    wavesRemote.isPresent()
                                            ? RemoteStitcher.DEAD_LETTERS
                                            : WaveDelineationFunction.DEAD_LETTERS));
            segments = Optional.of(waves);
        }
        Optional<DataStream<Breath>> breathEvents = Optional.empty();
        if (breaths != null) {
            boolean remote = breathsRemote.isPresent();
            deadLetters =
                    deadLetters.union(
                            breaths.getSideOutput(
                                    remote
                                            ? RemoteStitcher.DEAD_LETTERS
                                            : BreathDetectionFunction.DEAD_LETTERS));
            breathEvents = Optional.of(breaths);
            alerts =
                    alerts.union(
                            breaths.getSideOutput(
                                    remote
                                            ? RemoteStitcher.ALERTS
                                            : BreathDetectionFunction.ALERTS));
        }
        Optional<DataStream<Anomaly>> anomalySpans = Optional.empty();
        if (anomalies != null) {
            deadLetters =
                    deadLetters.union(
                            anomalies.getSideOutput(
                                    anomaliesRemote.isPresent()
                                            ? RemoteStitcher.DEAD_LETTERS
                                            : AnomalyScoringFunction.DEAD_LETTERS));
            anomalySpans = Optional.of(anomalies);
        }
        if (in.deadLetters() != null) {
            deadLetters = deadLetters.union(in.deadLetters());
        }
        Optional<DataStream<AlertDelivery>> deliveries = Optional.empty();
        if (config.webhookUrl().isPresent()) {
            // Keyed by stream, so all phases of a stream's alerts reach one delivery instance in
            // the order they were raised, whatever the operators' parallelism.
            SingleOutputStreamOperator<AlertDelivery> delivered =
                    alerts.keyBy(WebhookDeliveryFunction.byStream())
                            .process(
                                    new WebhookDeliveryFunction(
                                            config.webhookUrl().get(), config.webhookSettings()))
                            .name("deliver-webhook")
                            .uid("deliver-webhook")
                            // Its own task thread: a slow receiver must not stall detection.
                            .disableChaining();
            deadLetters =
                    deadLetters.union(
                            delivered.getSideOutput(WebhookDeliveryFunction.DEAD_LETTERS));
            deliveries = Optional.of(delivered);
        }
        return new JobOutputs(
                beats, alerts, deadLetters, segments, breathEvents, anomalySpans, deliveries);
    }

    /** Builds the job, attaches {@code sinks}, enables checkpointing and runs it to the end. */
    public JobExecutionResult execute(StreamExecutionEnvironment env, JobSinks sinks)
            throws Exception {
        attach(env, sinks);
        return env.execute(JOB_NAME);
    }

    /**
     * Builds the job, attaches {@code sinks}, enables checkpointing and submits it without waiting;
     * the returned client cancels it.
     */
    public JobClient executeAsync(StreamExecutionEnvironment env, JobSinks sinks) throws Exception {
        attach(env, sinks);
        return env.executeAsync(JOB_NAME);
    }

    private void attach(StreamExecutionEnvironment env, JobSinks sinks) {
        env.enableCheckpointing(
                config.get(BeatDetectionJobConfig.CHECKPOINT_INTERVAL).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        JobOutputs outputs = build(env);
        outputs.beats().sinkTo(sinks.beats()).name("beats-sink").uid("beats-sink");
        outputs.alerts().sinkTo(sinks.alerts()).name("alerts-sink").uid("alerts-sink");
        outputs.deadLetters()
                .sinkTo(sinks.deadLetters())
                .name("dead-letters-sink")
                .uid("dead-letters-sink");
        attachOptional(
                outputs.segments(),
                sinks.segments(),
                config.wavesRemote().isPresent()
                        ? BeatDetectionJobConfig.WAVES_REMOTE
                        : BeatDetectionJobConfig.WAVES_MODEL,
                "segments");
        attachOptional(
                outputs.breaths(),
                sinks.breaths(),
                config.breathsRemote().isPresent()
                        ? BeatDetectionJobConfig.BREATHS_REMOTE
                        : BeatDetectionJobConfig.BREATHS_MODEL,
                "breaths");
        attachOptional(
                outputs.anomalies(),
                sinks.anomalies(),
                config.anomaliesRemote().isPresent()
                        ? BeatDetectionJobConfig.ANOMALIES_REMOTE
                        : BeatDetectionJobConfig.ANOMALIES_MODEL,
                "anomalies");
        // Delivery statuses are an audit record and webhook.url does not require them, so a job
        // whose sinks have no place for them still delivers alerts.
        if (sinks.deliveries() != null) {
            attachOptional(
                    outputs.deliveries(),
                    sinks.deliveries(),
                    BeatDetectionJobConfig.WEBHOOK_URL,
                    "deliveries");
        }

        LOG.info(
                "Starting beat detection job detector={}/{} beatsRemote={} webhook={} wavesModel={}"
                        + " wavesRemote={} breathsModel={} breathsRemote={} anomaliesModel={}"
                        + " anomaliesRemote={}",
                detector.name(),
                detector.version(),
                config.beatsRemote().map(remote -> remote.inferUri().toString()).orElse("off"),
                config.webhookUrl().isPresent() ? "on" : "off",
                config.wavesModel().orElse("off"),
                config.wavesRemote().map(remote -> remote.inferUri().toString()).orElse("off"),
                config.breathsModel().orElse("off"),
                config.breathsRemote().map(remote -> remote.inferUri().toString()).orElse("off"),
                config.anomaliesModel().orElse("off"),
                config.anomaliesRemote().map(remote -> remote.inferUri().toString()).orElse("off"));
    }

    /**
     * Attaches {@code sink} to an output that {@code option} (a model directory) turns on.
     *
     * @throws IllegalArgumentException when the output is on but there is no sink for it
     */
    private <E> void attachOptional(
            Optional<DataStream<E>> output,
            Sink<E> sink,
            ConfigOption<String> option,
            String name) {
        if (output.isEmpty()) {
            return;
        }
        if (sink == null) {
            throw new IllegalArgumentException(
                    option.key()
                            + " is set to "
                            + config.get(option)
                            + " but the job's sinks have no "
                            + name
                            + " sink; pass one in JobSinks or leave "
                            + option.key()
                            + " unset");
        }
        output.get().sinkTo(sink).name(name + "-sink").uid(name + "-sink");
    }

    private static <S> BeatDetectionFunction<S> detectionFunction(
            BeatDetector<S> detector,
            AlarmProfiles alarmProfiles,
            BeatDetectionSettings settings,
            BeatDetector<?> agreementDetector) {
        return new BeatDetectionFunction<>(detector, alarmProfiles, settings, agreementDetector);
    }

    /**
     * Runs the job on Kafka: {@code --bootstrap-servers host:port} plus any option of {@link
     * BeatDetectionJobConfig}; {@code --help} prints them.
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("Options of the medstream beat detection job:");
            System.out.print(BeatDetectionJobConfig.help());
            return;
        }
        runOnKafka(
                BeatDetectionJobConfig.fromArgs(args),
                StreamExecutionEnvironment.getExecutionEnvironment());
    }

    /**
     * Runs the job between the Kafka topics on {@code env}: a cluster's environment, or for a local
     * run {@link LocalEnvironments#loopback}, which keeps Flink off the wildcard address.
     */
    public static JobExecutionResult runOnKafka(
            BeatDetectionJobConfig config, StreamExecutionEnvironment env) throws Exception {
        return onKafka(config).execute(env, KafkaConnectors.sinks(config));
    }

    /**
     * Returns the detector that checks the alarms of {@code detector} under model agreement: the
     * one {@code agreement.detector} names, or by default the detector of the other kind.
     */
    private BeatDetector<?> agreementDetector(BeatDetector<?> detector) {
        return config.agreementDetector()
                .map(BeatDetectionJobConfig.DetectorChoice::create)
                .orElseGet(() -> DetectorCatalog.agreementFor(detector));
    }

    /** Creates the job reading the Kafka input topic of {@code config}, with the default rules. */
    public static BeatDetectionJob onKafka(BeatDetectionJobConfig config) {
        BeatDetector<?> detector =
                DetectorCatalog.of(
                        config.get(BeatDetectionJobConfig.DETECTOR),
                        config.detectorModelDirectory().orElse(null));
        return new BeatDetectionJob(
                config, detector, AlarmRules.defaults(), KafkaConnectors.input(config));
    }
}
