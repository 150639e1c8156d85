package org.medstream.ingest.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.wfdb.WfdbReadOptions;
import org.medstream.ingest.wfdb.WfdbRecord;

class CsvConverterTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    @Test
    void record100FirstRows() throws IOException {
        WfdbRecord record =
                WfdbRecord.read(DATA.resolve("mitdb/100"), WfdbReadOptions.defaults().range(0, 3));
        StringWriter out = new StringWriter();

        CsvConverter.write(record, out);

        // Frame 0 holds ADC values 995 and 1011 at gain 200, baseline 1024.
        assertThat(out.toString().split("\n"))
                .startsWith("sample,MLII,V5", "0,-0.145,-0.065")
                .hasSize(4);
    }

    @Test
    void missingSampleWrittenAsDash(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("skew.csv");
        Files.copy(DATA.resolve("mitdb/100.dat"), dir.resolve("100.dat"));
        Files.copy(DATA.resolve("wfdb-formats/100skew.hea"), dir.resolve("100skew.hea"));
        WfdbRecord record =
                WfdbRecord.read(
                        dir.resolve("100skew"), WfdbReadOptions.defaults().range(649_998, 2));

        CsvConverter.write(record, file);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).matches("0,-?[0-9.]+,-");
        assertThat(lines.get(2)).matches("1,-?[0-9.]+,-");
    }

    @Test
    void namesWithCommaQuoted() throws IOException {
        WfdbRecord record =
                WfdbRecord.read(
                        DATA.resolve("wfdb-formats/binformats"),
                        WfdbReadOptions.defaults().range(0, 1));
        StringWriter out = new StringWriter();

        CsvConverter.write(record, out);

        assertThat(out.toString()).startsWith("sample,\"sig 0, fmt 8\",\"sig 1, fmt 16\",");
    }

    @Test
    void numbersShortestFormWithoutGain() {
        assertThat(CsvConverter.format(-0.145, -1)).isEqualTo("-0.145");
        assertThat(CsvConverter.format(2.0, -1)).isEqualTo("2");
        assertThat(CsvConverter.format(-0.0, -1)).isEqualTo("0");
        assertThat(CsvConverter.format(1e-7, -1)).isEqualTo("0.0000001");
        assertThat(CsvConverter.format(Double.NaN, -1)).isEqualTo("-");
    }

    @Test
    void numbersRoundedToAdcStep() {
        assertThat(CsvConverter.decimalsOf(200)).isEqualTo(3);
        assertThat(CsvConverter.decimalsOf(1000)).isEqualTo(3);
        assertThat(CsvConverter.decimalsOf(1000.02)).isEqualTo(4);
        assertThat(CsvConverter.decimalsOf(1)).isZero();
        assertThat(CsvConverter.decimalsOf(Double.NaN)).isEqualTo(-1);
        // One ADC step of a 1000.02/mV channel, 1/1000.02 mV, rounds to 4 decimals.
        assertThat(CsvConverter.format(-11.0 / 1000.02, 4)).isEqualTo("-0.011");
        assertThat(CsvConverter.format(7.0 / 1000.02, 4)).isEqualTo("0.007");
        assertThat(CsvConverter.format(-0.145, 3)).isEqualTo("-0.145");
        assertThat(CsvConverter.format(Double.NaN, 3)).isEqualTo("-");
    }
}
