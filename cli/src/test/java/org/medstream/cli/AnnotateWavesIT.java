package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code annotate --task waves} then {@code evaluate --task waves} on LUDB record 1, as a user runs
 * them: the wave operator on an embedded Flink, one WFDB annotation file per lead, and the
 * delineation score.
 */
class AnnotateWavesIT {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final Path MODEL = DATA.resolveSibling("models").resolve("lmu-waves");
    private static final List<String> LEADS =
            List.of("i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6");

    @TempDir Path directory;

    @Test
    void annotateWavesThenEvaluate() throws Exception {
        String record = DATA.resolve("ludb/1").toString();
        int annotateExit =
                Medstream.newCommandLine()
                        .execute(
                                "annotate",
                                "--task",
                                "waves",
                                "--model",
                                "lmu",
                                "--model-dir",
                                MODEL.toString(),
                                "--record",
                                record,
                                "--out",
                                directory.toString());

        assertThat(annotateExit).isZero();
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(
                            LEADS.stream().map(lead -> "1." + lead).toList());
        }

        StringWriter out = new StringWriter();
        CommandLine evaluate = Medstream.newCommandLine();
        evaluate.setOut(new PrintWriter(out, true));
        int evaluateExit =
                evaluate.execute(
                        "evaluate",
                        "--task",
                        "waves",
                        "--json",
                        "--test",
                        directory.toString(),
                        "--record",
                        record);

