package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.model.serve.ModelServer;
import org.medstream.model.serve.ServerOptions;
import org.medstream.model.serve.registry.Device;
import org.medstream.model.serve.registry.ModelRegistry;
import picocli.CommandLine;

/**
 * {@code annotate --task breaths} then {@code evaluate --task breaths} on the bundled BIDMC record
 * 01 (first 300 s), as a user runs them. The shipped model trained on 0–240 s, so the score is
 * taken on 240–300 s, the span it was validated on.
 */
class AnnotateBreathsIT {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final Path MODEL = DATA.resolveSibling("models").resolve("lmu-breaths");
    private static final String RECORD =
            DATA.resolve("bidmc").resolve("bidmc_01_Signals.csv").toString();

    @TempDir Path directory;

    @Test
    void annotateBreathsThenEvaluate() throws Exception {
        StringWriter annotateOut = new StringWriter();
        CommandLine annotate = Medstream.newCommandLine();
        annotate.setOut(new PrintWriter(annotateOut, true));
        int annotateExit =
                annotate.execute(
                        "annotate",
                        "--task",
                        "breaths",
                        "--model-dir",
                        MODEL.toString(),
                        "--record",
                        RECORD,
                        "--out",
                        directory.toString());

        assertThat(annotateExit).isZero();
        assertThat(directory.resolve("bidmc_01.breath")).isRegularFile();
        assertThat(annotateOut.toString())
                .contains("trained on 0-240 s of record bidmc_01, so scores there do not show");

        StringWriter out = new StringWriter();
        CommandLine evaluate = Medstream.newCommandLine();
        evaluate.setOut(new PrintWriter(out, true));
        int evaluateExit =
                evaluate.execute(
                        "evaluate",
                        "--task",
                        "breaths",
                        "--test",
                        directory.toString(),
                        "--record",
                        RECORD,
                        "--from",
                        "240",
                        "--json");

        assertThat(evaluateExit).isZero();
        JsonNode total = new ObjectMapper().readTree(out.toString()).get("total");
        System.out.println("BIDMC 01, 240-300 s: " + total);
        assertThat(total.get("tp").asLong() + total.get("fn").asLong()).isGreaterThan(15);
        assertThat(total.get("sensitivity").asDouble()).isGreaterThan(90);
        assertThat(total.get("positivePredictivity").asDouble()).isGreaterThan(90);
        assertThat(total.get("meanAbsoluteErrorSamples125Hz").asDouble()).isLessThan(20);
    }

    @Test
    void unreachableServerRejectedAtStart() throws Exception {
        int port;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CommandLine annotate = Medstream.newCommandLine();
        annotate.setErr(new PrintWriter(err, true));

        int exitCode =
                annotate.execute(
                        "annotate",
                        "--task",
                        "breaths",
                        "--server",
                        "http://127.0.0.1:" + port,
                        "--record",
                        RECORD,
                        "--out",
                        directory.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "Invalid value for option '--server': cannot reach http://127.0.0.1:"
                                + port);
    }

    @Test
    void recordWithoutRespirationRejected() {
        StringWriter err = new StringWriter();
        CommandLine annotate = Medstream.newCommandLine();
        annotate.setErr(new PrintWriter(err, true));

        int exitCode =
                annotate.execute(
                        "annotate",
                        "--task",
                        "breaths",
                        "--model-dir",
                        MODEL.toString(),
                        "--record",
                        DATA.resolve("mitdb/100").toString(),
                        "--out",
                        directory.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("has no respiration channel (channels [MLII, V5])");
    }

    @Test
    void scoringPastRecordEndRejected() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine evaluate = Medstream.newCommandLine();
        evaluate.setErr(new PrintWriter(err, true));
        WfdbAnnotations.write(directory.resolve("bidmc_01.breath"), List.of());

        int exitCode =
                evaluate.execute(
                        "evaluate",
                        "--task",
                        "breaths",
                        "--test",
                        directory.toString(),
                        "--record",
                        RECORD,
                        "--from",
                        "400");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("400.0 s is at or after the end of")
                .contains("which lasts 300.0 s");
    }

