package org.medstream.stream.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.model.serve.ModelServer;
import org.medstream.model.serve.http.AvroCodec;
import org.medstream.model.serve.http.InferenceRequest;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Beat;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.detect.LmuBeatDetector;
import org.medstream.stream.job.BeatDetectionJob;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.ChunkInput;
import org.medstream.stream.job.JobSinks;
import org.medstream.stream.job.LocalEnvironments;

/**
 * The beat detection job with {@code beats.remote} on a MiniCluster against a real {@link
 * ModelServer} on 127.0.0.1 serving {@code models/lmu-beats}, on the bundled MIT-BIH record 208
 * (the model's validation record; 360 Hz, the model's rate): the remote path writes the same beats,
 * classes, RR intervals and alerts as the in-process LMU detector with the same model, loses no
 * window when the server restarts mid-stream, and turns an outage into dead letters and one
 * MODEL_UNAVAILABLE alert per stream.
 *
 * <p>Besides the record as it is, two copies are changed so that the chunk-end alarms run: one with
 * 7 s of flat line (lead off and the asystole hold), one with 7 s at a hundredth of its amplitude,
 * where the model finds no beats (asystole). These tests compare two ways of running one model and
 * score nothing.
 */
class RemoteBeatsJobIT {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(LocalEnvironments.loopbackConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    static final Path MODEL = DATA.resolveSibling("models").resolve("lmu-beats");
    private static final Path RECORD = DATA.resolve("mitdb").resolve("208");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int HZ = 360;
    private static final int CHUNK_FRAMES = 90;

    private final CollectingSink<Beat> beats = new CollectingSink<>("beats");
    private final CollectingSink<DeadLetter> deadLetters = new CollectingSink<>("dead-letters");
    private final CollectingSink<Alert> alerts = new CollectingSink<>("alerts");

    @BeforeEach
    void clear() {
        beats.clear();
        deadLetters.clear();
        alerts.clear();
    }

    /**
     * Exact equality of beats (index, class, RR interval, heart rate) and of alert records (type,
     * phase, priority, onset, confirmation, rate) with the default windows (8 s span, 1 s overlap).
     * A run with 0.1 s of overlap checks that the comparison detects the difference the warm-up
     * makes.
     */
    @Test
    void remoteBeatsEqualInProcess() throws Exception {
        List<SignalChunk> chunks = new ArrayList<>();
        chunks.addAll(chunks("mitdb-208", 180, Change.NONE));
        chunks.addAll(chunks("mitdb-208-flat", 180, Change.FLAT));
        chunks.addAll(chunks("mitdb-208-quiet", 180, Change.QUIET));

        runInProcess(chunks);
        Set<String> inProcess = beatKeys(beats.received());
        Set<String> inProcessAlerts = alertKeys(alerts.received());
        clear();

        try (ModelServer server = startServer(0)) {
            run(chunks, remoteConfig(server.port()));
            Set<String> remote = beatKeys(beats.received());
            Set<String> remoteAlerts = alertKeys(alerts.received());
            System.out.printf(
                    "MIT-BIH 208 (3 streams of 180 s) default windows: %d beats in process, %d"
                            + " remote; alert records by type in process %s, remote %s%n",
                    inProcess.size(),
                    remote.size(),
                    countByType(inProcessAlerts),
                    countByType(remoteAlerts));

            assertThat(inProcess).hasSizeGreaterThan(500);
            assertThat(remote).isEqualTo(inProcess);
            assertThat(countByType(inProcessAlerts))
                    .containsKeys(
                            AlertType.LEAD_OFF.name(),
                            AlertType.ASYSTOLE.name(),
                            AlertType.VENTRICULAR_TACHYCARDIA.name());
            assertThat(remoteAlerts).isEqualTo(inProcessAlerts);
            assertThat(deadLetters.received()).isEmpty();
            assertThat(alerts.received())
                    .allSatisfy(
                            alert -> {
                                assertThat(alert.getType())
                                        .isNotEqualTo(AlertType.MODEL_UNAVAILABLE);
                                assertThat(alert.getDetectorName()).isEqualTo("lmu-beats");
                            });
            assertThat(beats.received())
                    .allSatisfy(beat -> assertThat(beat.getDetectorName()).isEqualTo("lmu-beats"));
            clear();

            run(
                    chunks,
                    remoteConfig(server.port())
                            .with(
                                    BeatDetectionJobConfig.MODEL_SERVER_OVERLAP,
                                    Duration.ofMillis(100)));
            Set<String> shortOverlap = beatKeys(beats.received());
            shortOverlap.removeAll(inProcess);
            System.out.printf(
                    "MIT-BIH 208 0.1 s overlap: %d of %d beats differ%n",
                    shortOverlap.size(), inProcess.size());
            assertThat(shortOverlap).isNotEmpty();
        }
    }

    @Test
    void serverRestartLosesNoBeat() throws Exception {
        List<SignalChunk> chunks = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            chunks.addAll(chunks("mitdb-208-" + copy, 180, Change.QUIET));
        }
        runInProcess(chunks);
        Set<String> inProcess = beatKeys(beats.received());
        Set<String> inProcessAlerts = alertKeys(alerts.received());
        clear();
        BeatDetectionJobConfig config = ServedJobs.outlastingRestarts(remoteConfig(0));

        ServedJobs.Restart restart =
                ServedJobs.restartMidRun(
                        MODEL,
                        "lmu-beats",
                        address ->
                                submit(
                                        chunks,
                                        config.with(BeatDetectionJobConfig.BEATS_REMOTE, address)));

        double respondedBeforeStop = restart.respondedBeforeStop();
        double respondedAfterRestart = restart.respondedAfterRestart();

        Set<String> remote = beatKeys(beats.received());
        long windows = 3 * windowsPerStream(180);
        System.out.printf(
                "Restart: %.0f windows served before the stop, %.0f after the restart, %d beats"
                        + " in process, %d remote%n",
                respondedBeforeStop, respondedAfterRestart, inProcess.size(), remote.size());
        restart.assertEveryWindowServedOnce(windows);
        assertThat(remote).isEqualTo(inProcess);
        assertThat(alertKeys(alerts.received())).isEqualTo(inProcessAlerts);
        assertThat(deadLetters.received()).isEmpty();
        assertThat(alerts.received())
                .filteredOn(alert -> alert.getType() == AlertType.MODEL_UNAVAILABLE)
                .isEmpty();
    }

