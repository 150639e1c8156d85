package org.medstream.stream.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Beat;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.beat.SyntheticEcg;
import org.medstream.stream.detect.PanTompkinsDetector;

class BeatDetectionJobIT {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    () -> {
                        Configuration configuration = LocalEnvironments.loopbackConfiguration();
                        REPORTER.addToConfiguration(configuration);
                        return new MiniClusterResourceConfiguration.Builder()
                                .setConfiguration(configuration)
                                .setNumberTaskManagers(1)
                                .setNumberSlotsPerTaskManager(2)
                                .build();
                    });

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    private String startWebhook(int failures, int failureStatus) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/alerts",
                exchange -> {
                    String body =
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8);
                    int status = requests.incrementAndGet() <= failures ? failureStatus : 200;
                    if (status == 200) {
                        bodies.add(body);
                    }
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    @AfterEach
    void stopWebhook() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Bed A: 10 s of beats at 60 bpm, then 10 s without; a duplicate and a broken chunk. */
    private static List<SignalChunk> input() {
        List<SignalChunk> chunks = new ArrayList<>();
        long[] peaks = SyntheticEcg.regularPeaks(180, 360, 3600);
        List<SignalChunk> bedA = SyntheticEcg.chunks("bed-a", SyntheticEcg.lead(7200, peaks), 90);
        List<SignalChunk> bedB =
                SyntheticEcg.chunks(
                        "bed-b",
                        SyntheticEcg.lead(7200, SyntheticEcg.regularPeaks(100, 300, 7200)),
                        90);
        for (int i = 0; i < bedA.size(); i++) {
            chunks.add(bedA.get(i));
            chunks.add(bedB.get(i));
            if (i == 10) {
                chunks.add(bedA.get(i));
                SignalChunk broken = SignalChunk.newBuilder(bedB.get(i)).build();
                broken.setSamplingFrequencyHz(0.0);
                chunks.add(broken);
            }
        }
        return chunks;
    }

    private record Results(
            List<Beat> beats,
            List<Alert> alerts,
            List<DeadLetter> deadLetters,
            List<String> metricIdentifiers) {}

    private static Results run(BeatDetectionJobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        BeatDetectionJob job =
                new BeatDetectionJob(
                        config,
                        new PanTompkinsDetector(),
                        AlarmRules.defaults(),
                        ChunkInput.fromCollection(input(), "synthetic"));
        JobOutputs outputs = job.build(env);
        DataStream.Collector<Beat> beats = new DataStream.Collector<>();
        DataStream.Collector<Alert> alerts = new DataStream.Collector<>();
        DataStream.Collector<DeadLetter> deadLetters = new DataStream.Collector<>();
        outputs.beats().collectAsync(beats);
        outputs.alerts().collectAsync(alerts);
        outputs.deadLetters().collectAsync(deadLetters);

        JobExecutionResult result = env.execute("beat detection test");

        return new Results(
                drain(beats.getOutput()),
                drain(alerts.getOutput()),
                drain(deadLetters.getOutput()),
                metricIdentifiers(result.getJobID().toString()));
    }

    /** Metric identifiers of one job; the three collect sinks share names, so no map by name. */
    private static List<String> metricIdentifiers(String jobId) {
        List<String> identifiers = new ArrayList<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group :
                REPORTER.getMetricsByGroup().entrySet()) {
            if (!jobId.equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (String name : group.getValue().keySet()) {
                identifiers.add(group.getKey().getMetricIdentifier(name));
            }
        }
        return identifiers;
    }

    private static <T> List<T> drain(CloseableIterator<T> iterator) throws Exception {
        List<T> values = new ArrayList<>();
        try (iterator) {
            iterator.forEachRemaining(values::add);
        }
        return values;
    }

    @Test
    void jobDetectsBeatsRaisesAsystoleAndDeliversWebhook() throws Exception {
        String url = startWebhook(1, 503);
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.defaults().with(BeatDetectionJobConfig.WEBHOOK_URL, url);

        Results results = run(config);

        assertThat(results.beats().stream().filter(beat -> beat.getStreamId().equals("bed-a")))
                .extracting(Beat::getSampleIndex)
                .containsExactly(180L, 540L, 900L, 1260L, 1620L, 1980L, 2340L, 2700L, 3060L, 3420L);
        assertThat(results.beats().stream().filter(beat -> beat.getStreamId().equals("bed-b")))
                .hasSize(24);
        // The asystole lasts until the input ends, which closes it.
        assertThat(results.alerts())
                .extracting(Alert::getAlertId)
                .containsExactly("bed-a:ASYSTOLE:3420", "bed-a:ASYSTOLE:3420");
        assertThat(results.alerts())
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END);
        assertThat(results.alerts().get(0).getType()).isEqualTo(AlertType.ASYSTOLE);
        assertThat(results.deadLetters())
                .extracting(DeadLetter::getReasonCode)
                .containsExactlyInAnyOrder(
                        DeadLetterReason.DUPLICATE, DeadLetterReason.INVALID_SAMPLING_FREQUENCY);

        assertThat(requests.get()).isEqualTo(3);
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0)).contains("\"alertId\":\"bed-a:ASYSTOLE:3420\"");
        assertThat(bodies.get(0)).contains("\"idempotencyKey\":\"bed-a:ASYSTOLE:3420:START:0\"");
        assertThat(bodies.get(1)).contains("\"idempotencyKey\":\"bed-a:ASYSTOLE:3420:END:1\"");
    }

    @Test
    void failedWebhookBecomesDeadLetter() throws Exception {
        String url = startWebhook(100, 500);
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.defaults()
                        .with(BeatDetectionJobConfig.WEBHOOK_URL, url)
                        .with(BeatDetectionJobConfig.WEBHOOK_MAX_ATTEMPTS, 2)
                        .with(
                                BeatDetectionJobConfig.WEBHOOK_INITIAL_BACKOFF,
                                java.time.Duration.ofMillis(10));

        Results results = run(config);

        assertThat(requests.get()).isEqualTo(4);
        List<DeadLetter> failed =
                results.deadLetters().stream()
                        .filter(
                                letter ->
                                        letter.getReasonCode() == DeadLetterReason.DELIVERY_FAILED)
                        .toList();
        assertThat(failed).hasSize(2);
        assertThat(failed.get(0).getMessage())
                .startsWith(
                        "Alert bed-a:ASYSTOLE:3420:START:0 not delivered after 2 attempts: HTTP"
                                + " 500");
    }

    @Test
    void metricsRegistered() throws Exception {
        Results results = run(BeatDetectionJobConfig.defaults());

        List<String> identifiers = results.metricIdentifiers();
        assertThat(identifiers).anyMatch(id -> id.endsWith(".beatsPerSecond"));
        assertThat(identifiers).anyMatch(id -> id.endsWith(".detectorLatencyMicros"));
        assertThat(identifiers).anyMatch(id -> id.endsWith(".stream.bed-a.eventTimeLagMillis"));
        assertThat(identifiers).anyMatch(id -> id.endsWith(".reason.DUPLICATE.deadLetters"));
    }
}
