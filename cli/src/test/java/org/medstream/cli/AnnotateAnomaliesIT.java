package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code annotate --task anomalies} then {@code evaluate --task anomalies} with the shipped model
 * on a bundled record it was not trained on.
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
}
