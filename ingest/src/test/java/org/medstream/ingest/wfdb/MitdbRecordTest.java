package org.medstream.ingest.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MitdbRecordTest {

    /** Decodes sample {@code index} of a format 212 file directly from its bytes. */
    private static int raw212(byte[] bytes, long index) {
        int pair = (int) (index / 2);
        int b0 = bytes[3 * pair] & 0xff;
        int b1 = bytes[3 * pair + 1] & 0xff;
        int b2 = bytes[3 * pair + 2] & 0xff;
        int value = index % 2 == 0 ? b0 + 256 * (b1 % 16) : b2 + 256 * (b1 / 16);
        return value >= 2048 ? value - 4096 : value;
    }

    @Test
    void record100Channels() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.mitdb("100"));

        assertThat(record.name()).isEqualTo("100");
        assertThat(record.samplingFrequencyHz()).isEqualTo(360.0);
        assertThat(record.frameCount()).isEqualTo(650_000);
        assertThat(record.channels()).hasSize(2);
        assertThat(record.channels().get(0).name()).isEqualTo("MLII");
        assertThat(record.channels().get(1).name()).isEqualTo("V5");
        assertThat(record.channels().get(0).adcGain()).isEqualTo(200.0);
        assertThat(record.channels().get(0).baseline()).isEqualTo(1024);
        assertThat(record.channels().get(0).units()).isEqualTo("mV");
        assertThat(record.startTime()).isEmpty();
    }

    @Test
    void record100SamplesMatchRawBytes() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.mitdb("100"));
        byte[] bytes = Files.readAllBytes(TestData.mitdb("100.dat"));
        int[] mlii = record.digital(0).orElseThrow();
        int[] v5 = record.digital(1).orElseThrow();

        assertThat(mlii[0]).isEqualTo(995);
        assertThat(v5[0]).isEqualTo(1011);
        for (int frame : new int[] {1, 2, 1000, 123_457, 649_999}) {
            assertThat(mlii[frame]).as("MLII frame %d", frame).isEqualTo(raw212(bytes, 2L * frame));
            assertThat(v5[frame]).as("V5 frame %d", frame).isEqualTo(raw212(bytes, 2L * frame + 1));
        }
    }

    @Test
    void record100Physical() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.mitdb("100"));

        double[] mlii = record.physical(0);

        assertThat(mlii).hasSize(650_000);
        assertThat(mlii[0]).isCloseTo((995 - 1024) / 200.0, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "103", "105", "106", "108", "118", "208"})
    void mitdbRecordsPassChecksums(String name) throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.mitdb(name));

        assertThat(record.frameCount()).isEqualTo(650_000);
        assertThat(record.channels()).hasSize(2);
        assertThat(record.warnings()).isEmpty();
    }

    @Test
    void record100CommentsKept() throws IOException {
        WfdbRecord record = WfdbRecord.read(TestData.mitdb("100"));

        assertThat(record.header().comments()).contains("69 M 1085 1629 x1");
    }

    @Test
    void svdb800Reads() throws IOException {
        Path path = TestData.dir().resolve("svdb").resolve("800");
        WfdbRecord record = WfdbRecord.read(path);

        assertThat(record.samplingFrequencyHz()).isEqualTo(128.0);
        assertThat(record.frameCount()).isEqualTo(230_400);
    }
}
