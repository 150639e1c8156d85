package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import picocli.CommandLine;

/** The CSV flags of the {@code --record} mixin reach the reader. */
class RecordOptionsTest {
    @TempDir Path directory;

    private static Recording open(Path file, String... args) throws Exception {
        ConvertCommand command = new ConvertCommand();
        new CommandLine(command).parseArgs(args);
        return command.recordOptions.open(file);
    }

    @Test
    void emptyUnitEntryKeepsHeaderUnit() throws Exception {
        Path file = directory.resolve("rec.csv");
        Files.writeString(file, "time,II [mV],V5\n0,1,2\n0.01,3,4\n");

        Recording recording =
                open(file, "--record", "x", "--to", "csv", "--out", "-", "--units", ",uV");

        assertThat(recording.channels())
                .extracting(RecordingChannel::units)
                .containsExactly("mV", "uV");
    }

    @Test
    void timezoneAppliesToNaiveTimestamps() throws Exception {
        Path file = directory.resolve("rec.csv");
        Files.writeString(
                file, "timestamp,II\n2024-05-01T12:00:00.000,1\n2024-05-01T12:00:00.004,2\n");

        Recording recording =
                open(file, "--record", "x", "--to", "csv", "--out", "-", "--timezone", "+02:00");

        assertThat(recording.startTime())
                .hasValueSatisfying(
                        start -> assertThat(start.toString()).isEqualTo("2024-05-01T10:00:00Z"));
    }

    @Test
    void timeColumnFlag() throws Exception {
        Path file = directory.resolve("rec.csv");
        Files.writeString(file, "II,clock\n1,0\n2,0.002\n");

        Recording recording =
                open(file, "--record", "x", "--to", "csv", "--out", "-", "--time-column", "clock");

        assertThat(recording.samplingFrequencyHz()).isEqualTo(500.0);
    }
}
