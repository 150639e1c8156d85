package org.medstream.ingest.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medstream.ingest.recording.Recording;

/** Storage formats read against the WFDB test files and against files the tests write. */
class FormatConformanceTest {

    private static byte[] bytes(String file) throws IOException {
        return Files.readAllBytes(TestData.formats(file));
    }

    private static int u8(byte[] bytes, int index) {
        return bytes[index] & 0xff;
    }

    private static int[] signal(WfdbRecord record, int channel) {
        return record.digital(channel).orElseThrow();
    }

    @Test
    void binformatsAllTenFormats() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.formats("binformats"));
        WfdbHeader header = record.header();

        assertThat(record.frameCount()).isEqualTo(499);
        for (int s = 0; s < 10; s++) {
            assertThat(signal(record, s)[0])
                    .as("first sample of %s", header.signals().get(s).description())
                    .isEqualTo(header.signals().get(s).initialValue());
        }
    }

    @Test
    void binformatsMatchRawBytes() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.formats("binformats"));
        int t = 100;

        byte[] d1 = bytes("binformats.d1");
        int expected16 = (short) (u8(d1, 2 * t) + 256 * u8(d1, 2 * t + 1));
        assertThat(signal(record, 1)[t]).as("format 16").isEqualTo(expected16);

        byte[] d2 = bytes("binformats.d2");
        int expected61 = (short) (256 * u8(d2, 2 * t) + u8(d2, 2 * t + 1));
        assertThat(signal(record, 2)[t]).as("format 61").isEqualTo(expected61);

        byte[] d3 = bytes("binformats.d3");
        assertThat(signal(record, 3)[t]).as("format 80").isEqualTo(u8(d3, t) - 128);

        byte[] d4 = bytes("binformats.d4");
        int expected160 = u8(d4, 2 * t) + 256 * u8(d4, 2 * t + 1) - 32768;
        assertThat(signal(record, 4)[t]).as("format 160").isEqualTo(expected160);

        byte[] d8 = bytes("binformats.d8");
        int unsigned24 = u8(d8, 3 * t) + 256 * u8(d8, 3 * t + 1) + 65536 * u8(d8, 3 * t + 2);
        int expected24 = unsigned24 >= 1 << 23 ? unsigned24 - (1 << 24) : unsigned24;
        assertThat(signal(record, 8)[t]).as("format 24").isEqualTo(expected24);

        byte[] d9 = bytes("binformats.d9");
        long unsigned32 =
                u8(d9, 4 * t)
                        + 256L * u8(d9, 4 * t + 1)
                        + 65536L * u8(d9, 4 * t + 2)
                        + 16777216L * u8(d9, 4 * t + 3);
        assertThat(signal(record, 9)[t]).as("format 32").isEqualTo((int) unsigned32);

        byte[] d0 = bytes("binformats.d0");
        int cumulative = -2047;
        for (int i = 0; i <= t; i++) {
            cumulative += d0[i];
        }
        assertThat(signal(record, 0)[t]).as("format 8").isEqualTo(cumulative);
    }

    @Test
    void binformatsPackedMatchRawBytes() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.formats("binformats"));

        // Sample 100 is the first of a 212 pair; sample 101 the second.
        byte[] d5 = bytes("binformats.d5");
        int low = u8(d5, 150) + 256 * (u8(d5, 151) % 16);
        int high = u8(d5, 152) + 256 * (u8(d5, 151) / 16);
        assertThat(signal(record, 5)[100]).isEqualTo(low >= 2048 ? low - 4096 : low);
        assertThat(signal(record, 5)[101]).isEqualTo(high >= 2048 ? high - 4096 : high);

        // Samples 99, 100, 101 form group 33 of formats 310 and 311 (bytes 132 to 135).
        byte[] d6 = bytes("binformats.d6");
        int word0 = u8(d6, 132) + 256 * u8(d6, 133);
        int word1 = u8(d6, 134) + 256 * u8(d6, 135);
        int[] expected310 = {
            (word0 / 2) % 1024, (word1 / 2) % 1024, word0 / 2048 + 32 * (word1 / 2048)
        };
        byte[] d7 = bytes("binformats.d7");
        long packed =
                u8(d7, 132) + 256L * u8(d7, 133) + 65536L * u8(d7, 134) + 16777216L * u8(d7, 135);
        int[] expected311 = {
            (int) (packed % 1024), (int) (packed / 1024 % 1024), (int) (packed / 1048576 % 1024)
        };
        for (int i = 0; i < 3; i++) {
            int v310 = expected310[i] >= 512 ? expected310[i] - 1024 : expected310[i];
            int v311 = expected311[i] >= 512 ? expected311[i] - 1024 : expected311[i];
            assertThat(signal(record, 6)[99 + i])
                    .as("format 310 sample %d", 99 + i)
                    .isEqualTo(v310);
            assertThat(signal(record, 7)[99 + i])
                    .as("format 311 sample %d", 99 + i)
                    .isEqualTo(v311);
        }
    }

    @Test
    void binformatsLastSampleOfPartialGroup() throws IOException {
        // 499 samples: format 310/311 files end with one sample in a 2-byte partial group and the
        // format 212 file with a lone sample in 2 bytes.
        WfdbRecord record = WfdbRecord.read(TestData.formats("binformats"));

        byte[] d6 = bytes("binformats.d6");
        int word = u8(d6, 664) + 256 * u8(d6, 665);
        int v310 = (word / 2) % 1024;
        assertThat(signal(record, 6)[498]).isEqualTo(v310 >= 512 ? v310 - 1024 : v310);

        byte[] d7 = bytes("binformats.d7");
        int v311 = (u8(d7, 664) + 256 * u8(d7, 665)) % 1024;
        assertThat(signal(record, 7)[498]).isEqualTo(v311 >= 512 ? v311 - 1024 : v311);

        assertThat(bytes("binformats.d5")).hasSize(749);
    }

    @ParameterizedTest
    @ValueSource(strings = {"310derive", "311derive", "test01_00s", "100_3chan"})
    void checksumsPass(String name) throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.formats(name));

        for (int s = 0; s < record.channels().size(); s++) {
            assertThat(signal(record, s)[0])
                    .isEqualTo(record.header().signals().get(s).initialValue());
        }
    }

    @Test
    void format212OddCountWithoutPadding() throws IOException {
        // 3 signals x 999 frames = 2997 samples: 1498 pairs in 4494 bytes, then 2 bytes.
        WfdbRecord record = WfdbRecord.read(TestData.formats("100_3chan"));
        byte[] raw = bytes("100_3chan.dat");

        assertThat(raw).hasSize(4496);
        assertThat(record.frameCount()).isEqualTo(999);
        int last = u8(raw, 4494) + 256 * (u8(raw, 4495) % 16);
        assertThat(signal(record, 2)[998]).isEqualTo(last >= 2048 ? last - 4096 : last);
    }

    @Test
    void format212OddCountWritten(@TempDir Path dir) throws IOException {
        // Samples 5, -7, 2047 packed: pair (5, -7) in 3 bytes, then 2047 alone in 2 bytes.
        Files.write(dir.resolve("odd.dat"), new byte[] {0x05, (byte) 0xf0, (byte) 0xf9, -1, 0x07});
        Files.writeString(dir.resolve("odd.hea"), "odd 1 100 3\nodd.dat 212 200 12 0 5 2045 0 x\n");

        WfdbRecord record = WfdbRecord.read(dir.resolve("odd"));

        assertThat(signal(record, 0)).containsExactly(5, -7, 2047);
    }

    @Test
    void format310LengthNotMultipleOfThree(@TempDir Path dir) throws IOException {
        // 4 samples 1, 2, 3, -4: one full group (4 bytes) and sample -4 in a 2-byte word.
        int[] values = {1, 2, 3, -4};
        int word0 = ((values[0] & 0x3ff) << 1) | ((values[2] & 0x1f) << 11);
        int word1 = ((values[1] & 0x3ff) << 1) | (((values[2] >> 5) & 0x1f) << 11);
        int word2 = (values[3] & 0x3ff) << 1;
        byte[] data = {
            (byte) word0,
            (byte) (word0 >> 8),
            (byte) word1,
            (byte) (word1 >> 8),
            (byte) word2,
            (byte) (word2 >> 8)
        };
        Files.write(dir.resolve("r310.dat"), data);
        Files.writeString(dir.resolve("r310.hea"), "r310 1 100 4\nr310.dat 310 200 10 0 1 2 0 x\n");
        Files.writeString(dir.resolve("n310.hea"), "n310 1 100\nr310.dat 310 200 10 0 1\n");

        assertThat(signal(WfdbRecord.read(dir.resolve("r310")), 0)).containsExactly(values);
        assertThat(signal(WfdbRecord.read(dir.resolve("n310")), 0))
                .as("length read from the file")
                .containsExactly(values);
    }

    @Test
    void format311LengthNotMultipleOfThree(@TempDir Path dir) throws IOException {
        // 5 samples: one full group (4 bytes), then samples 4 and 5 in 3 bytes.
        int[] values = {-1, 511, -511, 7, -9};
        long group =
                (values[0] & 0x3ff)
                        | ((values[1] & 0x3ff) << 10)
                        | ((long) (values[2] & 0x3ff) << 20);
        int tail = (values[3] & 0x3ff) | ((values[4] & 0x3ff) << 10);
        byte[] data = {
            (byte) group,
            (byte) (group >> 8),
            (byte) (group >> 16),
            (byte) (group >> 24),
            (byte) tail,
            (byte) (tail >> 8),
            (byte) (tail >> 16)
        };
        Files.write(dir.resolve("r311.dat"), data);
        Files.writeString(dir.resolve("r311.hea"), "r311 1 100\nr311.dat 311 200 10 0 -1\n");

        WfdbRecord record = WfdbRecord.read(dir.resolve("r311"));

        assertThat(signal(record, 0)).containsExactly(values);
    }

    @Test
    void format8Decode(@TempDir Path dir) throws IOException {
        // Differences from the initial value 100: 0, +5, -3, +127, -128.
        Files.write(dir.resolve("d8.dat"), new byte[] {0, 5, -3, 127, -128});
        int checksum = 100 + 105 + 102 + 229 + 101;
        Files.writeString(
                dir.resolve("d8.hea"), "d8 1 100 5\nd8.dat 8 200 8 0 100 " + checksum + " 0 x\n");

        WfdbRecord record = WfdbRecord.read(dir.resolve("d8"));

        assertThat(signal(record, 0)).containsExactly(100, 105, 102, 229, 101);
    }

    @Test
    void format8TwoSignalsInterleaved(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("d8.dat"), new byte[] {0, 0, 1, -1, 2, -2});
        Files.writeString(
                dir.resolve("d8.hea"), "d8 2 100 3\nd8.dat 8 200 8 0 10\nd8.dat 8 200 8 0 -10\n");

        WfdbRecord record = WfdbRecord.read(dir.resolve("d8"));

        assertThat(signal(record, 0)).containsExactly(10, 11, 13);
        assertThat(signal(record, 1)).containsExactly(-10, -11, -13);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 5, 6, 7})
    void rangeReadsMatchWholeRead(int channel) throws IOException {
        // Channels: format 8, 61, 212, 310 and 311, read from every start in the first frames.
        Path record = TestData.formats("binformats");
        int[] whole = signal(WfdbRecord.read(record), channel);

        for (int start = 0; start < 12; start++) {
            WfdbRecord part = WfdbRecord.read(record, WfdbReadOptions.defaults().range(start, 7));
            assertThat(signal(part, channel))
                    .as("frames %d to %d", start, start + 6)
                    .containsExactly(Arrays.copyOfRange(whole, start, start + 7));
            assertThat(part.firstFrame()).isEqualTo(start);
        }
        WfdbRecord tail = WfdbRecord.read(record, WfdbReadOptions.defaults().range(495, 100));
        assertThat(signal(tail, channel)).containsExactly(Arrays.copyOfRange(whole, 495, 499));
    }

    @Test
    void invalidMarkersBecomeMissing(@TempDir Path dir) throws IOException {
        // Format 16: 7, -32768 (invalid), 9.
        Files.write(dir.resolve("inv.dat"), new byte[] {7, 0, 0, (byte) 0x80, 9, 0});
        Files.writeString(dir.resolve("inv.hea"), "inv 1 100 3\ninv.dat 16 10 16 0 7\n");

        WfdbRecord record = WfdbRecord.read(dir.resolve("inv"));

        assertThat(signal(record, 0)).containsExactly(7, Recording.INVALID_SAMPLE, 9);
        assertThat(record.physical(0)[1]).isNaN();
        assertThat(record.physical(0)[2]).isEqualTo(0.9);
    }

    @Test
    void unsupportedFormatMessage() {
        assertThatThrownBy(() -> WfdbRecord.read(TestData.formats("mixedsignals")))
                .isInstanceOf(UnsupportedWfdbFormatException.class)
                .hasMessage(
                        "Unsupported WFDB format 516 in signal 0 of mixedsignals.hea (supported: 8,"
                                + " 16, 24, 32, 61, 80, 160, 212, 310, 311)");
    }

    @Test
    void checksumMismatchNamed(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("bad.dat"), new byte[] {1, 0, 2, 0});
        Files.writeString(dir.resolve("bad.hea"), "bad 1 100 2\nbad.dat 16 200 16 0 1 4 0 ECG\n");

        assertThatThrownBy(() -> WfdbRecord.read(dir.resolve("bad")))
                .isInstanceOf(WfdbVerificationException.class)
                .hasMessageStartingWith(
                        "Checksum mismatch in record bad, signal 0 (ECG): bad.hea gives 4 but the"
                                + " samples sum to 3");
        WfdbRecord unchecked =
                WfdbRecord.read(dir.resolve("bad"), WfdbReadOptions.defaults().verify(false));
        assertThat(signal(unchecked, 0)).containsExactly(1, 2);
    }

    @Test
    void initialValueMismatchNamed(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("bad.dat"), new byte[] {1, 0, 2, 0});
        Files.writeString(dir.resolve("bad.hea"), "bad 1 100 2\nbad.dat 16 200 16 0 5 3 0 ECG\n");

        assertThatThrownBy(() -> WfdbRecord.read(dir.resolve("bad")))
                .isInstanceOf(WfdbVerificationException.class)
                .hasMessageStartingWith(
                        "Initial value mismatch in record bad, signal 0 (ECG): bad.hea gives 5 but"
                                + " the first sample is 1");
    }

    @Test
    void nullSignalIsMissing(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("n.dat"), new byte[] {1, 0, 2, 0});
        Files.writeString(
                dir.resolve("n.hea"),
                "n 2 100 2\nn.dat 16 200 16 0 1 3 0 ECG\n~ 0 200 12 0 0 0 0 gap\n");

        WfdbRecord record = WfdbRecord.read(dir.resolve("n"));

        assertThat(signal(record, 0)).containsExactly(1, 2);
        assertThat(signal(record, 1)).containsOnly(Recording.INVALID_SAMPLE);
        assertThat(record.channels().get(1).name()).isEqualTo("gap");
    }

    @Test
    void zeroLengthReadsToEnd(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("z.dat"), new byte[] {1, 0, 2, 0, 3, 0});
        Files.writeString(dir.resolve("z.hea"), "z 1 100 0\nz.dat 16 200 16 0 1\n");

        assertThat(signal(WfdbRecord.read(dir.resolve("z")), 0)).containsExactly(1, 2, 3);
    }

    @Test
    void mixedFormatsInOneFileRejected(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("m.dat"), new byte[6]);
        Files.writeString(dir.resolve("m.hea"), "m 2 100 1\nm.dat 16\nm.dat 212\n");

        assertThatThrownBy(() -> WfdbRecord.read(dir.resolve("m")))
                .isInstanceOf(WfdbHeaderException.class)
                .hasMessageStartingWith(
                        "Signals 0 and 1 of m.hea share file m.dat but give formats 16 and 212");
    }
}
