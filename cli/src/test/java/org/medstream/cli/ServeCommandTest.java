package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.model.ludb.WaveClass;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.medtsllm.prompt.PromptBuilder;
import org.medstream.model.medtsllm.prompt.PromptParts;
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
        assertThat(out.toString()).contains("--prefix-cache-mb=MIB");
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
    void missingModelDirectoryIsUsageError(@TempDir Path directory) {
        int exitCode = run("serve", "--model", directory.resolve("absent").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--model'");
        assertThat(err.toString()).contains("absent").contains("no such model directory");
    }

    @Test
    void negativePrefixCacheIsUsageError() {
        int exitCode =
                run(
                        "serve",
                        "--model",
                        MODELS.resolve("lmu-beats").toString(),
                        "--prefix-cache-mb",
                        "-1");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "Invalid value for option '--prefix-cache-mb': -1; expected 0 MiB or more");
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

    @Test
    void servesMedTsLlmWithSiblingBackbone(@TempDir Path models) throws Exception {
        Path model = writeUntrainedMedTsLlm(models);
        CompletableFuture<Integer> exitCode =
                CompletableFuture.supplyAsync(
                        () -> run("serve", "--model", model.toString(), "--port", "0"));
        ServeCommand command = commandLine.getSubcommands().get("serve").getCommand();
        try {
            URI base = awaitAddress();
            HttpResponse<String> info =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    base.resolve("/v1/models/medtsllm-waves"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());

            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(info.body()).contains("\"model\":\"medtsllm\"");
            assertThat(info.body()).contains("\"backbone\":\"stories260K.gguf\"");
        } finally {
            command.stop();
        }
        assertThat(exitCode.get(60, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void absentGpuForMedTsLlmIsUsageError(@TempDir Path models) throws Exception {
        Path model = writeUntrainedMedTsLlm(models);
        int gpus = Engine.getInstance().getGpuCount();

        int exitCode = run("serve", "--model", model.toString(), "--device", "gpu:" + gpus);

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("Device gpu:" + gpus + " is not available for MedTsLLM model")
                .contains("sees " + gpus + " CUDA GPU(s)");
    }

    @Test
    void missingBackboneNamesOption(@TempDir Path models) throws Exception {
        Path model = writeUntrainedMedTsLlm(models);
        // A backbone that no place has, since the tests set MEDSTREAM_HOME to the repository.
        Path json = model.resolve("model.json");
        Files.writeString(
                json,
                Files.readString(json).replace("\"stories260K.gguf\"", "\"other-backbone.gguf\""));

        int exitCode = run("serve", "--model", model.toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("other-backbone.gguf").contains("--backbone FILE");
    }

    /**
     * Writes untrained MedTsLLM layers around stories260K to {@code models/medtsllm-waves}, with a
     * copy of the backbone in the sibling directory {@code models/stories260K}.
     */
    private static Path writeUntrainedMedTsLlm(Path models) throws Exception {
        Path backbone = models.resolve("stories260K").resolve("stories260K.gguf");
        Files.createDirectories(backbone.getParent());
        Files.copy(MODELS.resolve("stories260K").resolve("stories260K.gguf"), backbone);

        Engine.getInstance().setRandomSeed(3);
        MedTsLlmConfig config = MedTsLlmConfig.defaults(512, WaveClass.COUNT);
        PromptParts parts = PromptParts.parse("task");
        String task = "Label every sample as P wave, QRS complex, T wave or none.";
        Path directory = models.resolve("medtsllm-waves");
        try (MedTsLlmModel model =
                MedTsLlmModel.create(
                        config, backbone, new PromptBuilder(parts, "", task), "medtsllm-waves")) {
            model.initialize();
            model.save(
                    directory,
                    new MedTsLlmMetadata(
                            "waves",
                            MedTsLlmMetadata.MODEL,
                            "test",
                            WaveClass.names(),
                            500,
                            config,
                            256,
                            parts.names(),
                            "",
                            task,
                            "stories260K.gguf",
                            MedTsLlmModel.sha256(backbone),
                            model.parameterCount(),
                            model.weightsFileName(),
                            List.of(),
                            List.of(),
                            0,
                            "untrained, for tests",
                            3,
                            0,
                            0,
                            "epochs",
                            0,
                            List.of(),
                            null,
                            0,
                            null,
                            null));
        }
        return directory;
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
