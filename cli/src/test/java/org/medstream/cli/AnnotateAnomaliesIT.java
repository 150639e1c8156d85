package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code annotate --task anomalies} then {@code evaluate --task anomalies} with the shipped model
 * on a bundled record it was not trained on, and with a MedTsLLM model trained for a few windows.
 */
class AnnotateAnomaliesIT {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final Path MODELS = DATA.resolveSibling("models");

    @TempDir Path directory;

    @Test
    void heldOutRecordScoredPointAdjusted() throws Exception {
        Path record = DATA.resolve("mitdb/208");

        int annotated =
                Medstream.newCommandLine()
                        .execute(
                                "annotate",
                                "--task",
                                "anomalies",
                                "--model-dir",
                                MODELS.resolve("lmu-anomalies").toString(),
                                "--record",
                                record.toString(),
                                "--out",
                                directory.toString());
        StringWriter out = new StringWriter();
        CommandLine evaluateCommand = Medstream.newCommandLine();
        evaluateCommand.setOut(new PrintWriter(out, true));
        int exitCode =
                evaluateCommand.execute(
                        "evaluate",
                        "--task",
                        "anomalies",
                        "--json",
                        "--test",
                        directory.toString(),
                        "--record",
                        record.toString());

        assertThat(annotated).isZero();
        assertThat(directory.resolve("208.anomaly")).exists();
        assertThat(exitCode).isZero();
        // The shipped model scored F1 94.50, precision 97.02 and recall 92.12 on record 208.
        JsonNode total = new ObjectMapper().readTree(out.toString()).get("total");
        assertThat(total.get("samples").asLong()).isEqualTo(650000);
        assertThat(total.get("f1").asDouble()).isGreaterThanOrEqualTo(90.0);
        assertThat(total.get("precision").asDouble()).isGreaterThanOrEqualTo(90.0);
        assertThat(total.get("auroc").asDouble()).isGreaterThanOrEqualTo(90.0);
    }

    @Test
    void beatsModelRejected() {
        StringWriter err = new StringWriter();
        CommandLine annotate = Medstream.newCommandLine();
        annotate.setErr(new PrintWriter(err, true));

        int exitCode =
                annotate.execute(
                        "annotate",
                        "--task",
                        "anomalies",
                        "--model-dir",
                        MODELS.resolve("lmu-beats").toString(),
                        "--record",
                        DATA.resolve("mitdb/100").toString(),
                        "--out",
                        directory.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("Invalid value for option '--model-dir'")
                .contains(
                        "it is a 'beats' model, anomaly scoring needs a model of task 'anomalies'");
    }

    @Test
    void medtsllmModelWritesTheSameFiles() throws Exception {
        Path model = directory.resolve("medtsllm-anomalies");
        Path eval = directory.resolve("eval");
        int trained =
                Medstream.newCommandLine()
                        .execute(
                                "train",
                                "--task",
                                "anomalies",
                                "--model",
                                "medtsllm",
                                "--data",
                                DATA.resolve("mitdb").toString(),
                                "--out",
                                model.toString(),
                                "--backbone",
                                MODELS.resolve("stories260K/stories260K.gguf").toString(),
                                "--records",
                                "100",
                                "--validation-records",
                                "103",
                                "--max-windows",
                                "8",
                                "--epochs",
                                "1",
                                "--batch-size",
                                "4",
                                "--prototypes",
                                "16",
                                "--anomaly-rate",
                                "0.05");
        // annotate looks for the backbone in the model directory or one next to it.
        Files.copy(
                MODELS.resolve("stories260K/stories260K.gguf"), model.resolve("stories260K.gguf"));
        StringWriter annotateOut = new StringWriter();
        CommandLine annotate = Medstream.newCommandLine();
        annotate.setOut(new PrintWriter(annotateOut, true));
        int annotated =
                annotate.execute(
                        "annotate",
                        "--task",
                        "anomalies",
                        "--model",
                        "medtsllm",
                        "--model-dir",
                        model.toString(),
                        "--record",
                        DATA.resolve("mitdb/100").toString(),
                        "--out",
                        eval.toString());
        StringWriter out = new StringWriter();
        CommandLine evaluate = Medstream.newCommandLine();
        evaluate.setOut(new PrintWriter(out, true));
        int evaluated =
                evaluate.execute(
                        "evaluate",
                        "--task",
                        "anomalies",
                        "--json",
                        "--test",
                        eval.toString(),
                        "--record",
                        DATA.resolve("mitdb/100").toString());

        assertThat(trained).isZero();
        JsonNode metadata = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertThat(metadata.get("task").asText()).isEqualTo("anomalies");
        assertThat(metadata.get("anomaly").get("anomalyRate").asDouble()).isEqualTo(0.05);
        assertThat(metadata.get("anomaly").get("threshold").asDouble()).isPositive();
        assertThat(annotated).isZero();
        // Record 100 is the training record here, so annotate warns that its scores are no test.
        assertThat(annotateOut.toString())
                .contains("100: ")
                .contains("Note: the model in " + model + " trained on record 100");
        assertThat(evaluated).isZero();
        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertThat(result.get("total").get("samples").asLong()).isEqualTo(650000);
        JsonNode beatLevel = result.get("beatLevel").get(1);
        assertThat(beatLevel.get("record").asText()).isEqualTo("total");
        // Record 100 has one V beat and 33 atrial premature beats.
        assertThat(beatLevel.get("ventricularBeats").asLong()).isEqualTo(1);
        assertThat(beatLevel.get("abnormalBeats").asLong()).isEqualTo(34);
        assertThat(beatLevel.get("spans").asLong()).isPositive();
    }
}
