package org.medstream.ingest.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.recording.Recording;

class MultiSegmentTest {
    private static final String S00001 = "multi-segment/s00001/";

    private static void copyDirectory(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void fixedLayoutConcatenates() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.formats("multi-segment/fixed1/v102s"));
        WfdbRecord segment = WfdbRecord.read(TestData.formats("multi-segment/fixed1/v102s_1"));

        assertThat(record.frameCount()).isEqualTo(225_000);
        assertThat(record.channels()).hasSize(4);
        assertThat(record.channels().get(0).name()).isEqualTo("II");
        assertThat(record.channels().get(0).adcGain()).isEqualTo(2281.0);
        int[] whole = record.digital(0).orElseThrow();
        int[] first = segment.digital(0).orElseThrow();
        // All three segments name the same signal file, so each repeats the first 75000 frames.
        assertThat(Arrays.copyOfRange(whole, 0, 75_000)).isEqualTo(first);
        assertThat(Arrays.copyOfRange(whole, 150_000, 225_000)).isEqualTo(first);
    }

    @Test
    void fixedLayoutSeveralSamplesPerFrame() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.formats("multi-segment/041s/041s"));
        WfdbRecord second = WfdbRecord.read(TestData.formats("multi-segment/041s/041s02"));

        assertThat(record.frameCount()).isEqualTo(2000);
        assertThat(record.channels())
                .extracting(c -> c.name())
                .containsExactly("III", "I", "V", "ABP", "PAP", "PLETH", "RESP");
        assertThat(record.startTime()).contains(Instant.parse("1994-10-26T08:26:04Z"));
        assertThat(Arrays.copyOfRange(record.digital(0).orElseThrow(), 1000, 2000))
                .isEqualTo(second.digital(0).orElseThrow());
        assertThat(record.physical(3)[1000]).isEqualTo((-715 + 1600) / 20.0);
    }

    @Test
    void variableLayoutChannels() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.formats(S00001 + "s00001-excerpt"));

        assertThat(record.frameCount())
                .isEqualTo(
                        3261 + 6750 + 125 + 1354 + 512 + 2604 + 1280 + 512 + 4425 + 18075 + 7500
                                + 37500 + 22500);
        assertThat(record.channels())
                .extracting(c -> c.name())
                .containsExactly("II", "V", "MCL1", "ABP");
    }

    @Test
    void variableLayoutNullSegmentIsGap() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.formats(S00001 + "s00001-excerpt"));

        for (int c = 0; c < 4; c++) {
            double[] values = Arrays.copyOfRange(record.physical(c), 0, 3261);
            assertThat(values).as("channel %d", c).containsOnly(Double.NaN);
        }
    }

    @Test
    void variableLayoutSegmentGainWins() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.formats(S00001 + "s00001-excerpt"));
        WfdbRecord first = WfdbRecord.read(TestData.formats(S00001 + "3975656_0001"));
        WfdbRecord third = WfdbRecord.read(TestData.formats(S00001 + "3975656_0003"));

        // Segment 0001 stores II at 1 ADC unit/mV, the layout header says 83.
        double[] ii = record.physical(0);
        double[] expected = first.physical(0);
        for (int t = 0; t < 6750; t += 97) {
            assertThat(ii[3261 + t]).as("II frame %d", t).isEqualTo(expected[t]);
        }
        // Segment 0003 stores MCL1 at 29/mV, the layout header says 122.
        int offset = 3261 + 6750 + 125;
        assertThat(record.physical(2)[offset + 5]).isEqualTo(third.physical(0)[5]);
        assertThat(third.channels().get(0).adcGain()).isEqualTo(29.0);
    }

    @Test
    void variableLayoutGainChangeDropsDigital() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.formats(S00001 + "s00001-excerpt"));

        assertThat(record.digital(0)).isEmpty();
        assertThat(record.channels().get(0).adcGain()).isNaN();
        assertThat(record.channels().get(2).adcGain()).isNaN();
    }

    @Test
    void variableLayoutAbsentChannelIsNaN() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.formats(S00001 + "s00001-excerpt"));

        // Segment 0001 has II and V only, so MCL1 and ABP are missing there.
        double[] mcl1 = Arrays.copyOfRange(record.physical(2), 3261, 3261 + 6750);
        double[] abp = Arrays.copyOfRange(record.physical(3), 3261, 3261 + 6750);
        assertThat(mcl1).containsOnly(Double.NaN);
        assertThat(abp).containsOnly(Double.NaN);
    }

    @Test
    void variableLayoutBaselineChange() throws IOException {
        // ABP: layout 1/mmHg baseline 0; segment 0013 stores 0.833333(-100)/mmHg.
        WfdbRecord record = WfdbRecord.read(TestData.formats(S00001 + "s00001-excerpt"));
        int offset = 3261 + 6750 + 125 + 1354 + 512 + 2604 + 1280 + 512 + 4425;

        assertThat(record.physical(3)[offset]).isEqualTo((120 + 100) / 0.833333);
    }

    @Test
    void allNullSegments() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.formats(S00001 + "s00001-2896-10-09-01-56"));

        assertThat(record.frameCount()).isEqualTo(7500);
        assertThat(record.physical(0)).containsOnly(Double.NaN);
        assertThat(record.digital(3).orElseThrow()).containsOnly(Recording.INVALID_SAMPLE);
        assertThat(record.startTime()).contains(Instant.parse("2896-10-09T01:56:25.894Z"));
    }

    @Test
    void rangeAcrossSegments() throws IOException {
        Path path = TestData.formats(S00001 + "s00001-excerpt");
        double[] whole = WfdbRecord.read(path).physical(1);

        WfdbRecord part = WfdbRecord.read(path, WfdbReadOptions.defaults().range(9_900, 500));

        assertThat(part.physical(1)).containsExactly(Arrays.copyOfRange(whole, 9_900, 10_400));
        assertThat(part.firstFrame()).isEqualTo(9_900);
    }

    @Test
    void failingSegmentNamed() {
        Path master = TestData.formats("multi-segment/p000878/p000878-2137-10-26-16-57");

        assertThatThrownBy(() -> WfdbRecord.read(master, WfdbReadOptions.defaults().range(0, 9000)))
                .isInstanceOf(WfdbException.class)
                .hasMessageStartingWith(
                        "Segment 4 (3269321_0003) of record p000878-2137-10-26-16-57 failed to"
                                + " load: header ")
                .hasMessageContaining("3269321_0003.hea not found");
    }

    @Test
    void segmentsBeforeFailureRead() throws IOException {
        Path master = TestData.formats("multi-segment/p000878/p000878-2137-10-26-16-57");

        WfdbRecord record = WfdbRecord.read(master, WfdbReadOptions.defaults().range(0, 7500));

        assertThat(record.channels())
                .extracting(c -> c.name())
                .containsExactly("PLETH", "II", "V", "ABP");
        assertThat(record.physical(2)).as("V is in no segment").containsOnly(Double.NaN);
        assertThat(record.startTime()).contains(Instant.parse("2137-10-26T16:57:09Z"));
        // Segment 0002 starts at 3750 + 2000; its II is invalid (-128) throughout.
        assertThat(record.physical(0)[5750 + 1]).isNotNaN();
    }

    @Test
    void brokenSegmentHeaderNamed(@TempDir Path dir) throws IOException {
        copyDirectory(TestData.formats("multi-segment/041s"), dir);
        Files.writeString(dir.resolve("041s02.hea"), "041s02 7 125 1000\n041s02.dat 212x4 abc\n");

        assertThatThrownBy(() -> WfdbRecord.read(dir.resolve("041s")))
                .isInstanceOf(WfdbException.class)
                .hasMessageStartingWith("Segment 1 (041s02) of record 041s failed to load:")
                .hasMessageContaining("Invalid ADC gain 'abc' in 041s02.hea line 2");
    }

    @Test
    void masterDeclaresMoreSegmentsThanListed(@TempDir Path dir) throws IOException {
        copyDirectory(TestData.formats("multi-segment/041s"), dir);
        Files.writeString(dir.resolve("041s.hea"), "041s/3 7 125 2000\n041s01 1000\n041s02 1000\n");

        assertThatThrownBy(() -> WfdbRecord.read(dir.resolve("041s")))
                .isInstanceOf(WfdbHeaderException.class)
                .hasMessageStartingWith(
                        "Header 041s.hea line 1 declares 3 segments but lists only 2");
    }

    @Test
    void segmentShorterThanListed(@TempDir Path dir) throws IOException {
        copyDirectory(TestData.formats("multi-segment/041s"), dir);
        Files.writeString(dir.resolve("041s.hea"), "041s/2 7 125 2200\n041s01 1000\n041s02 1200\n");

        WfdbRecord record = WfdbRecord.read(dir.resolve("041s"));

        assertThat(record.frameCount()).isEqualTo(2200);
        assertThat(record.warnings())
                .singleElement()
                .asString()
                .startsWith(
                        "Segment 041s02 of record 041s has 1000 frames where 041s.hea lists 1200");
        assertThat(Arrays.copyOfRange(record.physical(0), 2000, 2200)).containsOnly(Double.NaN);
        assertThat(record.physical(0)[1999]).isNotNaN();
    }

    @Test
    void segmentChecksumVerified(@TempDir Path dir) throws IOException {
        copyDirectory(TestData.formats("multi-segment/041s"), dir);
        String header = Files.readString(dir.resolve("041s02.hea"));
        Files.writeString(dir.resolve("041s02.hea"), header.replace("-862", "-863"));

        assertThatThrownBy(() -> WfdbRecord.read(dir.resolve("041s")))
                .isInstanceOf(WfdbException.class)
                .hasMessageStartingWith("Segment 1 (041s02) of record 041s failed to load:")
                .hasMessageContaining("Checksum mismatch in record 041s02, signal 0 (III)");
    }
}
