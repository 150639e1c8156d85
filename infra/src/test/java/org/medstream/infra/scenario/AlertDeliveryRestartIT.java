package org.medstream.infra.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.infra.net.LoopbackPorts;
import org.medstream.infra.webhook.ReceivedWebhook;
import org.medstream.infra.webhook.WebhookReceiver;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.DeliveryOutcome;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.job.BeatDetectionJob;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.ChunkInput;
import org.medstream.stream.job.JobOutputs;
import org.medstream.stream.job.LocalEnvironments;
import org.medstream.stream.time.ChunkWatermarks;
import org.medstream.stream.webhook.WebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every phase of every alert reaches the webhook application exactly once, in per-stream order,
 * with a valid signature, while the receiver is first down (connection refused), then slow
 * (responses after the sender's timeout, so the sender retries requests the receiver has already
 * stored), then up, and while the job fails once and restores from its last checkpoint.
 *
 * <p>Three streams of one minute of MIT-BIH record 100: one with an 8 s QRS pause (asystole START
 * and END), one whose electrodes are off from 20 s to 40 s in care unit ICU, where lead off
 * escalates after 10 s (START, ESCALATE, END), and one with its own tachycardia limit of 60 bpm and
 * an update step of 3 bpm, so its normal rhythm raises a tachycardia with UPDATEs. The expected
 * records come from a run of the same input without webhook or failure.
 */
