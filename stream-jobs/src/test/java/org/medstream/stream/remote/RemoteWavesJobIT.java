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
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.model.serve.ModelServer;
import org.medstream.model.serve.http.AvroCodec;
import org.medstream.model.serve.http.InferenceRequest;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertCategory;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.WaveSegment;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.JobSinks;
import org.medstream.stream.job.LocalEnvironments;

/**
 * The beat detection job with {@code waves.remote} on a MiniCluster against a real {@link
 * ModelServer} on 127.0.0.1 serving {@code models/lmu-waves}, on the bundled LUDB records (10 s,
 * twelve leads at 500 Hz) and MIT-BIH record 100 (60 s at 360 Hz, resampled by the server): the
 * remote path writes the same wave segments as the in-process operator, loses no window when the
 * server restarts mid-stream, and turns a longer outage into dead letters and one MODEL_UNAVAILABLE
 * alert per stream.
 */
class RemoteWavesJobIT {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(LocalEnvironments.loopbackConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    static final Path MODEL = DATA.resolveSibling("models").resolve("lmu-waves");
    private static final List<String> RECORDS = List.of("1", "2", "3");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** Window and overlap pairs: the most joins at the least overlap, and the defaults. */
    private static final Duration[][] WINDOWINGS = {
        {Duration.ofSeconds(1), Duration.ofMillis(700)},
        {
            BeatDetectionJobConfig.MODEL_SERVER_WINDOW.defaultValue(),
            BeatDetectionJobConfig.MODEL_SERVER_OVERLAP.defaultValue()
        }
    };

    private final CollectingSink<WaveSegment> segments = new CollectingSink<>("segments");
    private final CollectingSink<DeadLetter> deadLetters = new CollectingSink<>("dead-letters");
    private final CollectingSink<Alert> alerts = new CollectingSink<>("alerts");

    @BeforeEach
    void clear() {
        segments.clear();
        deadLetters.clear();
        alerts.clear();
    }

    /**
     * Exact equality, no tolerance. On these records with 1 s windows, an overlap of 0.7 s (θ + Δ
     * of lmu-waves) gives the same segments, and 0.4 s changes 2 of 1075. With 0.5 s windows and
     * 0.2 s overlap about 300 differ, so the warm-up decides equality, not float rounding.
     */
    @Test
    void remoteSegmentsEqualInProcess() throws Exception {
        List<SignalChunk> chunks = chunks(1);
        Set<String> inProcess = inProcess(chunks);

        try (ModelServer server = startServer(0)) {
            for (Duration[] windowing : WINDOWINGS) {
                run(chunks, remoteConfig(server.port(), windowing[0], windowing[1]));
                Set<String> remote = keys(segments.received());
                System.out.printf(
                        "LUDB %s window %s overlap %s: %d segments in process, %d remote%n",
                        RECORDS, windowing[0], windowing[1], inProcess.size(), remote.size());

                assertThat(inProcess).hasSizeGreaterThan(500);
                assertThat(remote).isEqualTo(inProcess);
                assertThat(deadLetters.received()).isEmpty();
                assertThat(alerts.received())
                        .filteredOn(alert -> alert.getType() == AlertType.MODEL_UNAVAILABLE)
                        .isEmpty();
                clear();
            }
        }
    }

    @Test
    void serverRestartLosesNoWindow() throws Exception {
        List<SignalChunk> chunks = chunks(5);
        Set<String> inProcess = inProcess(chunks);
        BeatDetectionJobConfig config =
                ServedJobs.outlastingRestarts(
                        remoteConfig(0, Duration.ofSeconds(1), Duration.ofMillis(700)));

        ServedJobs.Restart restart =
                ServedJobs.restartMidRun(
                        MODEL,
                        "lmu-waves",
                        address ->
                                submit(
                                        chunks,
                                        config.with(BeatDetectionJobConfig.WAVES_REMOTE, address)));

        double respondedBeforeStop = restart.respondedBeforeStop();
        double respondedAfterRestart = restart.respondedAfterRestart();

        Set<String> remote = keys(segments.received());
        long windows = chunks.stream().map(SignalChunk::getStreamId).distinct().count() * 10;
        System.out.printf(
                "Restart: %.0f windows served before the stop, %.0f after the restart, %d"
                        + " segments in process, %d remote%n",
                respondedBeforeStop, respondedAfterRestart, inProcess.size(), remote.size());
        restart.assertEveryWindowServedOnce(windows);
        assertThat(remote).isEqualTo(inProcess);
        assertThat(deadLetters.received()).isEmpty();
        assertThat(alerts.received())
                .filteredOn(alert -> alert.getType() == AlertType.MODEL_UNAVAILABLE)
                .isEmpty();
    }

    @Test
    void longOutageRaisesModelUnavailable() throws Exception {
        List<SignalChunk> chunks = chunks(1);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        BeatDetectionJobConfig config =
                remoteConfig(port, Duration.ofSeconds(2), Duration.ofSeconds(1))
                        .with(BeatDetectionJobConfig.MODEL_SERVER_MAX_ATTEMPTS, 3)
                        .with(
                                BeatDetectionJobConfig.MODEL_SERVER_INITIAL_BACKOFF,
                                Duration.ofMillis(20))
                        .with(
                                BeatDetectionJobConfig.MODEL_SERVER_MAX_BACKOFF,
                                Duration.ofMillis(100));

        run(chunks, config);

        // 10 s records in 2 s windows: four full windows and the last one, per stream.
        List<DeadLetter> letters = List.copyOf(deadLetters.received());
        assertThat(segments.received()).isEmpty();
        assertThat(letters).hasSize(5 * RECORDS.size());
        for (DeadLetter letter : letters) {
            assertThat(letter.getSource()).isEqualTo(WaveStitcher.OPERATOR);
            assertThat(letter.getReasonCode()).isEqualTo(DeadLetterReason.OTHER);
            assertThat(letter.getMessage())
                    .startsWith("Model unavailable: stream " + letter.getStreamId())
                    .contains("no response after 3 attempts, the last: connection failed");
            InferenceRequest request =
                    new AvroCodec().readRequest(bytes(letter.getOriginalBytes()));
            assertThat(request.windows()).hasSize(1);
            assertThat(request.windows().get(0).streamId()).isEqualTo(letter.getStreamId());
            assertThat(request.windows().get(0).leads()).hasSize(12);
        }
        List<Alert> raised =
                alerts.received().stream()
                        .filter(alert -> alert.getType() == AlertType.MODEL_UNAVAILABLE)
                        .toList();
        assertThat(raised)
                .extracting(Alert::getStreamId)
                .containsExactlyInAnyOrder("ludb-1-0", "ludb-2-0", "ludb-3-0");
        for (Alert alert : raised) {
            assertThat(alert.getCategory()).isEqualTo(AlertCategory.TECHNICAL);
            assertThat(alert.getPriority()).isEqualTo(AlertPriority.MEDIUM);
            assertThat(alert.getOnsetSampleIndex()).isZero();
            assertThat(alert.getMessage()).contains("lmu-waves", "unavailable");
        }
    }

    /**
     * The server resamples a 360 Hz stream to the model's 500 Hz as the in-process operator does,
     * with the same filter and index mapping, so the segments are the same. Windows start at whole
     * seconds (multiples of the 18 input samples of one 25/18 resampling period), so each window's
     * resampler runs in phase with the stream's after its start-up transient, which falls into the
     * warm-up.
     */
    @Test
    void mitBihRemoteSegmentsEqualInProcess() throws Exception {
        WfdbRecord record = WfdbRecord.read(DATA.resolve("mitdb/100"));
        List<SignalChunk> chunks = new ArrayList<>();
        new Chunker(record, "mitdb-100", START, 90, 360 * 60).forEachRemaining(chunks::add);
        Set<String> inProcess = inProcess(chunks);

        try (ModelServer server = startServer(0)) {
            for (Duration[] windowing : WINDOWINGS) {
                run(chunks, remoteConfig(server.port(), windowing[0], windowing[1]));
                Set<String> remote = keys(segments.received());
                System.out.printf(
                        "MIT-BIH 100 (60 s, 360 Hz) window %s overlap %s: %d segments in process,"
                                + " %d remote%n",
                        windowing[0], windowing[1], inProcess.size(), remote.size());

                assertThat(inProcess).hasSizeGreaterThan(150);
                assertThat(remote).isEqualTo(inProcess);
                assertThat(deadLetters.received()).isEmpty();
                assertThat(alerts.received())
                        .filteredOn(alert -> alert.getType() == AlertType.MODEL_UNAVAILABLE)
                        .isEmpty();
                clear();
            }
        }
    }

    /** A rate that is not a whole number of Hz cannot be resampled, so the server rejects it. */
    @Test
    void nonIntegerRateRejectedWindowByWindow() throws Exception {
        WfdbRecord record = WfdbRecord.read(DATA.resolve("mitdb/100"));
        List<SignalChunk> chunks = new ArrayList<>();
        new Chunker(record, "mitdb-100", START, 90, 360 * 5).forEachRemaining(chunks::add);
        for (SignalChunk chunk : chunks) {
            chunk.setSamplingFrequencyHz(360.5);
        }

        try (ModelServer server = startServer(0)) {
            run(chunks, remoteConfig(server.port(), Duration.ofSeconds(2), Duration.ofSeconds(1)));
        }

        // 1800 samples in windows of 721 with 361 overlap: one full window (sent at sample 1082;
        // the second one would need 1803) and the last one.
        assertThat(segments.received()).isEmpty();
        assertThat(deadLetters.received())
                .extracting(DeadLetter::getMessage)
                .hasSize(2)
                .allSatisfy(
                        message ->
                                assertThat(message)
                                        .startsWith("Model rejected the window: stream mitdb-100")
                                        .contains(
                                                "HTTP 400",
                                                "samplingFrequencyHz",
                                                "360.5",
                                                "whole number of Hz"));
        assertThat(alerts.received())
                .filteredOn(alert -> alert.getType() == AlertType.MODEL_UNAVAILABLE)
                .isEmpty();
    }

    /** Keys of the in-process operator's segments for {@code chunks}; clears the sinks after. */
    private Set<String> inProcess(List<SignalChunk> chunks) throws Exception {
        run(
                chunks,
                BeatDetectionJobConfig.defaults()
                        .with(BeatDetectionJobConfig.WAVES_MODEL, MODEL.toString()));
        Set<String> keys = keys(segments.received());
        clear();
        return keys;
    }

    private static BeatDetectionJobConfig remoteConfig(
            int port, Duration window, Duration overlap) {
        return BeatDetectionJobConfig.defaults()
                .with(BeatDetectionJobConfig.WAVES_REMOTE, address(port))
                .with(BeatDetectionJobConfig.MODEL_SERVER_WINDOW, window)
                .with(BeatDetectionJobConfig.MODEL_SERVER_OVERLAP, overlap);
    }

    private void run(List<SignalChunk> chunks, BeatDetectionJobConfig config) throws Exception {
        job(chunks, config).execute(environment(), sinks());
    }

    private JobClient submit(List<SignalChunk> chunks, BeatDetectionJobConfig config)
            throws Exception {
        return job(chunks, config).executeAsync(environment(), sinks());
    }

    private JobSinks sinks() {
        return new JobSinks(new DiscardingSink<>(), alerts, deadLetters, segments);
    }

    /** Chunks of the LUDB records, each record {@code copies} times as its own stream. */
    static List<SignalChunk> chunks(int copies) throws Exception {
        List<SignalChunk> chunks = new ArrayList<>();
        for (String record : RECORDS) {
            WfdbRecord recording = WfdbRecord.read(DATA.resolve("ludb").resolve(record));
            for (int copy = 0; copy < copies; copy++) {
                String streamId = "ludb-" + record + "-" + copy;
                new Chunker(recording, streamId, START, 125, recording.frameCount())
                        .forEachRemaining(chunks::add);
            }
        }
        return chunks;
    }

    /** Returns stream, lead, wave, onset, peak and offset of each segment, one line each. */
    static Set<String> keys(Iterable<WaveSegment> received) {
        Set<String> keys = new TreeSet<>();
        for (WaveSegment segment : received) {
            keys.add(
                    segment.getStreamId()
                            + " "
                            + segment.getLead()
                            + " "
                            + segment.getWave()
                            + " "
                            + segment.getOnsetSampleIndex()
                            + " "
                            + segment.getPeakSampleIndex()
                            + " "
                            + segment.getOffsetSampleIndex());
        }
        return keys;
    }

    static ModelServer startServer(int port) throws Exception {
        return ServedJobs.startServer(MODEL, port);
    }
}
