package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
    private static final Path MODELS =
            Path.of(System.getProperty("medstream.data.dir")).resolveSibling("models");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine commandLine = Medstream.newCommandLine();

    private int run(String... args) {
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void helpListsOptions() {
        assertThat(run("serve", "--help")).isZero();

        assertThat(out.toString()).contains("Usage: medstream serve");
        assertThat(out.toString()).contains("--model=MODEL_DIR");
        assertThat(out.toString()).contains("--device=cpu|gpu[:i]");
        assertThat(out.toString()).contains("--max-batch=WINDOWS");
        assertThat(out.toString()).contains("default: 127.0.0.1");
    }

    @Test
    void missingModelIsUsageError() {
        assertThat(run("serve", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--model");
    }

    @Test
    void invalidDeviceIsUsageError() {
        int exitCode =
                run("serve", "--model", MODELS.resolve("lmu-beats").toString(), "--device", "tpu");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid device 'tpu'; expected cpu, gpu or gpu:N");
    }

    @Test
    void gpuForLmuIsUsageError() {
        int exitCode =
                run(
                        "serve",
                        "--model",
                        MODELS.resolve("lmu-beats").toString(),
                        "--device",
                        "gpu:0");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("Device gpu:0 is not available for LMU model lmu-beats")
                .contains("plain Java on the CPU");
    }

    @Test
    void missingModelDirectoryFails(@TempDir Path directory) {
        int exitCode = run("serve", "--model", directory.resolve("absent").toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("absent").contains("no such model directory");
    }

    @Test
    void invalidMaxBatchIsUsageError() {
        int exitCode =
                run("serve", "--model", MODELS.resolve("lmu-beats").toString(), "--max-batch", "0");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid max batch windows 0; expected 1 or more");
    }

    @Test
    void servesUntilStopped() throws Exception {
        CompletableFuture<Integer> exitCode =
                CompletableFuture.supplyAsync(
                        () ->
                                run(
                                        "serve",
                                        "--model",
                                        MODELS.resolve("lmu-beats").toString(),
                                        "--port",
                                        "0",
                                        "--workers",
                                        "1"));
        ServeCommand command = commandLine.getSubcommands().get("serve").getCommand();
        try {
            URI base = awaitAddress();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> health =
                    client.send(
                            HttpRequest.newBuilder(base.resolve("/health")).build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            command.stop();
        }
        assertThat(exitCode.get(60, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString()).contains("Serving lmu-beats on http://127.0.0.1:");
    }

    private URI awaitAddress() throws InterruptedException {
        Pattern address = Pattern.compile("on (http://127\\.0\\.0\\.1:[0-9]+);");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = address.matcher(out.toString());
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            assertThat(err.toString()).as("standard error").isEmpty();
            Thread.sleep(20);
        }
        throw new AssertionError("server did not start: " + out + err);
    }
}
