package org.medstream.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.model.serve.ModelServer;
import org.medstream.model.serve.ServerOptions;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.registry.Device;
import org.medstream.model.serve.registry.ModelRegistry;

/** The load generator against a real model server on 127.0.0.1 with the LMU beats model. */
class ServeLoadBenchmarkTest {
    private static final Path MODEL =
            Path.of(System.getProperty("medstream.data.dir"), "..", "models", "lmu-beats")
                    .normalize();

    private static ModelRegistry registry;
    private static ModelServer server;

    @BeforeAll
    static void startServer() throws Exception {
        registry = new ModelRegistry();
        registry.load(MODEL, Device.CPU);
        server = ModelServer.start(registry, ServerOptions.defaults(0));
        assertThat(server.awaitReady(Duration.ofSeconds(60))).as("ready").isTrue();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void requestBudgetBoundsRun() throws Exception {
        ServeLoadBenchmark.Options options =
                new ServeLoadBenchmark.Options(
                        windows(), 2, 3, Duration.ofSeconds(60), 7, Duration.ZERO);

        ServeLoadBenchmark.Result result =
                ServeLoadBenchmark.overHttp(server.uri(), "lmu-beats", false, options);

        assertThat(result.requests()).isEqualTo(7);
        assertThat(result.failures()).isZero();
        assertThat(result.windows()).isEqualTo(14);
        assertThat(result.samples()).isEqualTo(14L * 360);
        assertThat(result.latency().count()).isEqualTo(7);
        assertThat(result.seconds()).isLessThan(30);
    }

    @Test
    void avroRunsForDuration() throws Exception {
        ServeLoadBenchmark.Options options =
                new ServeLoadBenchmark.Options(
                        windows(), 1, 2, Duration.ofMillis(500), 0, Duration.ofMillis(100));

        ServeLoadBenchmark.Result result =
                ServeLoadBenchmark.overHttp(server.uri(), "lmu-beats", true, options);

        assertThat(result.requests()).isPositive();
        assertThat(result.failures()).isZero();
        assertThat(result.seconds()).isGreaterThanOrEqualTo(0.5);
        assertThat(result.windowsPerSecond()).isPositive();
    }

    @Test
    void unknownModelCountsFailures() throws Exception {
        ServeLoadBenchmark.Options options =
                new ServeLoadBenchmark.Options(
                        windows(), 1, 1, Duration.ofSeconds(60), 3, Duration.ZERO);

        ServeLoadBenchmark.Result result =
                ServeLoadBenchmark.overHttp(server.uri(), "absent", false, options);

        assertThat(result.requests()).isZero();
        assertThat(result.failures()).isEqualTo(3);
        assertThat(result.firstFailure()).startsWith("HTTP 404");
    }

    @Test
    void inProcessRunsPredictors() throws Exception {
        ServeLoadBenchmark.Options options =
                new ServeLoadBenchmark.Options(
                        windows(), 1, 2, Duration.ofSeconds(60), 5, Duration.ZERO);

        ServeLoadBenchmark.Result result =
                ServeLoadBenchmark.inProcess(registry.get("lmu-beats"), options);

        assertThat(result.requests()).isEqualTo(5);
        assertThat(result.failures()).isZero();
    }

    /** Two one-second windows of a 360 Hz lead II signal (a sine, the model only has to run). */
    private static List<Window> windows() {
        float[][] samples = new float[1][360];
        for (int i = 0; i < samples[0].length; i++) {
            samples[0][i] = (float) Math.sin(2 * Math.PI * i / 360.0);
        }
        return List.of(
                new Window("a", List.of("MLII"), 360, samples, 0, null),
                new Window("b", List.of("MLII"), 360, samples, 0, null));
    }
}
