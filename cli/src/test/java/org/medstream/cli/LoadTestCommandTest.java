package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LoadTestCommandTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final Path MODELS = DATA.resolveSibling("models");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine commandLine = Medstream.newCommandLine();

    private int run(String... args) {
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void inProcessRunWritesRow(@TempDir Path directory) throws Exception {
        Path markdown = directory.resolve("table.md");

        int exitCode =
                run(
                        "load-test",
                        "--model",
                        "lmu-beats",
                        "--record",
                        DATA.resolve("mitdb/100").toString(),
                        "--window-samples",
                        "720",
                        "--in-process",
                        MODELS.resolve("lmu-beats").toString(),
                        "--in-process-only",
                        "--concurrency",
                        "1,2",
                        "--requests",
                        "3",
                        "--duration",
                        "60",
                        "--warmup",
                        "0",
                        "--markdown",
                        markdown.toString());

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString()).contains("8 windows of 2 leads x 720 samples at 360 Hz");
        List<String> rows = Files.readAllLines(markdown);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("| lmu-beats | in-process | 1 | 3 | 0 | ");
        assertThat(rows.get(1)).startsWith("| lmu-beats | in-process | 2 | 3 | 0 | ");
    }

    @Test
    void inProcessOnlyNeedsModel() {
        int exitCode =
                run(
                        "load-test",
                        "--model",
                        "lmu-beats",
                        "--record",
                        DATA.resolve("mitdb/100").toString(),
                        "--in-process-only");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--in-process-only needs --in-process MODEL_DIR");
    }
}
