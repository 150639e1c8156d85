package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import picocli.CommandLine;

/** {@code annotate} on a CSV recording: BIDMC's export, read at the rate its time column gives. */
class CsvAnnotateIT {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    @TempDir Path directory;

    @Test
    void annotateBidmcCsv() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Medstream.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));

        int exitCode =
                commandLine.execute(
                        "annotate",
                        "--record",
                        DATA.resolve("bidmc/bidmc_01_Signals.csv").toString(),
                        "--out",
                        directory.toString());

        assertThat(exitCode).isZero();
        Path file = directory.resolve("bidmc_01.classic");
        assertThat(out.toString()).contains("bidmc_01: ").contains(file.toString());
        List<Annotation> beats = WfdbAnnotations.read(file);
        // 300 s at a heart rate between 60 and 120 beats per minute.
        assertThat(beats).hasSizeBetween(300, 600);
    }
}
