package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code medstream patients load} without a broker: argument errors, row errors, listing. */
class PatientsCommandTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    @TempDir Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Medstream.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void helpOfLoad() {
        assertThat(run("patients", "load", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: medstream patients load");
    }

    @Test
    void missingSubcommandIsUsageError() {
        assertThat(run("patients")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand");
    }

    @Test
    void missingFileIsUsageError() {
        assertThat(run("patients", "load")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
    }

    @Test
    void streamIdForManyPatientsIsUsageError() {
        int exitCode =
                run(
                        "patients",
                        "load",
                        DATA.resolve("ludb/ludb.csv").toString(),
                        "--stream-id",
                        "bed-1");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("--stream-id applies to a file with one patient")
                .contains("gave 160 patient contexts");
    }

    @Test
    void invalidBootstrapServersIsUsageError() {
        int exitCode =
                run(
                        "patients",
                        "load",
                        DATA.resolve("mitdb/100").toString(),
                        "--bootstrap-servers",
                        "no-port");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --bootstrap-servers 'no-port'");
    }

    @Test
    void absentFileFailsWithOneLine() {
        int exitCode = run("patients", "load", directory.resolve("absent.csv").toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("absent.csv");
    }

    @Test
    void listsRecordWithoutBroker() {
        int exitCode = run("patients", "load", DATA.resolve("mitdb/100").toString());

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .contains("100: age 69, sex M, 0 diagnoses, 2 medications, leads MLII, V5")
                .contains("Loaded 1 patient context");
    }

    @Test
    void streamIdRenamesSinglePatient() {
        int exitCode =
                run(
                        "patients",
                        "load",
                        DATA.resolve("mitdb/100").toString(),
                        "--stream-id",
                        "bed-7");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("bed-7: age 69");
    }

    @Test
    void badRowsReportedAndExitOne() throws Exception {
        Path table = directory.resolve("patients.csv");
        Files.writeString(table, "ID,Sex,Age\n1,M,64\n2,F,abc\n");

        int exitCode = run("patients", "load", table.toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(out.toString()).contains("1: age 64").contains("Loaded 1 patient context");
        assertThat(err.toString())
                .contains("medstream: patients.csv row 2 (ID 2), column Age: invalid age 'abc'")
                .contains("medstream: skipped 1 row of");
    }
}