class AlertDeliveryRestartIT {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDeliveryRestartIT.class);

    private static final Instant START = Instant.parse("2026-12-05T08:00:00Z");
    private static final String SECRET = "restart-test-secret";

    /** Client timeout; the slow receiver responds later than this. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    private static final Duration SLOW_RESPONSE = Duration.ofMillis(1500);

    /** Chunks after which the paced run fails once, about 50 s into each stream. */
    private static final int FAIL_AFTER_CHUNKS = 600;

    /** Alert records the paced run has raised, replays included. */
    private static final AtomicInteger ALERTS_RAISED = new AtomicInteger();

    private static final AtomicInteger FAILURES = new AtomicInteger();

    /** Set once the receiver is up, so that the failure comes while deliveries succeed. */
    private static volatile boolean receiverUp;

    @Test
    void everyPhaseOnceAcrossOutageAndRestart(@TempDir Path folder) throws Exception {
        List<SignalChunk> chunks = chunks();
        List<Alert> expected = referenceAlerts(chunks);
        Map<String, List<String>> expectedKeysByStream = keysByStream(expected);
        LOG.info("Expected alert records {}", expectedKeysByStream);
        assertThat(expected)
                .extracting(Alert::getPhase)
                .contains(AlertPhase.START, AlertPhase.UPDATE, AlertPhase.ESCALATE, AlertPhase.END);

        Path secretFile = folder.resolve("secret");
        Files.writeString(secretFile, SECRET, StandardCharsets.UTF_8);
        int port = LoopbackPorts.findFree();
        BeatDetectionJobConfig config =
                alarmConfig()
                        .with(
                                BeatDetectionJobConfig.WEBHOOK_URL,
                                "http://127.0.0.1:" + port + WebhookReceiver.PATH)
                        .with(BeatDetectionJobConfig.WEBHOOK_SECRET_FILE, secretFile.toString())
                        .with(BeatDetectionJobConfig.WEBHOOK_TIMEOUT, REQUEST_TIMEOUT)
                        .with(BeatDetectionJobConfig.WEBHOOK_MAX_ATTEMPTS, 20)
                        .with(
                                BeatDetectionJobConfig.WEBHOOK_INITIAL_BACKOFF,
                                Duration.ofMillis(100));

        StreamExecutionEnvironment env = restartingEnvironment();
        JobOutputs outputs =
                new BeatDetectionJob(
                                config,
                                new PanTompkinsDetector(),
                                AlarmRules.defaults(),
                                input(chunks, true))
                        .build(env);
        outputs.alerts()
                .map(new CountRaised())
                .name("count-raised")
                .sinkTo(new DiscardingSink<>())
                .name("discard-raised");
        DataStream.Collector<AlertDelivery> deliveries = new DataStream.Collector<>();
        outputs.deliveries().orElseThrow().collectAsync(deliveries);
        JobClient job = env.executeAsync("alert delivery across outage and restart");

        // Down: nothing listens on the port, so every attempt gets connection refused.
        await(() -> ALERTS_RAISED.get() > 0, Duration.ofMinutes(2), "the first alert");
        Thread.sleep(1500);
        assertThat(LoopbackPorts.isFree(port)).as("receiver port still closed").isTrue();

        List<AlertDelivery> statuses = new ArrayList<>();
        try (WebhookReceiver receiver = WebhookReceiver.start(port, SECRET)) {
            // Slow: the receiver stores each request but responds after the client's timeout.
            receiver.setResponseDelay(SLOW_RESPONSE);
            await(() -> receiver.requestCount() >= 2, Duration.ofMinutes(1), "two slow requests");
            // Up.
            receiver.setResponseDelay(Duration.ZERO);
            receiverUp = true;

            try (CloseableIterator<AlertDelivery> iterator = deliveries.getOutput()) {
                iterator.forEachRemaining(statuses::add);
            }
            job.getJobExecutionResult().get();

            List<ReceivedWebhook> raw = receiver.received();
            List<ReceivedWebhook> delivered = receiver.deduplicated();
            LOG.info(
                    "Webhook requests raw={} rawDuplicates={} delivered={} requests={}",
                    raw.size(),
                    receiver.duplicateCount(),
                    delivered.size(),
                    receiver.requestCount());

            assertThat(FAILURES.get()).as("injected failures").isEqualTo(1);
            assertThat(receiver.duplicateCount())
                    .as("raw duplicates from the slow phase")
                    .isPositive();
            for (ReceivedWebhook webhook : raw) {
                assertThat(
                                WebhookSignature.verify(
                                        SECRET,
                                        webhook.body().getBytes(StandardCharsets.UTF_8),
                                        webhook.header(WebhookSignature.HEADER)))
                        .as("signature of %s", webhook.header("Idempotency-Key"))
                        .isTrue();
            }
            assertThat(deliveredKeysByStream(delivered)).isEqualTo(expectedKeysByStream);
        }

        assertThat(statuses)
                .as("delivery statuses")
                .allMatch(status -> status.getOutcome() == DeliveryOutcome.DELIVERED);
        assertThat(statuses)
                .as("a delivery retried while the receiver was down or slow")
                .anyMatch(status -> status.getAttempts() > 1);
    }

    /** Returns the idempotency keys of each stream's alert records, in the order raised. */
    private static Map<String, List<String>> keysByStream(List<Alert> alerts) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (Alert alert : alerts) {
            keys.computeIfAbsent(alert.getStreamId(), stream -> new ArrayList<>())
                    .add(AlertFactory.idempotencyKey(alert));
        }
        return keys;
    }

    /** Returns the idempotency keys of each stream's delivered webhooks, in arrival order. */
    private static Map<String, List<String>> deliveredKeysByStream(List<ReceivedWebhook> webhooks) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (ReceivedWebhook webhook : webhooks) {
            String key = webhook.header(WebhookReceiver.IDEMPOTENCY_KEY_HEADER);
            String stream = key.substring(0, key.indexOf(':'));
            keys.computeIfAbsent(stream, s -> new ArrayList<>()).add(key);
        }
        return keys;
    }

    private static List<Alert> referenceAlerts(List<SignalChunk> chunks) throws Exception {
        StreamExecutionEnvironment env = LocalEnvironments.loopback(2);
        JobOutputs outputs =
                new BeatDetectionJob(
                                alarmConfig(),
                                new PanTompkinsDetector(),
                                AlarmRules.defaults(),
                                input(chunks, false))
                        .build(env);
        DataStream.Collector<Alert> alerts = new DataStream.Collector<>();
        outputs.alerts().collectAsync(alerts);
        // Results are read while the job runs: the job's own cluster stops when the job ends.
        JobClient job = env.executeAsync("reference alerts");
        List<Alert> result = new ArrayList<>();
        try (CloseableIterator<Alert> iterator = alerts.getOutput()) {
            iterator.forEachRemaining(result::add);
        }
        job.getJobExecutionResult().get();
        return result;
    }

    private static BeatDetectionJobConfig alarmConfig() {
        return BeatDetectionJobConfig.fromMap(
                Map.of(
                        "alarm.stream.icu-leads.unit", "ICU",
                        "alarm.unit.ICU.lead-off-escalation", "10 s",
                        "alarm.stream.ward-tachy.bradycardia-bpm", "20",
                        "alarm.stream.ward-tachy.tachycardia-bpm", "45",
                        "alarm.stream.ward-tachy.tachycardia-beats", "8",
                        "alarm.stream.ward-tachy.update-step-bpm", "1",
                        "alarm.stream.ward-tachy.update-interval", "0 s"));
    }

    private static StreamExecutionEnvironment restartingEnvironment() {
        Configuration configuration = LocalEnvironments.loopbackConfiguration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        configuration.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(2, configuration);
        env.enableCheckpointing(300, CheckpointingMode.EXACTLY_ONCE);
        return env;
    }

    private static ChunkInput input(List<SignalChunk> chunks, boolean paced) {
        return (environment, jobConfig) -> {
            DataStream<SignalChunk> source =
                    environment
                            .fromData(chunks, TypeInformation.of(SignalChunk.class))
                            .name("three-beds")
                            .uid("three-beds")
                            .setParallelism(1)
                            .map(new PacedFailOnce(paced))
                            .name("paced-fail-once")
                            .uid("paced-fail-once")
                            .setParallelism(1)
                            .assignTimestampsAndWatermarks(
                                    ChunkWatermarks.forChunks(
                                            jobConfig.get(BeatDetectionJobConfig.OUT_OF_ORDERNESS),
                                            Duration.ZERO))
                            .name("chunk-event-time")
                            .uid("chunk-event-time")
                            .setParallelism(1);
            return new ChunkInput.Streams(source, null);
        };
    }

    /** One minute of each bed in 250 ms chunks, the beds' chunks interleaved as on one topic. */
    private static List<SignalChunk> chunks() throws Exception {
        Recording record100 =
                WfdbRecord.read(Path.of(System.getProperty("medstream.data.dir"), "mitdb/100"));
        Map<String, Recording> beds = new LinkedHashMap<>();
        beds.put("icu-asystole", new AsystoleRecording(record100, "100-pause", 60, 30, 38));
        beds.put("icu-leads", new DetachedLeadRecording(record100, "100-detached", 60, 20, 40));
        beds.put("ward-tachy", record100);

        List<Iterator<SignalChunk>> iterators = new ArrayList<>();
        for (Map.Entry<String, Recording> bed : beds.entrySet()) {
            iterators.add(new Chunker(bed.getValue(), bed.getKey(), START, 90, 360 * 60));
        }
        List<SignalChunk> chunks = new ArrayList<>();
        boolean more = true;
        while (more) {
            more = false;
            for (Iterator<SignalChunk> iterator : iterators) {
                if (iterator.hasNext()) {
                    chunks.add(iterator.next());
                    more = true;
                }
            }
        }
        return chunks;
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Counts the alert records raised, as they are raised. */
    private static final class CountRaised extends RichMapFunction<Alert, Alert> {
        @Override
        public Alert map(Alert alert) {
            ALERTS_RAISED.incrementAndGet();
            return alert;
        }
    }

    /**
     * Passes chunks at about 30 ms each when {@code paced}, so one minute of three beds takes about
     * 22 s, and on its first attempt throws once the receiver is up, a checkpoint has completed and
     * {@link #FAIL_AFTER_CHUNKS} chunks have passed.
     */
    private static final class PacedFailOnce extends RichMapFunction<SignalChunk, SignalChunk>
            implements CheckpointListener {
        private final boolean paced;
        private transient boolean firstAttempt;
        private transient boolean checkpointCompleted;
        private transient int passed;

        PacedFailOnce(boolean paced) {
            this.paced = paced;
        }

        @Override
        public void open(OpenContext context) {
            firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
        }

        @Override
        public SignalChunk map(SignalChunk chunk) throws Exception {
            if (!paced) {
                return chunk;
            }
            Thread.sleep(30);
            passed++;
            if (firstAttempt && checkpointCompleted && receiverUp && passed > FAIL_AFTER_CHUNKS) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("Injected failure after chunk " + passed);
            }
            return chunk;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointCompleted = true;
        }
    }
}
