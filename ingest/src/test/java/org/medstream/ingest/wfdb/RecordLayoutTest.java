package org.medstream.ingest.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medstream.ingest.recording.Recording;

/** Frame layouts: skew, several samples per frame, byte offsets, missing lengths and files. */
class RecordLayoutTest {

    /** Copies a header from the WFDB test files next to a copy of MIT-BIH 100.dat. */
    private static Path withRecord100(Path dir, String header) throws IOException {
        Files.copy(TestData.mitdb("100.dat"), dir.resolve("100.dat"));
        Files.copy(TestData.formats(header + ".hea"), dir.resolve(header + ".hea"));
        return dir.resolve(header);
    }

    private static int[] signal(WfdbRecord record, int channel) {
        return record.digital(channel).orElseThrow();
    }

    @Test
    void skewShiftsSignal(@TempDir Path dir) throws IOException {
        WfdbRecord skewed = WfdbRecord.read(withRecord100(dir, "100skew"));
        WfdbRecord plain = WfdbRecord.read(TestData.mitdb("100"));

        int[] v5 = signal(skewed, 1);
        int[] original = signal(plain, 1);
        assertThat(skewed.frameCount()).isEqualTo(650_000);
        assertThat(skewed.header().signals().get(1).skewFrames()).isEqualTo(3);
        assertThat(Arrays.copyOfRange(v5, 0, 1000))
                .containsExactly(Arrays.copyOfRange(original, 3, 1003));
        assertThat(signal(skewed, 0)).isEqualTo(signal(plain, 0));
    }

    @Test
    void skewTailIsMissing(@TempDir Path dir) throws IOException {
        WfdbRecord skewed = WfdbRecord.read(withRecord100(dir, "100skew"));

        int[] v5 = signal(skewed, 1);
        assertThat(v5[649_996]).isNotEqualTo(Recording.INVALID_SAMPLE);
        assertThat(Arrays.copyOfRange(v5, 649_997, 650_000)).containsOnly(Recording.INVALID_SAMPLE);
        assertThat(skewed.physical(1)[649_999]).isNaN();
    }

    @Test
    void skewInSixteenBitRecord() throws IOException {
        WfdbRecord skewed = WfdbRecord.read(TestData.formats("test01_00s_skew"));
        WfdbRecord plain = WfdbRecord.read(TestData.formats("test01_00s"));

        assertThat(Arrays.copyOfRange(signal(skewed, 1), 0, 3997))
                .containsExactly(Arrays.copyOfRange(signal(plain, 1), 3, 4000));
        assertThat(signal(skewed, 3)).isEqualTo(signal(plain, 3));
    }

    @Test
    void severalSamplesPerFrame() throws IOException {
        // ECG_2 takes samples 2 and 3 of each 4-sample frame of test01_00s.dat, ECG_3 sample 4.
        WfdbRecord framed =
                WfdbRecord.read(
                        TestData.formats("test01_00s_frame"),
                        WfdbReadOptions.defaults().verify(false));
        WfdbRecord plain = WfdbRecord.read(TestData.formats("test01_00s"));

        int[] full = framed.samples(1).orElseThrow();
        int[] second = signal(plain, 1);
        int[] third = signal(plain, 2);
        assertThat(framed.samplesPerFrame(1)).isEqualTo(2);
        assertThat(full).hasSize(8000);
        for (int t = 0; t < 4000; t++) {
            assertThat(full[2 * t]).isEqualTo(second[t]);
            assertThat(full[2 * t + 1]).isEqualTo(third[t]);
            int mean = Math.floorDiv(second[t] + third[t] + 1, 2);
            assertThat(signal(framed, 1)[t]).as("frame %d", t).isEqualTo(mean);
        }
        assertThat(signal(framed, 2)).isEqualTo(signal(plain, 3));
    }

    @Test
    void frameMeanRoundsHalfUp() {
        assertThat(FrameMean.mean(new int[] {-8, -57}, 0, 2)).isEqualTo(-32);
        assertThat(FrameMean.mean(new int[] {1, 2}, 0, 2)).isEqualTo(2);
        assertThat(FrameMean.mean(new int[] {-1, -2}, 0, 2)).isEqualTo(-1);
        assertThat(FrameMean.mean(new int[] {1, 1, 2}, 0, 3)).isEqualTo(1);
        assertThat(FrameMean.mean(new int[] {4, Recording.INVALID_SAMPLE}, 0, 2))
                .isEqualTo(Recording.INVALID_SAMPLE);
    }

    @Test
    void framedHeaderInitialValueWrong() {
        // The header copies ECG_3's initial value from the original signal 3 (-57), but ECG_3 now
        // reads the original signal 4, whose first sample is -66.
        assertThatThrownBy(() -> WfdbRecord.read(TestData.formats("test01_00s_frame")))
                .isInstanceOf(WfdbVerificationException.class)
                .hasMessageStartingWith(
                        "Initial value mismatch in record test01_00s_frame, signal 2 (ECG_3):"
                                + " test01_00s_frame.hea gives -57 but the first sample is -66");
    }