    @Test
    void missingReferenceNamed() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine evaluate = Medstream.newCommandLine();
        evaluate.setErr(new PrintWriter(err, true));
        WfdbAnnotations.write(directory.resolve("bidmc_01.breath"), List.of());

        int exitCode =
                evaluate.execute(
                        "evaluate",
                        "--task",
                        "breaths",
                        "--reference",
                        "ann7",
                        "--test",
                        directory.toString(),
                        "--record",
                        RECORD);

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("has no marks of annotator ann7");
    }

    @Test
    void serverGivesSameBreaths() throws Exception {
        Path local = directory.resolve("local");
        Path remote = directory.resolve("remote");
        int localExit =
                Medstream.newCommandLine()
                        .execute(
                                "annotate",
                                "--task",
                                "breaths",
                                "--model-dir",
                                MODEL.toString(),
                                "--record",
                                RECORD,
                                "--out",
                                local.toString());
        int remoteExit;
        int unknownModelExit;
        ModelRegistry registry = new ModelRegistry();
        registry.load(MODEL, Device.CPU);
        registry.load(MODEL.resolveSibling("lmu-waves"), Device.CPU);
        StringWriter wrongTaskErr = new StringWriter();
        int wrongTaskExit;
        try (ModelServer server = ModelServer.start(registry, ServerOptions.defaults(0))) {
            assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
            remoteExit = annotateServed(server, "lmu-breaths", remote);
            unknownModelExit =
                    annotateServed(server, "no-such-model", directory.resolve("unknown"));
            CommandLine wrongTask = Medstream.newCommandLine();
            wrongTask.setErr(new PrintWriter(wrongTaskErr, true));
            wrongTaskExit =
                    wrongTask.execute(
                            "annotate",
                            "--task",
                            "breaths",
                            "--server",
                            server.uri().toString(),
                            "--server-model",
                            "lmu-waves",
                            "--record",
                            RECORD,
                            "--out",
                            directory.resolve("wrong-task").toString());
        }

        assertThat(localExit).isZero();
        assertThat(wrongTaskExit).as("a served model of another task").isEqualTo(2);
        assertThat(wrongTaskErr.toString()).contains("does task 'waves', not breaths");
        assertThat(remoteExit).isZero();
        assertThat(unknownModelExit).as("a model the server does not serve").isEqualTo(2);
        List<Long> localOnsets = onsets(local.resolve("bidmc_01.breath"));
        assertThat(localOnsets).hasSizeGreaterThan(100);
        assertThat(onsets(remote.resolve("bidmc_01.breath"))).isEqualTo(localOnsets);
    }

    @Test
    void medtsllmModelAnnotatesThenEvaluates() throws Exception {
        Path model = directory.resolve("medtsllm-breaths");
        Path eval = directory.resolve("eval");
        Path backbone = DATA.resolveSibling("models").resolve("stories260K/stories260K.gguf");
        int trained =
                Medstream.newCommandLine()
                        .execute(
                                "train",
                                "--task",
                                "breaths",
                                "--model",
                                "medtsllm",
                                "--data",
                                DATA.resolve("bidmc").toString(),
                                "--out",
                                model.toString(),
                                "--backbone",
                                backbone.toString(),
                                "--training-span",
                                "0-60",
                                "--validation-span",
                                "270-300",
                                "--input-channels",
                                "RESP,PLETH",
                                "--covariates",
                                "interleave",
                                "--prompt",
                                "task",
                                "--prototypes",
                                "64",
                                "--max-windows",
                                "24",
                                "--epochs",
                                "4",
                                "--batch-size",
                                "8",
                                "--learning-rate",
                                "0.003");
        // annotate looks for the backbone in the model directory or one next to it.
        Files.copy(backbone, model.resolve("stories260K.gguf"));
        StringWriter annotateOut = new StringWriter();
        CommandLine annotate = Medstream.newCommandLine();
        annotate.setOut(new PrintWriter(annotateOut, true));
        int annotated =
                annotate.execute(
                        "annotate",
                        "--task",
                        "breaths",
                        "--model",
                        "medtsllm",
                        "--model-dir",
                        model.toString(),
                        "--record",
                        RECORD,
                        "--out",
                        eval.toString());
        ModelRegistry registry = new ModelRegistry();
        registry.load(model, Device.CPU);
        int served;
        try (ModelServer server = ModelServer.start(registry, ServerOptions.defaults(0))) {
            assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
            served = annotateServed(server, "medtsllm-breaths", directory.resolve("served"));
        }

        assertThat(trained).isZero();
        assertThat(annotated).isZero();
        assertThat(annotateOut.toString())
                .contains("trained on 0-60 s of record bidmc_01, so scores there do not show");
        assertThat(served).as("the served model of RESP and PLETH").isZero();
        for (Path breaths : List.of(eval, directory.resolve("served"))) {
            JsonNode total = evaluateFrom60s(breaths);
            System.out.println(
                    "BIDMC 01, 60-300 s, small MedTsLLM model, "
                            + breaths.getFileName()
                            + ": "
                            + total);
            assertThat(total.get("tp").asLong() + total.get("fn").asLong()).isGreaterThan(60);
            assertThat(total.get("sensitivity").asDouble()).isGreaterThan(70);
            assertThat(total.get("positivePredictivity").asDouble()).isGreaterThan(80);
        }
    }

    /** Runs {@code annotate --task breaths} on RECORD through the served model {@code model}. */
    private static int annotateServed(ModelServer server, String model, Path out) {
        return Medstream.newCommandLine()
                .execute(
                        "annotate",
                        "--task",
                        "breaths",
                        "--server",
                        server.uri().toString(),
                        "--server-model",
                        model,
                        "--record",
                        RECORD,
                        "--out",
                        out.toString());
    }

    /** Scores the breaths in {@code breaths} from 60 s on and returns the total. */
    private static JsonNode evaluateFrom60s(Path breaths) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine evaluate = Medstream.newCommandLine();
        evaluate.setOut(new PrintWriter(out, true));
        int evaluated =
                evaluate.execute(
                        "evaluate",
                        "--task",
                        "breaths",
                        "--test",
                        breaths.toString(),
                        "--record",
                        RECORD,
                        "--from",
                        "60",
                        "--json");
        assertThat(evaluated).as("evaluate " + breaths).isZero();
        return new ObjectMapper().readTree(out.toString()).get("total");
    }

    @Test
    void medtsllmRecordWithoutCovariateRejected() throws Exception {
        Path model = directory.resolve("medtsllm-model");
        Files.createDirectories(model);
        Files.writeString(
                model.resolve("model.json"),
                "{\"model\": \"medtsllm\", \"task\": \"breaths\", \"boundary\":"
                        + " {\"inputChannels\": [\"RESP\", \"PLETH\"]}}");
        Path record = directory.resolve("bidmc_02_Signals.csv");
        List<String> lines = Files.readAllLines(Path.of(RECORD)).subList(0, 1000);
        List<String> withoutPleth = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(",");
            withoutPleth.add(fields[0] + "," + fields[1] + "," + fields[3]);
        }
        Files.write(record, withoutPleth);
        StringWriter err = new StringWriter();
        CommandLine annotate = Medstream.newCommandLine();
        annotate.setErr(new PrintWriter(err, true));

        int exitCode =
                annotate.execute(
                        "annotate",
                        "--task",
                        "breaths",
                        "--model",
                        "medtsllm",
                        "--model-dir",
                        model.toString(),
                        "--record",
                        record.toString(),
                        "--out",
                        directory.resolve("eval").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("has no channel PLETH (channels [RESP, V])")
                .contains("reads channels [RESP, PLETH]");
    }

    private static List<Long> onsets(Path file) throws Exception {
        return WfdbAnnotations.read(file).stream().map(Annotation::sample).toList();
    }
}
