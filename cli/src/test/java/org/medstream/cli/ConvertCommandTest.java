package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.edf.EdfReader;
import org.medstream.ingest.edf.EdfRecording;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.ingest.wfdb.WfdbRecord;
import picocli.CommandLine;

/** {@code medstream convert} between WFDB, EDF+ and CSV. */
class ConvertCommandTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final Path MITDB_100 = DATA.resolve("mitdb/100");

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
    void wfdbToEdfCarriesAnnotator() throws IOException {
        Path edf = directory.resolve("100.edf");

        int exitCode =
                run(
                        "convert",
                        "--record",
                        MITDB_100.toString(),
                        "--to",
                        "edf",
                        "--annotator",
                        "atr",
                        "--out",
                        edf.toString());

        assertThat(exitCode).as(err.toString()).isZero();
        EdfRecording recording = EdfReader.read(edf);
        List<Annotation> reference = WfdbAnnotations.read(DATA.resolve("mitdb/100.atr"));
        assertThat(recording.header().reserved()).isEqualTo("EDF+C");
        assertThat(recording.annotations()).hasSameSizeAs(reference);
        assertThat(recording.annotations().get(1).sample()).isEqualTo(reference.get(1).sample());
        assertThat(recording.annotations().get(1).code()).isEqualTo(reference.get(1).code());
        assertThat(out.toString()).contains("2 signals, 650000 frames, " + reference.size());
    }

    @Test
    void edfToWfdbRoundTrip() throws IOException {
        Path edf = directory.resolve("100.edf");
        run(
                "convert",
                "--record",
                MITDB_100.toString(),
                "--to",
                "edf",
                "--annotator",
                "atr",
                "--out",
                edf.toString());

        int exitCode =
                run(
                        "convert",
                        "--record",
                        edf.toString(),
                        "--to",
                        "wfdb",
                        "--out",
                        directory.resolve("back").toString());

        assertThat(exitCode).as(err.toString()).isZero();
        WfdbRecord source = WfdbRecord.read(MITDB_100);
        WfdbRecord back = WfdbRecord.read(directory.resolve("back"));
        for (int c = 0; c < 2; c++) {
            int[] expected = source.digital(c).orElseThrow();
            int[] actual = Arrays.copyOf(back.digital(c).orElseThrow(), expected.length);
            assertThat(actual).as("channel %d", c).isEqualTo(expected);
        }
        List<Annotation> reference = WfdbAnnotations.read(DATA.resolve("mitdb/100.atr"));
        List<Annotation> annotations = WfdbAnnotations.read(directory.resolve("back.atr"));
        assertThat(annotations)
                .extracting(Annotation::sample)
                .isEqualTo(reference.stream().map(Annotation::sample).toList());
        assertThat(Files.exists(directory.resolve("back.dat"))).isTrue();
    }

    @Test
    void wfdbToWfdbWritesAnnotatorFile() throws IOException {
        int exitCode =
                run(
                        "convert",
                        "--record",
                        MITDB_100.toString(),
                        "--to",
                        "wfdb",
                        "--annotator",
                        "atr",
                        "--out",
                        directory.resolve("copy").toString());

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(WfdbAnnotations.read(directory.resolve("copy.atr")))
                .isEqualTo(WfdbAnnotations.read(DATA.resolve("mitdb/100.atr")));
        assertThat(out.toString()).contains("format 16");
    }

    @Test
    void edfToCsv() throws IOException {
        Path csv = directory.resolve("generator.csv");

        int exitCode =
                run(
                        "convert",
                        "--record",
                        DATA.resolve("wfdb-formats/test_generator_2.edf").toString(),
                        "--to",
                        "csv",
                        "--out",
                        csv.toString());

        assertThat(exitCode).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(120_001);
        assertThat(lines.get(0)).startsWith("sample,squarewave,ramp,pulse,ECG,noise");
    }

    @Test
    void annotationOnlyEdfToWfdb() throws IOException {
        int exitCode =
                run(
                        "convert",
                        "--record",
                        DATA.resolve("wfdb-formats/test_edfann.edf").toString(),
                        "--to",
                        "wfdb",
                        "--out",
                        directory.resolve("sleep").toString());

        assertThat(exitCode).as(err.toString()).isZero();
        List<Annotation> annotations = WfdbAnnotations.read(directory.resolve("sleep.atr"));
        assertThat(annotations).hasSize(856);
        assertThat(annotations.get(0).auxText()).isEqualTo("Sleep stage W");
        WfdbRecord header = WfdbRecord.read(directory.resolve("sleep"));
        assertThat(header.channels()).isEmpty();
        assertThat(header.samplingFrequencyHz()).isEqualTo(1000.0);
    }

    @Test
    void edfWithValueMinus32768UsesFormat32() throws IOException {
        Path edf = directory.resolve("100.edf");
        run("convert", "--record", MITDB_100.toString(), "--to", "edf", "--out", edf.toString());
        byte[] bytes = Files.readAllBytes(edf);
        int headerBytes = 256 * 4;
        bytes[headerBytes] = 0;
        bytes[headerBytes + 1] = (byte) 0x80;
        Files.write(edf, bytes);

        int exitCode =
                run(
                        "convert",
                        "--record",
                        edf.toString(),
                        "--to",
                        "wfdb",
                        "--out",
                        directory.resolve("wide").toString());

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(WfdbRecord.read(directory.resolve("wide")).digital(0).orElseThrow()[0])
                .isEqualTo(-32768);
    }

    @Test
    void annotatorWithCsvIsUsageError() {
        int exitCode =
                run(
                        "convert",
                        "--record",
                        MITDB_100.toString(),
                        "--to",
                        "csv",
                        "--annotator",
                        "atr",
                        "--out",
                        directory.resolve("x.csv").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--annotator works only with --to edf or --to wfdb");
    }

    @Test
    void missingAnnotatorFails() {
        int exitCode =
                run(
                        "convert",
                        "--record",
                        MITDB_100.toString(),
                        "--to",
                        "edf",
                        "--annotator",
                        "qrs",
                        "--out",
                        directory.resolve("x.edf").toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n");
        assertThat(err.toString()).contains("100.qrs").contains("not found");
    }
}
