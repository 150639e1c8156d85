package org.medstream.infra.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.evaluation.beats.Ec57Evaluator;
import org.medstream.evaluation.beats.Ec57Options;
import org.medstream.evaluation.beats.Ec57Result;
import org.medstream.evaluation.beats.RecordScoreInput;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;
import org.medstream.infra.flink.EmbeddedFlink;
import org.medstream.infra.gate.RunningGate;
import org.medstream.infra.job.CommittedOutputs;
import org.medstream.infra.job.KafkaJob;
import org.medstream.infra.webhook.ReceivedWebhook;
import org.medstream.infra.webhook.WebhookReceiver;
import org.medstream.ingest.gate.GateConfig;
import org.medstream.ingest.gate.GateCounts;
import org.medstream.ingest.gate.IngestGate;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.replay.KafkaChunkSink;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.ingest.replay.ReplayProgress;
import org.medstream.ingest.replay.ReplayStream;
import org.medstream.ingest.replay.ReplaySummary;
import org.medstream.ingest.replay.Replayer;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Beat;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.DeliveryOutcome;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.topic.Topics;
import org.medstream.stream.annotate.BeatAnnotator;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.DetectorCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end scenarios written once against a {@link KafkaFixture}. Each subclass supplies one
 * broker: {@link EmbeddedBrokerScenariosIT} the in-JVM KRaft broker, {@link
 * ContainerBrokerScenariosIT} a Docker container. Add a scenario here and it runs on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrokerScenarios {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerScenarios.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Replayed span of the scored records: the 5 min EC57 learning period plus 5 min. With only 2
     * min scored, 3 beats that the detector misses in 208 between 300 s and 420 s put the gross
     * sensitivity under 99.5 %.
     */
    private static final double SCORED_REPLAY_SECONDS = 600;

    private static final double PAUSE_START_SECONDS = 30;
    private static final double PAUSE_END_SECONDS = 38;

    private KafkaFixture kafka;

    /** Starts the broker this subclass tests against. */
    protected abstract KafkaFixture startKafka();

    @BeforeAll
    void startBroker() {
        kafka = startKafka();
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    protected KafkaFixture kafka() {
        return kafka;
    }

    /** Reads a bundled record from the data directory that the build passes in. */
    protected static Recording bundledRecord(String relativePath) throws Exception {
        String dataDirectory = System.getProperty("medstream.data.dir");
        assertThat(dataDirectory).as("system property medstream.data.dir").isNotNull();
        return WfdbRecord.read(Path.of(dataDirectory, relativePath));
    }

    @Test
    void replayRoundTripsEveryChunk() throws Exception {
        Recording record100 = bundledRecord("mitdb/100");
        Recording record103 = bundledRecord("mitdb/103");
        List<ReplayStream> streams =
                List.of(new ReplayStream(record100, "bed-1"), new ReplayStream(record103, "bed-2"));
        ReplayOptions options = ReplayOptions.builder().optAsFastAsPossible(true).build();

        ReplaySummary summary;
        List<ConsumerRecord<String, SignalChunk>> records;
        try (ChunkReader reader = new ChunkReader(kafka.bootstrapServers(), options.topic());
                KafkaChunkSink sink =
                        KafkaChunkSink.to(kafka.bootstrapServers(), options.topic())) {
            summary = new Replayer(options, sink).replay(streams, ReplayProgress.NONE);
            records = reader.read((int) summary.chunks(), Duration.ofSeconds(60));
        }

        assertThat(options.topic()).isEqualTo(Topics.SIGNALS_RAW.name());
        assertThat(summary.completed()).isTrue();
        assertThat(summary.frames()).isEqualTo(record100.frameCount() + record103.frameCount());
        assertThat(records).hasSize((int) summary.chunks());

        Map<String, List<SignalChunk>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, SignalChunk> record : records) {
            assertThat(record.key()).isEqualTo(record.value().getStreamId());
            byKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record.value());
        }
        assertThat(byKey).containsOnlyKeys("bed-1", "bed-2");
        assertSampleExact(byKey.get("bed-1"), record100);
        assertSampleExact(byKey.get("bed-2"), record103);
    }

    @Test
    void pacedReplayKeepsRealTime() throws Exception {
        Recording record100 = bundledRecord("mitdb/100");
        ReplayOptions options = ReplayOptions.builder().optSpeed(4).optMaxSeconds(2).build();

        ReplaySummary summary;
        List<ConsumerRecord<String, SignalChunk>> records;
        try (ChunkReader reader = new ChunkReader(kafka.bootstrapServers(), options.topic());
                KafkaChunkSink sink =
                        KafkaChunkSink.to(kafka.bootstrapServers(), options.topic())) {
            summary =
                    new Replayer(options, sink)
                            .replay(
                                    List.of(new ReplayStream(record100, "bed-paced")),
                                    ReplayProgress.NONE);
            records = reader.read((int) summary.chunks(), Duration.ofSeconds(30));
        }

        // 2 s of signal at 4 x real time: chunks are due from 62.5 ms to 500 ms after the start.
        assertThat(summary.chunks()).isEqualTo(8);
        assertThat(summary.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(495));
        assertThat(records).hasSize(8);
        // Due times span 437.5 ms. The first send also waits for topic metadata, which shortens
        // the measured span, so the bound only separates paced sends from one burst.
        long firstTimestamp = records.get(0).timestamp();
        long lastTimestamp = records.get(records.size() - 1).timestamp();
        assertThat(lastTimestamp - firstTimestamp).isGreaterThanOrEqualTo(250);
    }

    /**
     * The whole path on the fixture's broker: the ingest gate and a Flink MiniCluster running the
     * beat detection job, records replayed unpaced through the raw topic, and a read_committed
     * consumer reads the job's beats, alerts and dead letters back. Ten minutes of MIT-BIH 100 and
     * 208 are scored with EC57 after the standard 5 min learning period. A third stream, one minute
     * of record 100 with an 8 s QRS pause, must raise an asystole alert on the webhook receiver and
     * on the alerts topic. A record that is no signal chunk, sent under the key of one stream in
     * the middle of its replay, must become an UNDECODABLE dead letter and change none of the
     * beats.
     */
    @Test
    void jobScoresAlarmsAndDeadLetters() throws Exception {
        Recording record100 = bundledRecord("mitdb/100");
        Recording record208 = bundledRecord("mitdb/208");
        Recording asystole =
                new AsystoleRecording(
                        record100, "100-pause", 60, PAUSE_START_SECONDS, PAUSE_END_SECONDS);
        String runId = Long.toHexString(System.nanoTime());
        String stream100 = "e2e-100-" + runId;
        String stream208 = "e2e-208-" + runId;
        String streamAsystole = "e2e-asystole-" + runId;
        List<ReplayStream> streams =
                List.of(
                        new ReplayStream(record100, stream100),
                        new ReplayStream(record208, stream208),
                        new ReplayStream(asystole, streamAsystole));
        ReplayOptions options =
                ReplayOptions.builder()
                        .optAsFastAsPossible(true)
                        .optMaxSeconds(SCORED_REPLAY_SECONDS)
                        .build();
        BeatDetector<?> detector = DetectorCatalog.byName(DetectorCatalog.CLASSIC);
        byte[] garbage = "not an Avro signal chunk \u0000\u00ff".getBytes(StandardCharsets.UTF_8);

        try (EmbeddedFlink flink = EmbeddedFlink.builder().optWebUiPort(0).start();
                RunningGate gate =
                        RunningGate.start(kafka.bootstrapServers(), GateConfig.defaults());
                WebhookReceiver webhooks = WebhookReceiver.start()) {
            // The bounded path over the same records gives the beats the job must reproduce.
            List<List<Beat>> expectedBeats =
                    new BeatAnnotator(detector)
                            .annotate(flink.environment(), List.of(record100, record208));

            BeatDetectionJobConfig config =
                    BeatDetectionJobConfig.defaults()
                            .with(
                                    BeatDetectionJobConfig.BOOTSTRAP_SERVERS,
                                    kafka.bootstrapServers())
                            .with(BeatDetectionJobConfig.WEBHOOK_URL, webhooks.url().toString())
                            .with(
                                    BeatDetectionJobConfig.CHECKPOINT_INTERVAL,
                                    Duration.ofMillis(500));
            try (CommittedOutputs outputs = CommittedOutputs.start(kafka.bootstrapServers());
                    KafkaJob job =
                            KafkaJob.start(config, flink.environment(), Duration.ofSeconds(60))) {
                GarbageInjectingSink sink =
                        new GarbageInjectingSink(
                                KafkaChunkSink.to(kafka.bootstrapServers(), options.topic()),
                                kafka.bootstrapServers(),
                                options.topic(),
                                stream100,
                                (long) (SCORED_REPLAY_SECONDS / 2 * fs(record100)),
                                garbage);
                ReplaySummary summary;
                try (sink) {
                    summary = new Replayer(options, sink).replay(streams, ReplayProgress.NONE);
                }
                assertThat(summary.completed()).as("replay completed").isTrue();
                assertThat(sink.injected()).as("garbage record sent").isTrue();

                Map<String, Long> reachable = new LinkedHashMap<>();
                for (ReplayStream stream : streams.subList(0, 2)) {
                    reachable.put(
                            stream.streamId(),
                            replayedFrames(stream.recording())
                                    - framesOf(detector.maxDelaySeconds() + 1, stream.recording()));
                }
                assertThat(outputs.awaitBeatsThrough(reachable, Duration.ofSeconds(60)))
                        .as("beats of %s visible within 60 s", reachable.keySet())
                        .isTrue();

                assertScore(outputs, detector, record100, stream100, record208, stream208);
                assertSameBeats(outputs, detector, record100, stream100, expectedBeats.get(0));
                assertSameBeats(outputs, detector, record208, stream208, expectedBeats.get(1));
                assertAsystoleOnWebhook(webhooks, streamAsystole, fs(asystole));
                assertAsystoleOnTopic(outputs, streamAsystole, fs(asystole));
                assertDeliveredStatus(outputs, streamAsystole);
                assertNoAsystole(outputs, stream100);
                assertNoAsystole(outputs, stream208);
                assertUndecodableDeadLetter(outputs, garbage);
                assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
                assertThat(gate.counts().balanced()).as("%s", gate.counts()).isTrue();
            }
        }
    }

    /**
     * Nothing lost through the gate on a real broker: a replay of record 100 with every tenth chunk
     * sent twice, pairs of chunks swapped, one chunk dropped (a gap), chunks broken in three ways
     * and one record that is no chunk at all. Every record read is accounted for as clean,
     * dead-lettered or a counted duplicate, and the clean topic holds the stream in order with its
     * gap marked.
     */
    @Test
    void gateAccountsForEveryChunk() throws Exception {
        String streamId = "gate-" + Long.toHexString(System.nanoTime());
        Recording record100 = bundledRecord("mitdb/100");
        List<SignalChunk> chunks = new ArrayList<>();
        new Chunker(record100, streamId, Instant.parse("2026-12-04T08:00:00Z"), 90, 360 * 60)
                .forEachRemaining(chunks::add);
        List<SignalChunk> messy = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            if (i == 53) {
                continue;
            }
            messy.add(chunks.get(i));
            if (i % 10 == 0) {
                messy.add(chunks.get(i));
            }
            if (i % 25 == 0) {
                messy.add(SignalChunk.newBuilder(chunks.get(i)).setSamplingFrequencyHz(2).build());
                messy.add(
                        SignalChunk.newBuilder(chunks.get(i))
                                .setUnits(List.of("bpm", "mV"))
                                .build());
                messy.add(SignalChunk.newBuilder(chunks.get(i)).setFrameCount(1).build());
            }
        }
        for (int i = 5; i + 1 < messy.size(); i += 17) {
            Collections.swap(messy, i, i + 1);
        }
        byte[] garbage = "no chunk".getBytes(StandardCharsets.UTF_8);
        Map<DeadLetterReason, Long> expectedDeadLetters =
                Map.of(
                        DeadLetterReason.INVALID_SAMPLING_FREQUENCY, 10L,
                        DeadLetterReason.INVALID_UNITS, 10L,
                        DeadLetterReason.SAMPLE_COUNT_MISMATCH, 10L,
                        DeadLetterReason.UNDECODABLE, 1L);

        try (RunningGate gate = RunningGate.start(kafka.bootstrapServers(), GateConfig.defaults());
                CommittedOutputs outputs = CommittedOutputs.start(kafka.bootstrapServers());
                ChunkReader clean =
                        new ChunkReader(kafka.bootstrapServers(), Topics.SIGNALS_CLEAN.name())) {
            GateCounts before = countsOnceCaughtUp(gate, kafka.bootstrapServers());
            try (KafkaChunkSink sink =
                            KafkaChunkSink.to(kafka.bootstrapServers(), Topics.SIGNALS_RAW.name());
                    KafkaProducer<String, byte[]> producer =
                            new KafkaProducer<>(
                                    Map.of(
                                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                            kafka.bootstrapServers()),
                                    new StringSerializer(),
                                    new ByteArraySerializer())) {
                messy.forEach(sink::send);
                sink.flush();
                producer.send(new ProducerRecord<>(Topics.SIGNALS_RAW.name(), streamId, garbage))
                        .get();
            }
            List<SignalChunk> delivered =
                    clean.readKey(streamId, chunks.size() - 1, Duration.ofSeconds(60));

            GateCounts counts = gate.counts();
            assertThat(counts.in() - before.in()).isEqualTo(messy.size() + 1);
            assertThat(counts.balanced()).as("%s", counts).isTrue();
            assertThat(counts.duplicates() - before.duplicates()).isEqualTo(24);
            assertThat(delivered).hasSize(chunks.size() - 1);
            long next = 0;
            for (SignalChunk chunk : delivered) {
                assertThat(chunk.getFirstSampleIndex()).isEqualTo(next + chunk.getGapFrames());
                next = chunk.getFirstSampleIndex() + chunk.getFrameCount();
            }
            assertThat(delivered.get(53).getGapFrames()).isEqualTo(90);
            Map<DeadLetterReason, Long> deadLetters = new EnumMap<>(DeadLetterReason.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                deadLetters.clear();
                for (DeadLetter deadLetter : outputs.deadLetters()) {
                    if (streamId.equals(deadLetter.getStreamId())) {
                        deadLetters.merge(deadLetter.getReasonCode(), 1L, Long::sum);
                    }
                }
                if (deadLetters.equals(expectedDeadLetters)) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(deadLetters).isEqualTo(expectedDeadLetters);
        }
    }

    /**
     * Returns the gate's counts once it has worked through the chunks earlier scenarios left on the
     * raw topic: its committed offsets reach the end of every partition and it keeps no chunk back.
     */
    private static GateCounts countsOnceCaughtUp(RunningGate gate, String bootstrapServers)
            throws Exception {
        String raw = Topics.SIGNALS_RAW.name();
        try (Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        bootstrapServers));
                KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(
                                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                                new ByteArrayDeserializer(),
                                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(raw, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(raw, info.partition())));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(IngestGate.APPLICATION_ID)
                                .partitionsToOffsetAndMetadata()
                                .get();
                boolean caughtUp = true;
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata offset = committed.get(partition);
                    long position = offset == null ? 0 : offset.offset();
                    caughtUp &= position >= end.get(partition);
                }
                GateCounts counts = gate.counts();
                if (caughtUp && counts.balanced()) {
                    return counts;
                }
                Thread.sleep(100);
            }
            throw new AssertionError(
                    "The gate did not reach the end of " + raw + " within 60 s: " + gate.counts());
        }
    }

    private static double fs(Recording recording) {
        return recording.samplingFrequencyHz();
    }

    private static long framesOf(double seconds, Recording recording) {
        return (long) Math.ceil(seconds * recording.samplingFrequencyHz());
    }

    private static long replayedFrames(Recording recording) {
        return Math.min(recording.frameCount(), framesOf(SCORED_REPLAY_SECONDS, recording));
    }

    /**
     * Scores the committed beats up to the last {@code maxDelaySeconds} of the replayed span, which
     * the detector cannot report while the stream goes on.
     */
    private static void assertScore(
            CommittedOutputs outputs,
            BeatDetector<?> detector,
            Recording record100,
            String stream100,
            Recording record208,
            String stream208)
            throws Exception {
        List<RecordScoreInput> inputs =
                List.of(
                        scoreInput(outputs, detector, record100, stream100),
                        scoreInput(outputs, detector, record208, stream208));
        Ec57Result result = new Ec57Evaluator(Ec57Options.DEFAULT).evaluate(inputs);
        String table = result.toTable();
        LOG.info("EC57 score of the streamed beats:\n{}", table);

        assertThat(result.gross().sensitivity())
                .as("gross Se %% of%n%s", table)
                .isGreaterThanOrEqualTo(99.5);
        assertThat(result.gross().positivePredictivity())
                .as("gross +P %% of%n%s", table)
                .isGreaterThanOrEqualTo(99.5);
    }

    private static RecordScoreInput scoreInput(
            CommittedOutputs outputs,
            BeatDetector<?> detector,
            Recording recording,
            String streamId)
            throws Exception {
        Path reference = Path.of(recording.source()).resolveSibling(recording.name() + ".atr");
        List<BeatAnnotation> test = new ArrayList<>();
        for (CommittedOutputs.VisibleBeat visible : outputs.beats(streamId)) {
            Beat beat = visible.beat();
            test.add(new BeatAnnotation(beat.getSampleIndex(), beat.getBeatClass().charAt(0)));
        }
        long scoredEnd =
                replayedFrames(recording) - framesOf(detector.maxDelaySeconds(), recording);
        return new RecordScoreInput(
                recording.name(),
                recording.samplingFrequencyHz(),
                WfdbBeatAnnotations.read(reference),
                test,
                scoredEnd);
    }

    /** The streamed beats before the report delay equal the bounded path's, each once. */
    private static void assertSameBeats(
            CommittedOutputs outputs,
            BeatDetector<?> detector,
            Recording recording,
            String streamId,
            List<Beat> expected) {
        long end = replayedFrames(recording) - framesOf(detector.maxDelaySeconds(), recording);
        List<Long> streamed = new ArrayList<>();
        for (CommittedOutputs.VisibleBeat visible : outputs.beats(streamId)) {
            if (visible.beat().getSampleIndex() < end) {
                streamed.add(visible.beat().getSampleIndex());
            }
        }
        List<Long> bounded = new ArrayList<>();
        for (Beat beat : expected) {
            if (beat.getSampleIndex() < end) {
                bounded.add(beat.getSampleIndex());
            }
        }
        assertThat(streamed).as("beat samples of %s", streamId).isEqualTo(bounded);
    }

    private static void assertAsystoleOnWebhook(
            WebhookReceiver webhooks, String streamId, double fs) throws Exception {
        JsonNode alert = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (alert == null && System.nanoTime() < deadline) {
            for (ReceivedWebhook webhook : webhooks.received()) {
                JsonNode json = JSON.readTree(webhook.body());
                if (json.path("streamId").asText().equals(streamId)
                        && json.path("type").asText().equals("ASYSTOLE")) {
                    alert = json;
                }
            }
            Thread.sleep(100);
        }
        assertThat(alert).as("ASYSTOLE webhook for %s", streamId).isNotNull();
        assertThat(alert.path("priority").asText()).isEqualTo("HIGH");
        assertThat(alert.path("onsetSampleIndex").asLong() / fs)
                .as("onset of the asystole in s")
                .isBetween(PAUSE_START_SECONDS - 1.5, PAUSE_START_SECONDS + 0.5);
    }

    private static void assertAsystoleOnTopic(CommittedOutputs outputs, String streamId, double fs)
            throws InterruptedException {
        Alert asystole = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (asystole == null && System.nanoTime() < deadline) {
            for (Alert alert : outputs.alerts()) {
                if (alert.getStreamId().equals(streamId) && alert.getType() == AlertType.ASYSTOLE) {
                    asystole = alert;
                }
            }
            Thread.sleep(100);
        }
        assertThat(asystole).as("ASYSTOLE alert of %s on the alerts topic", streamId).isNotNull();
        assertThat(asystole.getOnsetSampleIndex() / fs)
                .as("onset of the asystole in s")
                .isBetween(PAUSE_START_SECONDS - 1.5, PAUSE_START_SECONDS + 0.5);
    }

    /** Every alert of the stream has a DELIVERED status on the delivery-status topic. */
    private static void assertDeliveredStatus(CommittedOutputs outputs, String streamId)
            throws InterruptedException {
        List<String> alertIds = new ArrayList<>();
        for (Alert alert : outputs.alerts()) {
            if (alert.getStreamId().equals(streamId)) {
                alertIds.add(alert.getAlertId());
            }
        }
        List<String> delivered = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!delivered.containsAll(alertIds) && System.nanoTime() < deadline) {
            delivered.clear();
            for (AlertDelivery delivery : outputs.deliveries()) {
                if (delivery.getOutcome() == DeliveryOutcome.DELIVERED) {
                    delivered.add(delivery.getAlertId());
                }
            }
            Thread.sleep(100);
        }
        assertThat(alertIds).as("alerts of %s", streamId).isNotEmpty();
        assertThat(delivered).as("DELIVERED statuses").containsAll(alertIds);
    }

    private static void assertNoAsystole(CommittedOutputs outputs, String streamId) {
        List<Alert> asystoles = new ArrayList<>();
        for (Alert alert : outputs.alerts()) {
            if (alert.getStreamId().equals(streamId) && alert.getType() == AlertType.ASYSTOLE) {
                asystoles.add(alert);
            }
        }
        assertThat(asystoles).as("ASYSTOLE alerts of %s", streamId).isEmpty();
    }

    private static void assertUndecodableDeadLetter(CommittedOutputs outputs, byte[] garbage)
            throws InterruptedException {
        DeadLetter found = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (found == null && System.nanoTime() < deadline) {
            for (DeadLetter deadLetter : outputs.deadLetters()) {
                if (deadLetter.getReasonCode() == DeadLetterReason.UNDECODABLE) {
                    found = deadLetter;
                }
            }
            Thread.sleep(100);
        }
        assertThat(found).as("UNDECODABLE dead letter").isNotNull();
        ByteBuffer original = found.getOriginalBytes();
        assertThat(original).as("original bytes of the dead letter").isNotNull();
        byte[] bytes = new byte[original.remaining()];
        original.duplicate().get(bytes);
        assertThat(bytes).isEqualTo(garbage);
    }

    /** Checks gap-free ascending indices and every ADC value of every channel. */
    private static void assertSampleExact(List<SignalChunk> chunks, Recording recording) {
        int channelCount = recording.channels().size();
        int[][] expected = new int[channelCount][];
        for (int c = 0; c < channelCount; c++) {
            expected[c] = recording.digital(c).orElseThrow();
        }

        long nextIndex = 0;
        for (SignalChunk chunk : chunks) {
            assertThat(chunk.getFirstSampleIndex())
                    .as("firstSampleIndex of %s", chunk.getStreamId())
                    .isEqualTo(nextIndex);
            List<Integer> values = ((DigitalSamples) chunk.getSamples()).getValues();
            assertThat(values).hasSize(chunk.getFrameCount() * channelCount);
            for (int i = 0; i < chunk.getFrameCount(); i++) {
                for (int c = 0; c < channelCount; c++) {
                    int frame = (int) (nextIndex + i);
                    if (values.get(i * channelCount + c) != expected[c][frame]) {
                        throw new AssertionError(
                                "Sample mismatch in "
                                        + chunk.getStreamId()
                                        + " at frame "
                                        + frame
                                        + " channel "
                                        + c
                                        + ": expected "
                                        + expected[c][frame]
                                        + " but got "
                                        + values.get(i * channelCount + c));
                    }
                }
            }
            nextIndex += chunk.getFrameCount();
        }
        assertThat(nextIndex).isEqualTo(recording.frameCount());
    }
}
