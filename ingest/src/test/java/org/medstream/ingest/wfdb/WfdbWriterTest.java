package org.medstream.ingest.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

class WfdbWriterTest {

    private static MemoryRecording withNaNChannel() {
        double nan = Double.NaN;
        return new MemoryRecording(
                "nan",
                250.0,
                Optional.of(Instant.parse("2020-05-05T09:49:17.250Z")),
                List.of(
                        new RecordingChannel("ECG", "mV", 100.0, 0),
                        new RecordingChannel("empty", "mmHg", 10.0, 5)),
                new double[][] {{0.5, -0.25, 1.0}, {nan, nan, nan}});
    }

    @ParameterizedTest
    @EnumSource(
            value = StorageFormat.class,
            names = {"FORMAT_16", "FORMAT_212"})
    void record100RoundTrip(StorageFormat format, @TempDir Path dir) throws IOException {
        WfdbRecord original = WfdbRecord.read(TestData.mitdb("100"));

        WfdbWriter.write(original, dir, "copy", format);
        WfdbRecord copy = WfdbRecord.read(dir.resolve("copy"));

        assertThat(copy.frameCount()).isEqualTo(650_000);
        assertThat(copy.channels()).isEqualTo(original.channels());
        assertThat(copy.digital(0).orElseThrow()).isEqualTo(original.digital(0).orElseThrow());
        assertThat(copy.digital(1).orElseThrow()).isEqualTo(original.digital(1).orElseThrow());
    }

    @Test
    void format212SameBytesAsOriginal(@TempDir Path dir) throws IOException {
        WfdbRecord original = WfdbRecord.read(TestData.mitdb("100"));

        WfdbWriter.write(original, dir, "copy", StorageFormat.FORMAT_212);

        assertThat(Files.readAllBytes(dir.resolve("copy.dat")))
                .isEqualTo(Files.readAllBytes(TestData.mitdb("100.dat")));
    }

    @Test
    void format212OddSampleCount(@TempDir Path dir) throws IOException {
        WfdbRecord original = WfdbRecord.read(TestData.formats("100_3chan"));

        WfdbWriter.write(original, dir, "odd", StorageFormat.FORMAT_212);

        assertThat(Files.readAllBytes(dir.resolve("odd.dat")))
                .isEqualTo(Files.readAllBytes(TestData.formats("100_3chan.dat")));
    }

    @ParameterizedTest
    @EnumSource(
            value = StorageFormat.class,
            names = {
                "FORMAT_16",
                "FORMAT_212",
                "FORMAT_24",
                "FORMAT_32",
                "FORMAT_61",
                "FORMAT_80",
                "FORMAT_160"
            })
    void allNaNChannelWritesMarkers(StorageFormat format, @TempDir Path dir) throws IOException {
        WfdbWriter.write(withNaNChannel(), dir, "nan", format);
        WfdbRecord copy = WfdbRecord.read(dir.resolve("nan"));

        assertThat(copy.frameCount()).isEqualTo(3);
        assertThat(copy.physical(0)).containsExactly(0.5, -0.25, 1.0);
        assertThat(copy.physical(1)).containsOnly(Double.NaN);
        assertThat(copy.digital(1).orElseThrow()).containsOnly(Recording.INVALID_SAMPLE);
        assertThat(copy.startTime()).contains(Instant.parse("2020-05-05T09:49:17.250Z"));
    }

    @Test
    void headerCarriesChecksums(@TempDir Path dir) throws IOException {
        WfdbWriter.write(withNaNChannel(), dir, "nan", StorageFormat.FORMAT_16);

        List<String> lines = Files.readAllLines(dir.resolve("nan.hea"));
        assertThat(lines.get(0)).isEqualTo("nan 2 250 3 09:49:17.250 05/05/2020");
        assertThat(lines.get(1)).isEqualTo("nan.dat 16 100(0)/mV 16 0 50 125 0 ECG");
        assertThat(lines.get(2)).isEqualTo("nan.dat 16 10(5)/mmHg 16 0 -32768 -32768 0 empty");
    }

    @Test
    void valueOutOfRangeRejected(@TempDir Path dir) {
        MemoryRecording loud =
                new MemoryRecording(
                        "loud",
                        100.0,
                        Optional.empty(),
                        List.of(new RecordingChannel("ECG", "mV", 200.0, 0)),
                        new double[][] {{0.0, 20.0}});

        assertThatThrownBy(() -> WfdbWriter.write(loud, dir, "loud", StorageFormat.FORMAT_212))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Sample 1 of channel 0 (ECG) is 4000 ADC units, outside the range"
                                + " -2047..2047 of format 212; write a wider format such as 16 or"
                                + " 32");
    }

    @Test
    void packedFormatsWithoutEncoderRejected(@TempDir Path dir) {
        assertThatThrownBy(
                        () ->
                                WfdbWriter.write(
                                        withNaNChannel(), dir, "x", StorageFormat.FORMAT_310))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Writing format 310 is not supported");
    }
}