    @Test
    void multiFrequencyMimic() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.dir().resolve("mimic").resolve("03700181"));

        assertThat(record.frameCount()).isEqualTo(75_000);
        assertThat(record.samplesPerFrame(0)).isEqualTo(4);
        assertThat(record.samples(0).orElseThrow()).hasSize(300_000);
        assertThat(record.header().signals().get(2).skewFrames()).isEqualTo(4);
        assertThat(record.startTime()).contains(Instant.parse("1994-08-15T17:27:45Z"));
        int[] full = record.samples(0).orElseThrow();
        assertThat(signal(record, 0)[10]).isEqualTo(FrameMean.mean(full, 40, 4));
    }

    @Test
    void byteOffsetMat() throws IOException {
        Path path = TestData.dir().resolve("cinc2015").resolve("a103l");
        WfdbRecord record = WfdbRecord.read(path);
        byte[] raw = Files.readAllBytes(TestData.dir().resolve("cinc2015").resolve("a103l.mat"));

        assertThat(record.header().signals().get(0).byteOffset()).isEqualTo(24);
        assertThat(record.frameCount()).isEqualTo(82_500);
        int t = 1234;
        for (int s = 0; s < 3; s++) {
            int position = 24 + 2 * (3 * t + s);
            int expected = (short) ((raw[position] & 0xff) | (raw[position + 1] << 8));
            assertThat(signal(record, s)[t]).as("signal %d", s).isEqualTo(expected);
        }
        assertThat(signal(record, 0)[0]).isEqualTo(-171);
    }

    @Test
    void missingLengthReadsToEnd(@TempDir Path dir) throws IOException {
        WfdbRecord record = WfdbRecord.read(withRecord100(dir, "100-no-len"));

        assertThat(record.frameCount()).isEqualTo(650_000);
        assertThat(signal(record, 0)).isEqualTo(signal(WfdbRecord.read(TestData.mitdb("100")), 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"drive02", "drive02-no-len", "n16", "wave_4", "n8_evoked_raw_95_F1_R9"})
    void missingDataFile(String name) {
        String dataFile = (name.startsWith("drive02") ? "drive02" : name) + ".dat";

        assertThatThrownBy(() -> WfdbRecord.read(TestData.formats(name)))
                .isInstanceOf(WfdbDataFileNotFoundException.class)
                .hasMessageStartingWith(
                        "Data file not found: " + name + ".hea names signal file " + dataFile);
    }

    @Test
    void missingHeaderFile() {
        assertThatThrownBy(() -> WfdbRecord.read(TestData.formats("no-such-record")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("no-such-record.hea");
    }

    @Test
    void unstatedInitialValueNotChecked(@TempDir Path dir) throws IOException {
        // Format 16, one signal, no ADC zero, initial value or checksum on the signal line.
        Files.writeString(dir.resolve("r.hea"), "r 1 360 3\nr.dat 16 200\n");
        Files.write(dir.resolve("r.dat"), new byte[] {100, 0, 101, 0, 102, 0});

        WfdbRecord record = WfdbRecord.read(dir.resolve("r"));

        assertThat(signal(record, 0)).containsExactly(100, 101, 102);
    }

    @Test
    void shortDataFileRejected(@TempDir Path dir) throws IOException {
        byte[] data = Files.readAllBytes(TestData.formats("test01_00s.dat"));
        Files.write(dir.resolve("test01_00s.dat"), Arrays.copyOf(data, data.length - 8 * 10 - 3));
        Files.copy(TestData.formats("test01_00s.hea"), dir.resolve("test01_00s.hea"));

        assertThatThrownBy(() -> WfdbRecord.read(dir.resolve("test01_00s")))
                .isInstanceOf(WfdbVerificationException.class)
                .hasMessageStartingWith(
                        "Signal file test01_00s.dat of record test01_00s holds 3989 frames but"
                                + " test01_00s.hea gives 4000 (short by 11 frames)");
    }

    @Test
    void shortDataFileAllowed(@TempDir Path dir) throws IOException {
        byte[] data = Files.readAllBytes(TestData.formats("test01_00s.dat"));
        Files.write(dir.resolve("test01_00s.dat"), Arrays.copyOf(data, data.length - 8 * 10 - 3));
        Files.copy(TestData.formats("test01_00s.hea"), dir.resolve("test01_00s.hea"));

        WfdbRecord record =
                WfdbRecord.read(
                        dir.resolve("test01_00s"), WfdbReadOptions.defaults().allowShortFile(true));

        assertThat(record.frameCount()).isEqualTo(3989);
        assertThat(record.warnings()).singleElement().asString().contains("short by 11 frames");
        int[] full = signal(WfdbRecord.read(TestData.formats("test01_00s")), 0);
        assertThat(signal(record, 0)).containsExactly(Arrays.copyOf(full, 3989));
    }

    @Test
    void numericsRecordWithCounterFrequency() throws IOException {
        WfdbRecord record =
                WfdbRecord.read(TestData.formats("multi-segment/s00001/s00001-2896-10-09-01-56n"));

        assertThat(record.frameCount()).isEqualTo(1);
        assertThat(record.channels()).hasSize(10);
        assertThat(record.channels().get(5).name()).isEqualTo("RESP");
        assertThat(record.physical(5)[0]).isEqualTo(110.9);
        assertThat(record.physical(7)[0]).as("NBPSys stored as -32768").isNaN();
        assertThat(record.startTime()).contains(Instant.parse("2896-10-09T01:56:25.894Z"));
    }

    @Test
    void rangeStartTimeFollowsFirstFrame() throws IOException {
        Path path = TestData.dir().resolve("mimic").resolve("03700181");

        WfdbRecord record = WfdbRecord.read(path, WfdbReadOptions.defaults().range(250, 10));

        assertThat(record.startTime()).contains(Instant.parse("1994-08-15T17:27:47Z"));
        assertThat(record.frameCount()).isEqualTo(10);
    }

    @Test
    void startBeyondEndRejected() {
        assertThatThrownBy(
                        () ->
                                WfdbRecord.read(
                                        TestData.formats("test01_00s"),
                                        WfdbReadOptions.defaults().range(4001, 1)))
                .isInstanceOf(WfdbException.class)
                .hasMessage(
                        "Start frame 4001 is beyond the end of record test01_00s (4000 frames)");
    }
}