    /**
     * With nothing listening, every window becomes a dead letter and the stream gets one
     * MODEL_UNAVAILABLE alert and no other: a window without a response stops the alarm rules
     * instead of counting as a pause, so no asystole is raised.
     */
    @Test
    void outageGivesDeadLettersAndOneAlert() throws Exception {
        List<SignalChunk> chunks = chunks("mitdb-208", 60, Change.NONE);
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

        List<DeadLetter> letters = List.copyOf(deadLetters.received());
        assertThat(beats.received()).isEmpty();
        assertThat(letters).hasSize((int) windowsPerStream(60));
        for (DeadLetter letter : letters) {
            assertThat(letter.getSource()).isEqualTo(BeatStitcher.OPERATOR);
            assertThat(letter.getMessage())
                    .startsWith("Model unavailable: stream mitdb-208")
                    .contains("lmu-beats", "no response after 3 attempts", "No beat events");
            InferenceRequest request =
                    new AvroCodec().readRequest(bytes(letter.getOriginalBytes()));
            assertThat(request.windows().get(0).leads()).containsExactly("ii");
        }
        assertThat(alerts.received())
                .extracting(Alert::getType)
                .containsExactly(AlertType.MODEL_UNAVAILABLE);
    }

    /**
     * Model agreement runs a second detector on the samples in the job, which remote beats lack.
     */
    @Test
    void agreementRejected() {
        BeatDetectionJobConfig config =
                remoteConfig(9).with(BeatDetectionJobConfig.ALARM_AGREEMENT, "on");
        BeatDetectionJob job = job(List.of(), config);

        assertThatThrownBy(() -> job.build(StreamExecutionEnvironment.getExecutionEnvironment()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "alarm.agreement is on for some streams, but beats.remote is set");
    }

    /**
     * Windows of one stream of {@code seconds}: full 8 s spans 1 s before the end, and the last.
     */
    private static long windowsPerStream(int seconds) {
        return (seconds * HZ - HZ) / (8 * HZ) + 1;
    }

    private void runInProcess(List<SignalChunk> chunks) throws Exception {
        new BeatDetectionJob(
                        inProcessConfig(),
                        new LmuBeatDetector(MODEL),
                        AlarmRules.defaults(),
                        ChunkInput.fromCollection(chunks, "recordings"))
                .execute(environment(), sinks());
    }

    /**
     * The suppressor is off on both paths, because the remote path has no other lead. Runs of two
     * ventricular beats at any rate raise ventricular tachycardia, so that the record's couplets
     * compare the beat classes' alarm too.
     */
    private static BeatDetectionJobConfig inProcessConfig() {
        return BeatDetectionJobConfig.defaults()
                .with(BeatDetectionJobConfig.ALARM_SUPPRESSOR, "off")
                .with(BeatDetectionJobConfig.ALARM_VENTRICULAR_BEATS, 2)
                .with(BeatDetectionJobConfig.ALARM_VENTRICULAR_BPM, 30.0);
    }

    private static BeatDetectionJobConfig remoteConfig(int port) {
        return inProcessConfig().with(BeatDetectionJobConfig.BEATS_REMOTE, address(port));
    }

    private void run(List<SignalChunk> chunks, BeatDetectionJobConfig config) throws Exception {
        job(chunks, config).execute(environment(), sinks());
    }

    private JobClient submit(List<SignalChunk> chunks, BeatDetectionJobConfig config)
            throws Exception {
        return job(chunks, config).executeAsync(environment(), sinks());
    }

    private JobSinks sinks() {
        return new JobSinks(beats, alerts, deadLetters, null, null, null);
    }

    /** How a copy of the record is changed. */
    private enum Change {
        NONE,
        /** Samples 60 s to 67 s of every channel set to 40 ADC units above the baseline. */
        FLAT,
        /** Samples 100 s to 107 s of every channel scaled to a hundredth about the baseline. */
        QUIET
    }

    /** Chunks of the first {@code seconds} of MIT-BIH 208 as stream {@code streamId}. */
    static List<SignalChunk> chunks(String streamId, int seconds, Change change) throws Exception {
        WfdbRecord record = WfdbRecord.read(RECORD);
        List<SignalChunk> chunks = new ArrayList<>();
        new Chunker(record, streamId, START, CHUNK_FRAMES, (long) seconds * HZ)
                .forEachRemaining(chunks::add);
        for (SignalChunk chunk : chunks) {
            change(chunk, change);
        }
        return chunks;
    }

    private static void change(SignalChunk chunk, Change change) {
        if (change == Change.NONE) {
            return;
        }
        long from = (change == Change.FLAT ? 60L : 100L) * HZ;
        long to = from + 7L * HZ;
        DigitalSamples samples = (DigitalSamples) chunk.getSamples();
        List<Integer> values = samples.getValues();
        int channels = chunk.getChannelNames().size();
        for (int frame = 0; frame < chunk.getFrameCount(); frame++) {
            long index = chunk.getFirstSampleIndex() + frame;
            if (index < from || index >= to) {
                continue;
            }
            for (int channel = 0; channel < channels; channel++) {
                int at = frame * channels + channel;
                int baseline = samples.getBaseline().get(channel);
                int value = values.get(at);
                values.set(
                        at,
                        change == Change.FLAT
                                ? baseline + 40
                                : baseline + Math.round((value - baseline) / 100f));
            }
        }
    }

    /** Returns stream, index, class, RR interval and heart rate of each beat, one line each. */
    static Set<String> beatKeys(Iterable<Beat> received) {
        Set<String> keys = new TreeSet<>();
        for (Beat beat : received) {
            keys.add(
                    beat.getStreamId()
                            + " "
                            + beat.getSampleIndex()
                            + " "
                            + beat.getBeatClass()
                            + " "
                            + beat.getRrIntervalMillis()
                            + " "
                            + beat.getHeartRateBpm());
        }
        return keys;
    }

    /**
     * Returns stream, type, phase, sequence, priority, onset, confirmation and rate of each alert,
     * one line each; messages and times of emission differ between the paths.
     */
    static Set<String> alertKeys(Iterable<Alert> received) {
        Set<String> keys = new TreeSet<>();
        for (Alert alert : received) {
            keys.add(
                    alert.getStreamId()
                            + " "
                            + alert.getType()
                            + " "
                            + alert.getPhase()
                            + " "
                            + alert.getSequence()
                            + " "
                            + alert.getPriority()
                            + " "
                            + alert.getOnsetSampleIndex()
                            + " "
                            + alert.getSampleIndex()
                            + " "
                            + alert.getHeartRateBpm());
        }
        return keys;
    }

    private static TreeMap<String, Integer> countByType(Set<String> alertKeys) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (String key : alertKeys) {
            counts.merge(key.split(" ")[1], 1, Integer::sum);
        }
        return counts;
    }

    static ModelServer startServer(int port) throws Exception {
        return ServedJobs.startServer(MODEL, port);
    }
}
