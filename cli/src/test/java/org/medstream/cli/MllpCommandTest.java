package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MllpCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Medstream.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void helpListsOptions() {
        assertThat(run("mllp", "--help")).isZero();

        assertThat(out.toString()).contains("Usage: medstream mllp");
        assertThat(out.toString()).contains("--bind=ADDRESS");
        assertThat(out.toString()).contains("default: 127.0.0.1");
        assertThat(out.toString()).contains("2575");
    }

    @Test
    void missingBootstrapServersIsUsageError() {
        assertThat(run("mllp")).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers");
    }

    @Test
    void wildcardBindIsUsageError() {
        int exitCode = run("mllp", "--bootstrap-servers", "127.0.0.1:1", "--bind", "0.0.0.0");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid bind address 0.0.0.0");
    }

    @Test
    void invalidPortIsUsageError() {
        int exitCode = run("mllp", "--bootstrap-servers", "127.0.0.1:1", "--port", "70000");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid port 70000");
    }

    @Test
    void invalidZoneIsUsageError() {
        int exitCode =
                run("mllp", "--bootstrap-servers", "127.0.0.1:1", "--default-zone", "Mars/Olympus");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --default-zone 'Mars/Olympus'");
    }
}