        assertThat(evaluateExit).isZero();
        System.out.println(out);
        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertThat(result.get("leads").asInt()).isEqualTo(12);
        // Scores are percentages. Record 1 is among the model's training records, so this checks
        // the path from operator to files, not how well the model generalises.
        JsonNode qrsOnset = result.get("fiducials").get("QRS_ONSET");
        assertThat(qrsOnset.get("sensitivity").asDouble()).isGreaterThan(95.0);
        assertThat(qrsOnset.get("positivePredictivity").asDouble()).isGreaterThan(95.0);
        assertThat(qrsOnset.get("meanErrorMillis").asDouble()).isBetween(-20.0, 20.0);
        assertThat(result.get("records")).hasSize(1);
        assertThat(result.get("records").get(0).get("record").asText()).isEqualTo("1");
    }

    @Test
    void recordWithoutReferenceWavesNamed() {
        UsageError result =
                evaluateWaves(
                        "--record",
                        DATA.resolve("ludb/8").toString(),
                        "--record",
                        DATA.resolve("ludb/1").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("8.hea")
                .contains("no reference wave annotations next to the record: expected 8.<lead>");
    }

    @Test
    void fromRejectedForWaves() {
        UsageError result =
                evaluateWaves("--from", "2", "--record", DATA.resolve("ludb/1").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Options '--from' and '--to' do not apply to --task");
    }

    /** Runs evaluate --task waves on the test folder with {@code options} and keeps stderr. */
    private UsageError evaluateWaves(String... options) {
        StringWriter err = new StringWriter();
        CommandLine evaluate = Medstream.newCommandLine();
        evaluate.setErr(new PrintWriter(err, true));
        List<String> arguments =
                new ArrayList<>(
                        List.of("evaluate", "--task", "waves", "--test", directory.toString()));
        arguments.addAll(List.of(options));

        int exitCode = evaluate.execute(arguments.toArray(new String[0]));
        return new UsageError(exitCode, err.toString());
    }

    /** Exit code and stderr of a command that fails. */
    private record UsageError(int exitCode, String err) {}

    private UsageError annotateRecordOne(String... options) {
        StringWriter err = new StringWriter();
        CommandLine annotate = Medstream.newCommandLine();
        annotate.setErr(new PrintWriter(err, true));
        List<String> arguments = new ArrayList<>(List.of("annotate", "--task", "waves"));
        arguments.addAll(List.of(options));
        arguments.addAll(
                List.of(
                        "--record",
                        DATA.resolve("ludb/1").toString(),
                        "--out",
                        directory.toString()));

        int exitCode = annotate.execute(arguments.toArray(new String[0]));
        return new UsageError(exitCode, err.toString());
    }

    @Test
    void unknownWaveModelRejected() {
        UsageError result = annotateRecordOne("--model", "classic");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("unknown model 'classic' for --task waves (supported: lmu, medtsllm)");
    }

    @Test
    void medtsllmNeedsModelDirectory() {
        UsageError result = annotateRecordOne("--model", "medtsllm");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("Missing option '--model-dir': --model medtsllm needs the directory");
    }

    @Test
    void lmuDirectoryRejectedForMedtsllm() {
        UsageError result =
                annotateRecordOne("--model", "medtsllm", "--model-dir", MODEL.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("Invalid value for option '--model-dir'")
                .contains("not medtsllm");
    }

    @Test
    void beatsModelRejectedForWaves() {
        Path beatsModel = MODEL.resolveSibling("lmu-beats");

        UsageError result = annotateRecordOne("--model-dir", beatsModel.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("Invalid value for option '--model-dir'")
                .contains("it is a 'beats' model");
    }

    @Test
    void medtsllmPatientPromptWithoutPatientsNoted() throws Exception {
        Path model = directory.resolve("medtsllm-waves");
        int trained =
                Medstream.newCommandLine()
                        .execute(
                                "train",
                                "--model",
                                "medtsllm",
                                "--task",
                                "waves",
                                "--data",
                                DATA.resolve("ludb").toString(),
                                "--out",
                                model.toString(),
                                "--records",
                                "2",
                                "--validation-records",
                                "3",
                                "--max-windows",
                                "8",
                                "--epochs",
                                "1",
                                "--prototypes",
                                "16");
        StringWriter out = new StringWriter();
        CommandLine annotate = Medstream.newCommandLine();
        annotate.setOut(new PrintWriter(out, true));

        int annotated =
                annotate.execute(
                        "annotate",
                        "--task",
                        "waves",
                        "--model",
                        "medtsllm",
                        "--model-dir",
                        model.toString(),
                        "--record",
                        DATA.resolve("ludb/1").toString(),
                        "--out",
                        directory.resolve("eval").toString());

        assertThat(trained).isZero();
        assertThat(annotated).isZero();
        assertThat(out.toString())
                .contains(
                        "Note: the model's prompt has a patient part, which stays empty without"
                                + " --patients FILE");
    }

    @Test
    void patientsFileReadForWaves() throws Exception {
        int exitCode =
                Medstream.newCommandLine()
                        .execute(
                                "annotate",
                                "--task",
                                "waves",
                                "--model-dir",
                                MODEL.toString(),
                                "--patients",
                                DATA.resolve("ludb/ludb.csv").toString(),
                                "--record",
                                DATA.resolve("ludb/1").toString(),
                                "--out",
                                directory.toString());

        assertThat(exitCode).isZero();
        assertThat(directory.resolve("1.ii")).exists();
    }

    @Test
    void modelRejectedWithServer() {
        // The server runs its own models, so a --model here would be silently ignored.
        UsageError result =
                annotateRecordOne("--server", "http://127.0.0.1:1", "--model", "medtsllm");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("Option '--model' does not apply with '--server'")
                .contains("--server-model");
    }

    @Test
    void serverModelNeedsServer() {
        UsageError result = annotateRecordOne("--server-model", "lmu-waves");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Option '--server-model' applies with '--server' only");
    }

    @Test
    void missingPatientsFileNamed() {
        Path missing = directory.resolve("absent.csv");

        UsageError result =
                annotateRecordOne(
                        "--model-dir", MODEL.toString(), "--patients", missing.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Patient file not found: " + missing);
    }

    @Test
    void patientsRejectedForBeats() {
        StringWriter err = new StringWriter();
        CommandLine annotate = Medstream.newCommandLine();
        annotate.setErr(new PrintWriter(err, true));

        int exitCode =
                annotate.execute(
                        "annotate",
                        "--task",
                        "beats",
                        "--patients",
                        DATA.resolve("ludb/ludb.csv").toString(),
                        "--record",
                        DATA.resolve("ludb/1").toString(),
                        "--out",
                        directory.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Option '--patients' applies to --task waves only");
    }
}
