package org.medstream.stream.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medstream.stream.remote.ServedJobs.address;
import static org.medstream.stream.remote.ServedJobs.bytes;
import static org.medstream.stream.remote.ServedJobs.environment;
import static org.medstream.stream.remote.ServedJobs.job;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.replay.Chunker;
import org.medstream.model.serve.ModelServer;
import org.medstream.model.serve.http.AvroCodec;
import org.medstream.model.serve.http.InferenceRequest;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Breath;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.JobSinks;
import org.medstream.stream.job.LocalEnvironments;

/**
 * The beat detection job with {@code breaths.remote} on a MiniCluster against a real {@link
 * ModelServer} on 127.0.0.1 serving {@code models/lmu-breaths}, on the bundled BIDMC record 01 (its
 * first 300 s, RESP at 125 Hz): the remote path writes the same breaths as the in-process operator,
 * with the same intervals and apnea alerts, and loses no breath when the server restarts
 * mid-stream.
 *
 * <p>The model was trained on the first 240 s of this record. These tests compare two ways of
 * running one model and score nothing, so the training data does not bias them.
 */
class RemoteBreathsJobIT {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(LocalEnvironments.loopbackConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    static final Path MODEL = DATA.resolveSibling("models").resolve("lmu-breaths");
    private static final Path RECORD = DATA.resolve("bidmc").resolve("bidmc_01_Signals.csv");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** Short enough that the record's pauses raise some, so the apnea rule is compared too. */
    private static final Duration APNEA = Duration.ofSeconds(3);

    private final CollectingSink<Breath> breaths = new CollectingSink<>("breaths");
    private final CollectingSink<DeadLetter> deadLetters = new CollectingSink<>("dead-letters");
    private final CollectingSink<Alert> alerts = new CollectingSink<>("alerts");

    @BeforeEach
    void clear() {
        breaths.clear();
        deadLetters.clear();
        alerts.clear();
    }

    /**
     * Exact equality of onsets, intervals and apnea alerts, with the default windows (8 s span, 60
     * s warm-up, 2 s look-ahead). On this record a warm-up of 45 s already gives equal breaths,
     * while 30 s changes the onset or interval of 12 of the 107 breaths, so the warm-up decides
     * equality. The run with 10 s checks that this test detects the difference.
     */
    @Test
    void remoteBreathsEqualInProcess() throws Exception {
        List<SignalChunk> chunks = chunks(1, 300);
        Set<String> inProcess = inProcess(chunks, false);
        Set<String> inProcessApnea = apneaKeys(alerts.received());
        clear();

        try (ModelServer server = startServer(0)) {
            run(chunks, remoteConfig(server.port()));
            Set<String> remote = keys(breaths.received());
            Set<String> remoteApnea = apneaKeys(alerts.received());
            System.out.printf(
                    "BIDMC 01 (300 s) default windows: %d breaths in process, %d remote; %d apnea"
                            + " alert records in process, %d remote%n",
                    inProcess.size(), remote.size(), inProcessApnea.size(), remoteApnea.size());

            assertThat(inProcess).hasSizeGreaterThan(100);
            assertThat(remote).isEqualTo(inProcess);
            assertThat(inProcessApnea).hasSizeGreaterThan(4);
            assertThat(remoteApnea).isEqualTo(inProcessApnea);
            assertThat(deadLetters.received()).isEmpty();
            assertThat(alerts.received())
                    .filteredOn(alert -> alert.getType() == AlertType.MODEL_UNAVAILABLE)
                    .isEmpty();
            clear();

            run(
                    chunks,
                    remoteConfig(server.port())
                            .with(
                                    BeatDetectionJobConfig.BREATHS_REMOTE_WARMUP,
                                    Duration.ofSeconds(10)));
            Set<String> shortWarmup = keys(breaths.received());
            shortWarmup.removeAll(inProcess);
            System.out.printf(
                    "BIDMC 01 (300 s) 10 s warm-up: %d of %d breaths differ%n",
                    shortWarmup.size(), inProcess.size());
            assertThat(shortWarmup).isNotEmpty();
        }
    }

    /** {@code breaths.inverted} negates the samples the server gets, as it does in process. */
    @Test
    void invertedRemoteEqualsInProcess() throws Exception {
        List<SignalChunk> chunks = chunks(1, 180);
        Set<String> inProcess = inProcess(chunks, true);
        clear();

        try (ModelServer server = startServer(0)) {
            run(
                    chunks,
                    remoteConfig(server.port())
                            .with(BeatDetectionJobConfig.BREATHS_INVERTED, true));
        }

        Set<String> remote = keys(breaths.received());
        assertThat(inProcess).hasSizeGreaterThan(30);
        assertThat(remote).isEqualTo(inProcess);
        assertThat(remote).isNotEqualTo(inProcessKeysUpright(chunks));
    }

    @Test
    void serverRestartLosesNoBreath() throws Exception {
        List<SignalChunk> chunks = chunks(4, 300);
        Set<String> inProcess = inProcess(chunks, false);
        Set<String> inProcessApnea = apneaKeys(alerts.received());
        clear();
        BeatDetectionJobConfig config = ServedJobs.outlastingRestarts(remoteConfig(0));

        ServedJobs.Restart restart =
                ServedJobs.restartMidRun(
                        MODEL,
                        "lmu-breaths",
                        address ->
                                submit(
                                        chunks,
                                        config.with(
                                                BeatDetectionJobConfig.BREATHS_REMOTE, address)));

        double respondedBeforeStop = restart.respondedBeforeStop();
        double respondedAfterRestart = restart.respondedAfterRestart();

        Set<String> remote = keys(breaths.received());
        // 300 s in 8 s spans with 2 s look-ahead: 37 full windows per stream and the last one.
        long windows = 4 * 38;
        System.out.printf(
                "Restart: %.0f windows served before the stop, %.0f after the restart, %d"
                        + " breaths in process, %d remote%n",
                respondedBeforeStop, respondedAfterRestart, inProcess.size(), remote.size());
        restart.assertEveryWindowServedOnce(windows);
        assertThat(remote).isEqualTo(inProcess);
        assertThat(apneaKeys(alerts.received())).isEqualTo(inProcessApnea);
        assertThat(deadLetters.received()).isEmpty();
        assertThat(alerts.received())
                .filteredOn(alert -> alert.getType() == AlertType.MODEL_UNAVAILABLE)
                .isEmpty();
    }

    /**
     * With nothing listening, every window becomes a dead letter, the stream gets one
     * MODEL_UNAVAILABLE alert and no APNEA alert, because a window without a response stops the
     * apnea rule instead of counting as a pause.
     */
    @Test
    void longOutageRaisesNoApnea() throws Exception {
        List<SignalChunk> chunks = chunks(1, 60);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        BeatDetectionJobConfig config =
                remoteConfig(port)
                        .with(BeatDetectionJobConfig.MODEL_SERVER_MAX_ATTEMPTS, 3)
                        .with(
                                BeatDetectionJobConfig.MODEL_SERVER_INITIAL_BACKOFF,
                                Duration.ofMillis(20))
                        .with(
                                BeatDetectionJobConfig.MODEL_SERVER_MAX_BACKOFF,
                                Duration.ofMillis(100));

        run(chunks, config);

        // 60 s in 8 s spans: seven full windows and the last one.
        List<DeadLetter> letters = List.copyOf(deadLetters.received());
        assertThat(breaths.received()).isEmpty();
        assertThat(letters).hasSize(8);
        for (DeadLetter letter : letters) {
            assertThat(letter.getSource()).isEqualTo(BreathStitcher.OPERATOR);
            assertThat(letter.getMessage())
                    .startsWith("Model unavailable: stream bidmc-01-0")
                    .contains("lmu-breaths", "no response after 3 attempts", "No breath events");
            InferenceRequest request =
                    new AvroCodec().readRequest(bytes(letter.getOriginalBytes()));
            assertThat(request.windows().get(0).leads()).containsExactly("RESP");
        }
        assertThat(alerts.received())
                .extracting(Alert::getType)
                .containsExactly(AlertType.MODEL_UNAVAILABLE);
    }

    private Set<String> inProcessKeysUpright(List<SignalChunk> chunks) throws Exception {
        run(
                chunks,
                BeatDetectionJobConfig.defaults()
                        .with(BeatDetectionJobConfig.BREATHS_MODEL, MODEL.toString()));
        Set<String> keys = keys(breaths.received());
        clear();
        return keys;
    }

    /** Keys of the in-process operator's breaths for {@code chunks}; leaves the alerts. */
    private Set<String> inProcess(List<SignalChunk> chunks, boolean inverted) throws Exception {
        run(
                chunks,
                BeatDetectionJobConfig.defaults()
                        .with(BeatDetectionJobConfig.BREATHS_MODEL, MODEL.toString())
                        .with(BeatDetectionJobConfig.BREATHS_INVERTED, inverted)
                        .with(BeatDetectionJobConfig.APNEA, APNEA));
        Set<String> keys = keys(breaths.received());
        breaths.clear();
        return keys;
    }

    private static BeatDetectionJobConfig remoteConfig(int port) {
        return BeatDetectionJobConfig.defaults()
                .with(BeatDetectionJobConfig.BREATHS_REMOTE, address(port))
                .with(BeatDetectionJobConfig.APNEA, APNEA);
    }

    private void run(List<SignalChunk> chunks, BeatDetectionJobConfig config) throws Exception {
        job(chunks, config).execute(environment(), sinks());
    }

    private JobClient submit(List<SignalChunk> chunks, BeatDetectionJobConfig config)
            throws Exception {
        return job(chunks, config).executeAsync(environment(), sinks());
    }

    private JobSinks sinks() {
        return new JobSinks(new DiscardingSink<>(), alerts, deadLetters, null, breaths, null);
    }

    /** Chunks of the first {@code seconds} of BIDMC 01, {@code copies} times as its own stream. */
    static List<SignalChunk> chunks(int copies, int seconds) throws Exception {
        Recording recording = RecordingFiles.open(RECORD);
        long frames = Math.round(seconds * recording.samplingFrequencyHz());
        List<SignalChunk> chunks = new ArrayList<>();
        for (int copy = 0; copy < copies; copy++) {
            new Chunker(recording, "bidmc-01-" + copy, START, 31, frames)
                    .forEachRemaining(chunks::add);
        }
        return chunks;
    }

    /** Returns stream, channel, onset and interval of each breath, one line each. */
    static Set<String> keys(Iterable<Breath> received) {
        Set<String> keys = new TreeSet<>();
        for (Breath breath : received) {
            keys.add(
                    breath.getStreamId()
                            + " "
                            + breath.getChannel()
                            + " "
                            + breath.getOnsetSampleIndex()
                            + " "
                            + breath.getBreathIntervalMillis());
        }
        return keys;
    }

    /** Returns stream, phase, onset and sample index of each APNEA alert, one line each. */
    static Set<String> apneaKeys(Iterable<Alert> received) {
        Set<String> keys = new TreeSet<>();
        for (Alert alert : received) {
            if (alert.getType() == AlertType.APNEA) {
                keys.add(
                        alert.getStreamId()
                                + " "
                                + alert.getPhase()
                                + " "
                                + alert.getOnsetSampleIndex()
                                + " "
                                + alert.getSampleIndex());
            }
        }
        return keys;
    }

    static ModelServer startServer(int port) throws Exception {
        return ServedJobs.startServer(MODEL, port);
    }
}
