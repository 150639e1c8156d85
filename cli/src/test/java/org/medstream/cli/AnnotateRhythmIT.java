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
 * {@code annotate --task rhythm} then {@code evaluate --task rhythm} on bundled PhysioNet/CinC
 * Challenge 2017 clips, labelled A (atrial fibrillation) and N (normal) in their {@code
 * REFERENCE.csv}. These clips were chosen because the detector classes them right, so the test
 * guards the path from recording to JSON; the accuracy over many clips is measured by {@code
 * AtrialFibrillationScoreReport}.
 */
class AnnotateRhythmIT {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    @TempDir Path directory;

    @Test
    void clipsGetTheirLabels() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine annotate = Medstream.newCommandLine();
        annotate.setOut(new PrintWriter(out, true));

        // The challenge's headers give checksum 0 for every signal, so they fail verification.
        int exitCode =
                annotate.execute(
                        "annotate",
                        "--task",
                        "rhythm",
                        "--no-verify",
                        "--record",
                        DATA.resolve("cinc2017/A00004").toString(),
                        "--record",
                        DATA.resolve("cinc2017/A00001").toString(),
                        "--out",
                        directory.toString());

        assertThat(exitCode).isZero();
        JsonNode fibrillation = read("A00004");
        JsonNode normal = read("A00001");
        assertThat(fibrillation.get("label").asText()).isEqualTo("A");
        assertThat(fibrillation.get("score").asDouble()).isGreaterThanOrEqualTo(0.5);
        assertThat(fibrillation.get("evaluatedBeats").asInt()).isPositive();
        assertThat(normal.get("label").asText()).isEqualTo("N");
        assertThat(normal.get("score").asDouble()).isLessThan(0.5);
        assertThat(out.toString()).contains("A00004: A (score ");

        StringWriter scores = new StringWriter();
        CommandLine evaluate = Medstream.newCommandLine();
        evaluate.setOut(new PrintWriter(scores, true));
        int evaluateExit =
                evaluate.execute(
                        "evaluate",
                        "--task",
                        "rhythm",
                        "--json",
                        "--test",
                        directory.toString(),
                        "--record",
                        DATA.resolve("cinc2017/A00004").toString(),
                        "--record",
                        DATA.resolve("cinc2017/A00001").toString());

        assertThat(evaluateExit).isZero();
        JsonNode result = new ObjectMapper().readTree(scores.toString());
        assertThat(result.get("sensitivity").asDouble()).isEqualTo(100.0);
        assertThat(result.get("specificity").asDouble()).isEqualTo(100.0);
        assertThat(result.get("confusion").get("N").get("N").asInt()).isEqualTo(1);
    }

    @Test
    void missingTestFileNamed() {
        StringWriter err = new StringWriter();
        CommandLine evaluate = Medstream.newCommandLine();
        evaluate.setErr(new PrintWriter(err, true));

        int exitCode =
                evaluate.execute(
                        "evaluate",
                        "--task",
                        "rhythm",
                        "--test",
                        directory.toString(),
                        "--record",
                        DATA.resolve("cinc2017/A00004").toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("A00004.rhythm.json");
    }

    @Test
    void modelDirectoryRejected() {
        StringWriter err = new StringWriter();
        CommandLine annotate = Medstream.newCommandLine();
        annotate.setErr(new PrintWriter(err, true));

        int exitCode =
                annotate.execute(
                        "annotate",
                        "--task",
                        "rhythm",
                        "--model",
                        "lmu",
                        "--record",
                        DATA.resolve("cinc2017/A00004").toString(),
                        "--out",
                        directory.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--task rhythm runs the classic beat detector");
    }

    private JsonNode read(String record) throws Exception {
        return new ObjectMapper().readTree(directory.resolve(record + ".rhythm.json").toFile());
    }
}
