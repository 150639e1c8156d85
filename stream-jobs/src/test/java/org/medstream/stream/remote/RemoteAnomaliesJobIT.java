package org.medstream.stream.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.model.serve.ModelServer;
import org.medstream.schemas.Alert;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.JobSinks;
import org.medstream.stream.job.LocalEnvironments;

/**
 * The beat detection job with {@code anomalies.remote} on a MiniCluster against a real {@link
 * ModelServer} on 127.0.0.1 serving {@code models/lmu-anomalies}, on MIT-BIH record 208 (many
 * ventricular beats): the remote path writes the same anomalous spans as the in-process operator.
 */
class RemoteAnomaliesJobIT {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(LocalEnvironments.loopbackConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final Path MODEL = DATA.resolveSibling("models").resolve("lmu-anomalies");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final CollectingSink<Anomaly> anomalies = new CollectingSink<>("anomalies");
    private final CollectingSink<DeadLetter> deadLetters =
            new CollectingSink<>("anomaly-dead-letters");
    private final CollectingSink<Alert> alerts = new CollectingSink<>("anomaly-alerts");

    @BeforeEach
    void clear() {
        anomalies.clear();
        deadLetters.clear();
        alerts.clear();
    }

    @Test
    void remoteSpansEqualInProcess() throws Exception {
        WfdbRecord record = WfdbRecord.read(DATA.resolve("mitdb/208"));
        List<SignalChunk> chunks = new ArrayList<>();
        new Chunker(record, "mitdb-208", START, 90, 360 * 120).forEachRemaining(chunks::add);

        run(
                chunks,
                BeatDetectionJobConfig.defaults()
                        .with(BeatDetectionJobConfig.ANOMALIES_MODEL, MODEL.toString()));
        Map<String, Double> inProcess = spans(anomalies.received());
        clear();
        try (ModelServer server = startServer()) {
            run(
                    chunks,
                    BeatDetectionJobConfig.defaults()
                            .with(
                                    BeatDetectionJobConfig.ANOMALIES_REMOTE,
                                    "http://127.0.0.1:" + server.port())
                            .with(BeatDetectionJobConfig.MODEL_SERVER_WINDOW, Duration.ofSeconds(4))
                            .with(
                                    BeatDetectionJobConfig.MODEL_SERVER_OVERLAP,
                                    Duration.ofSeconds(1)));
        }
        Map<String, Double> remote = spans(anomalies.received());

        double maxScoreDifference = 0;
        for (Map.Entry<String, Double> span : inProcess.entrySet()) {
            if (remote.containsKey(span.getKey())) {
                maxScoreDifference =
                        Math.max(
                                maxScoreDifference,
                                Math.abs(span.getValue() - remote.get(span.getKey())));
            }
        }
        System.out.printf(
                "mitdb/208 120 s: %d spans in process, %d remote, max score difference %.3g%n",
                inProcess.size(), remote.size(), maxScoreDifference);
        assertThat(inProcess).hasSizeGreaterThan(20);
        assertThat(remote.keySet()).isEqualTo(inProcess.keySet());
        // The spans are exact, but a score is a softmax probability of the network's logits. They
        // depend on all earlier input through the Legendre memory, which decays but never reaches
        // exactly zero, so a window that starts from a zero state differs in the last float
        // digits (measured 6.2e-9 here). The spans come from the same labels, so this is rounding.
        assertThat(maxScoreDifference).isLessThan(1e-6);
        assertThat(deadLetters.received()).isEmpty();
        assertThat(alerts.received()).isEmpty();
    }

    private void run(List<SignalChunk> chunks, BeatDetectionJobConfig config) throws Exception {
        ServedJobs.job(chunks, config)
                .execute(
                        ServedJobs.environment(),
                        new JobSinks(
                                new DiscardingSink<>(),
                                alerts,
                                deadLetters,
                                null,
                                null,
                                anomalies));
    }

    /** Returns each span as "stream start end" with its score. */
    private static Map<String, Double> spans(Iterable<Anomaly> received) {
        Map<String, Double> spans = new TreeMap<>();
        for (Anomaly anomaly : received) {
            spans.put(
                    anomaly.getStreamId()
                            + " "
                            + anomaly.getStartSampleIndex()
                            + " "
                            + anomaly.getEndSampleIndex(),
                    anomaly.getScore());
        }
        return spans;
    }

    private static ModelServer startServer() throws Exception {
        return ServedJobs.startServer(MODEL, 0);
    }
}
