package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code annotate} then {@code evaluate} on bundled MIT-BIH records, as a user runs them: the
 * streaming operators on an embedded Flink, WFDB annotation files, and the EC57 score.
 */
class AnnotateEvaluateIT {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    @TempDir Path directory;

    @Test
    void annotateThenEvaluateMeetsEc57Targets() throws Exception {
        List<String> records = List.of("mitdb/100", "mitdb/208");

        List<String> annotate = new ArrayList<>(List.of("annotate", "--out", directory.toString()));
        List<String> evaluate =
                new ArrayList<>(List.of("evaluate", "--json", "--test", directory.toString()));
        for (String record : records) {
            annotate.addAll(List.of("--record", DATA.resolve(record).toString()));
            evaluate.addAll(List.of("--record", DATA.resolve(record).toString()));
        }

        assertThat(Medstream.newCommandLine().execute(annotate.toArray(String[]::new))).isZero();
        assertThat(directory.resolve("100.classic")).exists();
        assertThat(directory.resolve("208.classic")).exists();

        StringWriter out = new StringWriter();
        CommandLine evaluateCommand = Medstream.newCommandLine();
        evaluateCommand.setOut(new PrintWriter(out, true));
        int exitCode = evaluateCommand.execute(evaluate.toArray(String[]::new));

        assertThat(exitCode).isZero();
        JsonNode gross = new ObjectMapper().readTree(out.toString()).get("gross");
        assertThat(gross.get("sensitivity").asDouble()).isGreaterThanOrEqualTo(99.5);
        assertThat(gross.get("positivePredictivity").asDouble()).isGreaterThanOrEqualTo(99.5);
    }

    @Test
    void lmuBeatsModelOnHeldOutRecord() throws Exception {
        Path record = DATA.resolve("mitdb/208");
        Path model = DATA.resolveSibling("models").resolve("lmu-beats");

        int annotated =
                Medstream.newCommandLine()
                        .execute(
                                "annotate",
                                "--task",
                                "beats",
                                "--model",
                                "lmu",
                                "--model-dir",
                                model.toString(),
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
                        "--json",
                        "--model",
                        "lmu",
                        "--test",
                        directory.toString(),
                        "--record",
                        record.toString());

        assertThat(annotated).isZero();
        assertThat(exitCode).isZero();
        // Record 208 is not a training record of the shipped beats model; it scored 98.97 / 99.34.
        JsonNode gross = new ObjectMapper().readTree(out.toString()).get("gross");
        assertThat(gross.get("sensitivity").asDouble()).isGreaterThanOrEqualTo(98.5);
        assertThat(gross.get("positivePredictivity").asDouble()).isGreaterThanOrEqualTo(99.0);
    }
}
