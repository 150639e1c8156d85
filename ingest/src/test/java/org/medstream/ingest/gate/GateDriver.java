package org.medstream.ingest.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.replay.Chunker;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.serde.AvroCodec;
import org.medstream.schemas.topic.Topics;

/** The gate topology in a {@link TopologyTestDriver}, with typed access to its topics. */
final class GateDriver implements AutoCloseable {
    static final Instant START = Instant.parse("2026-12-04T08:00:00Z");

    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> raw;
    final TestInputTopic<String, PatientContext> patients;
    final TestOutputTopic<String, SignalChunk> clean;
    final TestOutputTopic<String, DeadLetter> deadLetters;
    private final AvroCodec<SignalChunk> codec = AvroCodec.of(SignalChunk.class);
    private final Path stateDirectory;

    GateDriver(GateConfig config) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "gate-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // A state directory per driver: the default one under /tmp is shared by every build on the
        // machine, and RocksDB's lock on it fails a second build that runs the gate tests at once.
        try {
            stateDirectory = Files.createTempDirectory("gate-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        driver = new TopologyTestDriver(IngestGate.buildTopology(config), properties);
        raw =
                driver.createInputTopic(
                        config.rawTopic(),
                        Serdes.String().serializer(),
                        Serdes.ByteArray().serializer());
        patients =
                driver.createInputTopic(
                        config.patientsTopic(),
                        Serdes.String().serializer(),
                        Topics.PATIENTS.valueSerde().serializer());
        clean =
                driver.createOutputTopic(
                        config.cleanTopic(),
                        Serdes.String().deserializer(),
                        Topics.SIGNALS_CLEAN.valueSerde().deserializer());
        deadLetters =
                driver.createOutputTopic(
                        config.deadLetterTopic(),
                        Serdes.String().deserializer(),
                        Topics.SIGNALS_DEAD_LETTER.valueSerde().deserializer());
    }

    GateDriver() {
        this(GateConfig.defaults());
    }

    void send(SignalChunk chunk) {
        raw.pipeInput(chunk.getStreamId(), codec.encode(chunk));
    }

    void sendAll(List<SignalChunk> chunks) {
        chunks.forEach(this::send);
    }

    GateCounts counts() {
        return GateCounts.of(driver.metrics());
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path data(String path) {
        return Path.of(System.getProperty("medstream.data.dir", "../data")).resolve(path);
    }

    /** The first {@code seconds} of a bundled record as 250 ms chunks of one stream. */
    static List<SignalChunk> chunks(String record, String streamId, double seconds)
            throws Exception {
        Recording recording = RecordingFiles.open(data(record));
        int frames = Chunker.framesPerChunk(recording.samplingFrequencyHz(), 250);
        Chunker chunker =
                new Chunker(
                        recording,
                        streamId,
                        START,
                        frames,
                        Math.round(seconds * recording.samplingFrequencyHz()));
        List<SignalChunk> chunks = new ArrayList<>();
        chunker.forEachRemaining(chunks::add);
        return chunks;
    }
}
