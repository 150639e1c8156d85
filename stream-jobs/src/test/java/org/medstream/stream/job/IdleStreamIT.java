package org.medstream.stream.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertCategory;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Beat;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.beat.SyntheticEcg;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.time.ChunkWatermarks;

/**
 * One bed falls silent while another keeps sending, on a source with two parallel splits (as two
 * Kafka partitions): the silent bed raises a technical {@code NO_DATA} alert through the alerts
 * output and the webhook, the other bed's asystole alarm fires regardless, and with idleness the
 * watermark keeps following the bed that sends.
 */
class IdleStreamIT {
    private static final int CHUNK_FRAMES = 90; // 250 ms at 360 Hz

    /** Bed A: 30 s of beats at 75 bpm, then 10 s without beats. */
    private static final int BED_A_FRAMES = 40 * 360;

    private static final long[] BED_A_PEAKS = SyntheticEcg.regularPeaks(180, 288, 30 * 360);

    /** Bed B: 2 s of beats, then silence. */
    private static final int BED_B_FRAMES = 2 * 360;

    private static final long START_MILLIS = SyntheticEcg.START.toEpochMilli();

    /** Highest watermark seen after the beat detection operator, below the end of input. */
    private static final AtomicLong MAX_WATERMARK = new AtomicLong(Long.MIN_VALUE);

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(LocalEnvironments.loopbackConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopWebhook() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String startWebhook() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/alerts",
                exchange -> {
                    bodies.add(
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8));
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    /**
     * Emits bed A's chunks on subtask 0 and bed B's on subtask 1, then empty markers forever, so
     * each split stays open (a partition without new records) while its bed is silent.
     */
    private static final class TwoBeds implements GeneratorFunction<Long, SignalChunk> {
        private transient List<SignalChunk> chunks;
        private transient int next;

        @Override
        public void open(SourceReaderContext readerContext) {
            chunks =
                    readerContext.getIndexOfSubtask() == 0
                            ? SyntheticEcg.chunks(
                                    "bed-a",
                                    SyntheticEcg.lead(BED_A_FRAMES, BED_A_PEAKS),
                                    CHUNK_FRAMES)
                            : SyntheticEcg.chunks(
                                    "bed-b",
                                    SyntheticEcg.lead(
                                            BED_B_FRAMES,
                                            SyntheticEcg.regularPeaks(180, 288, BED_B_FRAMES)),
                                    CHUNK_FRAMES);
        }

        @Override
        public SignalChunk map(Long index) {
            if (next < chunks.size()) {
                return chunks.get(next++);
            }
            SignalChunk marker = SignalChunk.newBuilder(chunks.get(0)).build();
            marker.setStreamId("");
            return marker;
        }
    }

    /** Records the watermark each beat sees after the beat detection operator. */
    private static final class WatermarkProbe extends ProcessFunction<Beat, Beat> {
        @Override
        public void processElement(Beat beat, Context ctx, Collector<Beat> out) {
            long watermark = ctx.timerService().currentWatermark();
            if (watermark != Long.MAX_VALUE) {
                MAX_WATERMARK.accumulateAndGet(watermark, Math::max);
            }
        }
    }

    /**
     * The two beds, paced at 10 times real time, with the job's watermark strategy applied per
     * split after the markers are dropped (inside a Kafka source it runs per partition).
     */
    private static ChunkInput twoBeds() {
        return (env, config) -> {
            DataGeneratorSource<SignalChunk> source =
                    new DataGeneratorSource<>(
                            new TwoBeds(),
                            Long.MAX_VALUE,
                            RateLimiterStrategy.perSecond(2 * 40.0),
                            TypeInformation.of(SignalChunk.class));
            DataStream<SignalChunk> chunks =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "two-beds")
                            .setParallelism(2)
                            .filter(chunk -> !chunk.getStreamId().isEmpty())
                            .setParallelism(2)
                            .assignTimestampsAndWatermarks(
                                    ChunkWatermarks.forChunks(
                                            config.get(BeatDetectionJobConfig.OUT_OF_ORDERNESS),
                                            config.get(BeatDetectionJobConfig.IDLENESS)))
                            .setParallelism(2);
            return new ChunkInput.Streams(chunks, null);
        };
    }

