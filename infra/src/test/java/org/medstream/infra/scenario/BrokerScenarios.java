package org.medstream.infra.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.KafkaChunkSink;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.ingest.replay.ReplayProgress;
import org.medstream.ingest.replay.ReplayStream;
import org.medstream.ingest.replay.ReplaySummary;
import org.medstream.ingest.replay.Replayer;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.topic.Topics;

/**
 * End-to-end scenarios written once against a {@link KafkaFixture}. Each subclass supplies one
 * broker: {@link EmbeddedBrokerScenariosIT} the in-JVM KRaft broker, {@link
 * ContainerBrokerScenariosIT} a Docker container. Add a scenario here and it runs on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrokerScenarios {
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
