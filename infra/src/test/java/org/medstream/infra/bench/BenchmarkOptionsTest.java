package org.medstream.infra.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.wfdb.WfdbRecord;

class BenchmarkOptionsTest {
    private static List<Recording> recordings;

    @BeforeAll
    static void readRecord() throws Exception {
        recordings =
                List.of(
                        WfdbRecord.read(
                                Path.of(System.getProperty("medstream.data.dir"), "svdb/800")));
    }

    @Test
    void throughputRejectsInvalidOptions() {
        Duration second = Duration.ofSeconds(1);

        assertThatThrownBy(
                        () ->
                                new ThroughputBenchmark.Options(
                                        List.of(), 1, 10, second, second, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Missing recordings");
        assertThatThrownBy(
                        () ->
                                new ThroughputBenchmark.Options(
                                        recordings, 0, 10, second, second, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid stream count 0");
        assertThatThrownBy(
                        () ->
                                new ThroughputBenchmark.Options(
                                        recordings, 1, 0, second, second, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid replay length 0.0 s");
        assertThatThrownBy(
                        () ->
                                new ThroughputBenchmark.Options(
                                        recordings, 1, 10, Duration.ZERO, second, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid checkpoint interval PT0S");
    }

    @Test
    void latencyRejectsInvalidOptions() {
        Duration second = Duration.ofSeconds(1);

        assertThatThrownBy(() -> new LatencyBenchmark.Options(recordings, 0, 60, 10, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid stream count 0");
        assertThatThrownBy(() -> new LatencyBenchmark.Options(recordings, 1, 10, 10, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid duration 10.0 s");
        assertThatThrownBy(
                        () ->
                                new LatencyBenchmark.Options(
                                        recordings, 1, Double.POSITIVE_INFINITY, 10, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid duration Infinity s");
        assertThatThrownBy(() -> new LatencyBenchmark.Options(recordings, 1, 60, -1, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid warm-up -1.0 s");
        assertThatThrownBy(
                        () ->
                                new LatencyBenchmark.Options(
                                        recordings, 1, 60, 10, Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid checkpoint interval");
    }

    @Test
    void alertLatencyRejectsInvalidOptions() {
        Duration second = Duration.ofSeconds(1);

        assertThatThrownBy(() -> new AlertLatencyBenchmark.Options(recordings, 1, 180, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid alert stream count 1");
        assertThatThrownBy(() -> new AlertLatencyBenchmark.Options(recordings, 2, 20, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid alert run duration 20.0 s");
        assertThatThrownBy(() -> new AlertLatencyBenchmark.Options(List.of(), 2, 180, second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Missing recordings");
    }

    @Test
    void alertLatencyNeedsAnnotations(@TempDir Path directory) throws Exception {
        Path mitdb = Path.of(System.getProperty("medstream.data.dir"), "mitdb");
        Files.copy(mitdb.resolve("100.hea"), directory.resolve("100.hea"));
        Files.copy(mitdb.resolve("100.dat"), directory.resolve("100.dat"));
        List<Recording> unannotated = List.of(WfdbRecord.read(directory.resolve("100")));

        assertThatThrownBy(
                        () ->
                                new AlertLatencyBenchmark.Options(
                                        unannotated, 2, 180, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Missing reference beats for the alerts run: "
                                + directory.resolve("100.atr")
                                + " not found. The episodes are built from a record's annotated"
                                + " beats; give WFDB records with their .atr file");
    }

    @Test
    void jobOptionsSetByRunRejected() {
        assertThatThrownBy(
                        () ->
                                BenchmarkJobOptions.parse(
                                        Map.of("webhook.url", "http://127.0.0.1:9/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "Invalid job option webhook.url: every benchmark run sets it itself");
        assertThatThrownBy(() -> BenchmarkJobOptions.parse(Map.of("nonsense", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown option 'nonsense'");
    }
}