    @ParameterizedTest(name = "idleness {0} ms")
    @ValueSource(longs = {200, 0})
    @Timeout(120)
    void silentBedRaisesNoDataWhileOtherContinues(long idlenessMillis) throws Exception {
        MAX_WATERMARK.set(Long.MIN_VALUE);
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.defaults()
                        .with(BeatDetectionJobConfig.IDLENESS, Duration.ofMillis(idlenessMillis))
                        .with(BeatDetectionJobConfig.NO_DATA_TIMEOUT, Duration.ofSeconds(1))
                        .with(BeatDetectionJobConfig.WEBHOOK_URL, startWebhook());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        JobOutputs outputs =
                new BeatDetectionJob(
                                config, new PanTompkinsDetector(), AlarmRules.defaults(), twoBeds())
                        .build(env);
        outputs.beats().process(new WatermarkProbe()).sinkTo(new DiscardingSink<>());
        outputs.deadLetters().sinkTo(new DiscardingSink<>());
        DataStream.Collector<Alert> alertCollector = new DataStream.Collector<>();
        outputs.alerts().collectAsync(alertCollector);
        env.executeAsync("idle stream test");

        String bedAAsystole = "bed-a:ASYSTOLE:" + BED_A_PEAKS[BED_A_PEAKS.length - 1];
        String bedBNoData = "bed-b:NO_DATA:" + (BED_B_FRAMES - 1);
        List<Alert> alerts = new ArrayList<>();
        // Closing the iterator cancels the job.
        try (CloseableIterator<Alert> iterator = alertCollector.getOutput()) {
            while (!containsIds(alerts, bedAAsystole, bedBNoData)) {
                alerts.add(iterator.next());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // Each alert reaches the webhook on its own, in either order.
            while ((bodies.stream().noneMatch(body -> body.contains(bedBNoData))
                            || bodies.stream().noneMatch(body -> body.contains(bedAAsystole)))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        Alert noData =
                alerts.stream()
                        .filter(alert -> alert.getAlertId().equals(bedBNoData))
                        .findFirst()
                        .get();
        assertThat(noData.getType()).isEqualTo(AlertType.NO_DATA);
        assertThat(noData.getCategory()).isEqualTo(AlertCategory.TECHNICAL);
        assertThat(bodies).anyMatch(body -> body.contains("\"alertId\":\"" + bedBNoData + "\""));
        assertThat(bodies).anyMatch(body -> body.contains("\"alertId\":\"" + bedAAsystole + "\""));

        long bedBEndMillis = START_MILLIS + BED_B_FRAMES * 1000L / 360;
        if (idlenessMillis > 0) {
            // The watermark follows bed A to its last beats at about 30 s.
            assertThat(MAX_WATERMARK.get())
                    .as("watermark with idleness")
                    .isGreaterThan(bedBEndMillis + 20_000);
        } else {
            assertThat(MAX_WATERMARK.get())
                    .as("watermark without idleness, held by the silent split")
                    .isLessThan(bedBEndMillis);
        }
    }

    @Test
    @Timeout(120)
    void boundedInputRaisesNoNoData() throws Exception {
        // 40 chunks per split at 10 chunks per second: bed B's 8 chunks end after about 1 s, and
        // the input about 3 s later, longer than the 1 s no-data timeout.
        DataGeneratorSource<SignalChunk> source =
                new DataGeneratorSource<>(
                        new TwoBeds(),
                        2 * 40,
                        RateLimiterStrategy.perSecond(2 * 10.0),
                        TypeInformation.of(SignalChunk.class));
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.defaults()
                        .with(BeatDetectionJobConfig.NO_DATA_TIMEOUT, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        JobOutputs outputs =
                new BeatDetectionJob(
                                config,
                                new PanTompkinsDetector(),
                                AlarmRules.defaults(),
                                ChunkInput.fromSource(source, "two-beds"))
                        .build(env);
        outputs.beats().sinkTo(new DiscardingSink<>());
        outputs.deadLetters().sinkTo(new DiscardingSink<>()); // the empty markers
        DataStream.Collector<Alert> alertCollector = new DataStream.Collector<>();
        outputs.alerts().collectAsync(alertCollector);
        long startedNanos = System.nanoTime();
        env.execute("bounded two beds");

        List<Alert> alerts = new ArrayList<>();
        try (CloseableIterator<Alert> iterator = alertCollector.getOutput()) {
            iterator.forEachRemaining(alerts::add);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - startedNanos))
                .as("run time")
                .isGreaterThan(Duration.ofSeconds(3));
        assertThat(alerts).extracting(Alert::getType).doesNotContain(AlertType.NO_DATA);
    }

    private static boolean containsIds(List<Alert> alerts, String... ids) {
        for (String id : ids) {
            if (alerts.stream().noneMatch(alert -> alert.getAlertId().equals(id))) {
                return false;
            }
        }
        return true;
    }
}
