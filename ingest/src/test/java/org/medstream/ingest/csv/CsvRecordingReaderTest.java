package org.medstream.ingest.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.convert.CsvConverter;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;

class CsvRecordingReaderTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    @TempDir Path directory;

    private Path write(String name, String... lines) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static CsvRecording read(Path file) throws IOException {
        return CsvRecordingReader.read(file, CsvReadOptions.defaults());
    }

    @Test
    void bidmcSignalsAt125Hz() throws IOException {
        CsvRecording recording = read(DATA.resolve("bidmc/bidmc_01_Signals.csv"));

        assertThat(recording.name()).isEqualTo("bidmc_01");
        assertThat(recording.samplingFrequencyHz()).isEqualTo(125.0);
        assertThat(recording.frameCount()).isEqualTo(37_501);
        assertThat(recording.channels())
                .extracting(RecordingChannel::name)
                .containsExactly("RESP", "PLETH", "V", "AVR", "II");
        assertThat(recording.channels()).extracting(RecordingChannel::units).containsOnly("NU");
        assertThat(recording.physical(0)[0]).isEqualTo(0.35386);
        assertThat(recording.physical(4)[1]).isEqualTo(0.67059);
        assertThat(recording.startTime()).isEmpty();
        assertThat(recording.digital(0)).isEmpty();
    }

    @Test
    void bidmcBreathsOfBothAnnotators() throws IOException {
        List<Annotation> annotations =
                read(DATA.resolve("bidmc/bidmc_01_Signals.csv")).annotations();

        assertThat(annotations).hasSize(214);
        assertThat(annotations.get(0))
                .isEqualTo(new Annotation(187, AnnotationCode.NOTE, 0, 0, 2, "ann2"));
        assertThat(annotations.get(1))
                .isEqualTo(new Annotation(189, AnnotationCode.NOTE, 0, 0, 1, "ann1"));
        assertThat(annotations).filteredOn(a -> a.number() == 1).hasSize(107);
        assertThat(annotations).isSortedAccordingTo((a, b) -> Long.compare(a.sample(), b.sample()));
    }

    @Test
    void breathsPaddedWithNaN() throws IOException {
        Path signals = write("bidmc_02_Signals.csv", "Time [s], RESP", "0,1", "0.008,2", "0.016,3");
        write(
                "bidmc_02_Breaths.csv",
                "breaths ann1 [signal sample no], breaths ann2 [signal sample no]",
                "0,1",
                "2,NaN");

        assertThat(read(signals).annotations())
                .extracting(Annotation::sample, Annotation::auxText)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, "ann1"),
                        org.assertj.core.groups.Tuple.tuple(1L, "ann2"),
                        org.assertj.core.groups.Tuple.tuple(2L, "ann1"));
    }

    @Test
    void breathBeyondRecordingFails() throws IOException {
        Path signals = write("bidmc_03_Signals.csv", "Time [s], RESP", "0,1", "0.008,2");
        write("bidmc_03_Breaths.csv", "breaths ann1 [signal sample no]", "5");

        assertThatThrownBy(() -> read(signals))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("bidmc_03_Breaths.csv line 2")
                .hasMessageContaining("'5'")
                .hasMessageContaining("outside the recording's 2 frames");
    }

    @Test
    void converterOutputReadsBack() throws IOException {
        Recording original = RecordingFiles.open(DATA.resolve("mitdb/100"));
        Path csv = directory.resolve("100.csv");
        CsvConverter.write(original, csv);

        CsvRecording copy =
                CsvRecordingReader.read(csv, CsvReadOptions.defaults().samplingFrequency(360));

        assertThat(copy.name()).isEqualTo("100");
        assertThat(copy.frameCount()).isEqualTo(original.frameCount());
        assertThat(copy.channels())
                .extracting(RecordingChannel::name)
                .containsExactly("MLII", "V5");
        for (int channel = 0; channel < 2; channel++) {
            double[] expected = original.physical(channel);
            double[] actual = copy.physical(channel);
            // The converter rounds to 3 decimals, which resolve one ADC step of 1/200 mV.
            for (int frame = 0; frame < expected.length; frame++) {
                assertThat(actual[frame]).isCloseTo(expected[frame], within(0.0005 + 1e-12));
            }
        }
    }

    @Test
    void sampleColumnNeedsRate() throws IOException {
        Path file = write("rec.csv", "sample,MLII", "0,0.1", "1,0.2");

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage(
                        "No sampling frequency for rec.csv: column 'sample' holds sample numbers,"
                                + " which do not give a rate; give the sampling frequency in Hz"
                                + " (--sampling-frequency)");
    }

    @Test
    void noTimeColumnNeedsRate() throws IOException {
        Path file = write("rec.csv", "II,V5", "0.1,0.2", "0.3,0.4");

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageStartingWith("No sampling frequency for rec.csv: it has no time column");
    }

    @Test
    void noTimeColumnWithRate() throws IOException {
        Path file = write("rec.csv", "II,V5", "0.1,0.2", "0.3,0.4");

        CsvRecording recording =
                CsvRecordingReader.read(file, CsvReadOptions.defaults().samplingFrequency(250));

        assertThat(recording.samplingFrequencyHz()).isEqualTo(250.0);
        assertThat(recording.physical(1)).containsExactly(0.2, 0.4);
    }

    @Test
    void sampleNumbersMustCountUp() throws IOException {
        Path file = write("rec.csv", "sample,II", "0,0.1", "1,0.2", "3,0.3");

        assertThatThrownBy(
                        () ->
                                CsvRecordingReader.read(
                                        file, CsvReadOptions.defaults().samplingFrequency(360)))
                .hasMessageContaining("rec.csv line 4, column 'sample': invalid time '3'")
                .hasMessageContaining("previous row has 1");
    }

    @Test
    void irregularTimeNamesLineAndValue() throws IOException {
        Path file =
                write("rec.csv", "time,II", "0.000,1", "0.010,2", "0.020,3", "0.040,4", "0.050,5");

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage(
                        "rec.csv line 5, column 'time': invalid time '0.04 s': irregular"
                                + " sampling: 0.02 s after the previous row (0.02 s), expected"
                                + " 0.01 s for 100 Hz; resample the file to a uniform rate"
                                + " first");
    }

    @Test
    void decreasingTimeFails() throws IOException {
        Path file = write("rec.csv", "time,II", "0,1", "0.01,2", "0.02,3", "0.005,4", "0.04,5");

        assertThatThrownBy(() -> read(file))
                .hasMessageContaining("line 5")
                .hasMessageContaining("'0.005 s'")
                .hasMessageContaining("times must increase");
    }

    @Test
    void roundedTimesAreUniform() throws IOException {
        // 360 Hz written with 3 decimals: steps of 0.002 and 0.003 s.
        StringBuilder rows = new StringBuilder("Time [s],II\n");
        for (int frame = 0; frame < 1000; frame++) {
            rows.append(String.format("%.3f,0%n", frame / 360.0));
        }
        Path file = directory.resolve("rounded.csv");
        Files.writeString(file, rows);

        assertThat(read(file).samplingFrequencyHz()).isEqualTo(360.0);
    }

    @Test
    void millisecondTimeColumn() throws IOException {
        Path file = write("rec.csv", "Time [ms],II", "0,1", "4,2", "8,3");

        assertThat(read(file).samplingFrequencyHz()).isEqualTo(250.0);
    }

    @Test
    void rateDisagreeingWithTimesFails() throws IOException {
        Path file = write("rec.csv", "time,II", "0,1", "0.005,2", "0.01,3");

        assertThatThrownBy(
                        () ->
                                CsvRecordingReader.read(
                                        file, CsvReadOptions.defaults().samplingFrequency(1000)))
                .hasMessageContaining("spans 0.01 s over 3 rows, which is 200 Hz")
                .hasMessageContaining("the sampling frequency given is 1000 Hz");
    }

    @Test
    void nonNumericCellNamesFileLineColumnValue() throws IOException {
        Path file = write("rec.csv", "time,II,V5", "0,1,2", "0.01,abc,3");

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageStartingWith("rec.csv line 3, column 'V5'".replace("V5", "II"))
                .hasMessageContaining("invalid value 'abc'");
    }

    @Test
    void javaNumberSuffixRejected() throws IOException {
        Path file = write("rec.csv", "time,II", "0,1.5d", "0.01,3");

        assertThatThrownBy(() -> read(file)).hasMessageContaining("invalid value '1.5d'");
    }

    @Test
    void shortRowFails() throws IOException {
        Path file = write("rec.csv", "time,II,V5", "0,1,2", "0.01,3");

        assertThatThrownBy(() -> read(file))
                .hasMessage("rec.csv line 3 has 2 cells, but the header has 3 columns");
    }

    @Test
    void missingMarkersReadAsNaN() throws IOException {
        Path file = write("rec.csv", "time,II", "0,", "0.01,-", "0.02,NaN", "0.03,nan", "0.04,1");

        assertThat(read(file).physical(0))
                .containsExactly(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1.0);
    }

    @Test
    void unitsFromHeading() throws IOException {
        Path file =
                write(
                        "rec.csv",
                        "Time [s],II [mV],V1 (uV), PLETH ,'ABP'",
                        "0,1,2,3,4",
                        "0.01,1,2,3,4");

        List<RecordingChannel> channels = read(file).channels();

        assertThat(channels)
                .extracting(RecordingChannel::name)
                .containsExactly("II", "V1", "PLETH", "ABP");
        assertThat(channels)
                .extracting(RecordingChannel::units)
                .containsExactly("mV", "uV", "", "");
    }

    @Test
    void unitsFromOptionsOverrideHeading() throws IOException {
        Path file = write("rec.csv", "time,II [mV],PLETH", "0,1,2", "0.01,1,2");

        CsvRecording recording =
                CsvRecordingReader.read(file, CsvReadOptions.defaults().units(List.of("", "NU")));

        assertThat(recording.channels())
                .extracting(RecordingChannel::units)
                .containsExactly("mV", "NU");
    }

    @Test
    void unitCountMustMatchSignals() throws IOException {
        Path file = write("rec.csv", "time,II,V5", "0,1,2", "0.01,1,2");

        assertThatThrownBy(
                        () ->
                                CsvRecordingReader.read(
                                        file, CsvReadOptions.defaults().units(List.of("mV"))))
                .hasMessageContaining("Got 1 units for the 2 signal columns of rec.csv (II, V5)");
    }

    @Test
    void unitsRowAfterHeader() throws IOException {
        Path file =
                write(
                        "rec.csv",
                        "'Elapsed time','MLII','V5'",
                        "'seconds','mV','mV'",
                        "0.000,1,2",
                        "0.003,1,2",
                        "0.006,1,2");

        CsvRecording recording = read(file);

        assertThat(recording.channels())
                .extracting(RecordingChannel::units)
                .containsExactly("mV", "mV");
        assertThat(recording.frameCount()).isEqualTo(3);
        // Three rows with 3 decimals fix the rate only to within 333 +- 55 Hz.
        assertThat(recording.samplingFrequencyHz()).isEqualTo(333.0);
    }

    @Test
    void trendRateRejected() throws IOException {
        Path file = write("hr.csv", "time,HR", "0,72", "1,73", "2,74");

        assertThatThrownBy(() -> read(file))
                .hasMessageContaining("Sampling frequency 1 Hz of hr.csv is below 10 Hz");
    }

    @Test
    void trendUnitRejected() throws IOException {
        Path file = write("hr.csv", "time,HR [bpm]", "0,72", "0.01,73", "0.02,74");

        assertThatThrownBy(() -> read(file))
                .hasMessageContaining("Column 'HR' of hr.csv is in bpm, a unit of trend values");
    }

    @Test
    void naiveTimestampsReadAsUtc() throws IOException {
        Path file =
                write(
                        "rec.csv",
                        "timestamp,II",
                        "2024-05-01 12:00:00.000,1",
                        "2024-05-01 12:00:00.004,2",
                        "2024-05-01 12:00:00.008,3");

        CsvRecording recording = read(file);

        assertThat(recording.samplingFrequencyHz()).isEqualTo(250.0);
        assertThat(recording.startTime()).contains(Instant.parse("2024-05-01T12:00:00Z"));
    }

    @Test
    void naiveTimestampsInGivenZone() throws IOException {
        Path file =
                write(
                        "rec.csv",
                        "timestamp,II",
                        "2024-05-01T12:00:00.000,1",
                        "2024-05-01T12:00:00.004,2");

        CsvRecording recording =
                CsvRecordingReader.read(
                        file, CsvReadOptions.defaults().zone(ZoneId.of("Europe/Berlin")));

        assertThat(recording.startTime()).contains(Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void offsetTimestampsKeepTheirOffset() throws IOException {
        Path file =
                write(
                        "rec.csv",
                        "timestamp,II",
                        "2024-05-01T12:00:00.000+02:00,1",
                        "2024-05-01T12:00:00.004+02:00,2");

        CsvRecording recording =
                CsvRecordingReader.read(
                        file, CsvReadOptions.defaults().zone(ZoneId.of("America/New_York")));

        assertThat(recording.startTime()).contains(Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void startTimeOptionWins() throws IOException {
        Path file = write("rec.csv", "time,II", "0,1", "0.01,2");
        Instant start = Instant.parse("2020-01-01T00:00:00Z");

        assertThat(
                        CsvRecordingReader.read(file, CsvReadOptions.defaults().startTime(start))
                                .startTime())
                .contains(start);
    }

    @Test
    void namedTimeColumn() throws IOException {
        Path file = write("rec.csv", "II,clock", "1,0", "2,0.01", "3,0.02");

        CsvRecording recording =
                CsvRecordingReader.read(file, CsvReadOptions.defaults().timeColumn("Clock"));

        assertThat(recording.samplingFrequencyHz()).isEqualTo(100.0);
        assertThat(recording.channels()).extracting(RecordingChannel::name).containsExactly("II");
    }

    @Test
    void unknownTimeColumnFails() throws IOException {
        Path file = write("rec.csv", "II,V5", "1,0", "2,0.01");

        assertThatThrownBy(
                        () ->
                                CsvRecordingReader.read(
                                        file, CsvReadOptions.defaults().timeColumn("clock")))
                .hasMessage("Time column 'clock' not found in rec.csv; its columns are II, V5");
    }

    @Test
    void semicolonDelimiter() throws IOException {
        Path file = write("rec.csv", "time;II;V5", "0;1;2", "0.01;3;4");

        assertThat(read(file).physical(1)).containsExactly(2.0, 4.0);
    }

    @Test
    void headerOnlyFails() throws IOException {
        Path file = write("rec.csv", "time,II");

        assertThatThrownBy(() -> read(file)).hasMessage("rec.csv has a header but no data rows");
    }

    @Test
    void numericHeaderFails() throws IOException {
        Path file = write("rec.csv", "0,0.1", "0.01,0.2");

        assertThatThrownBy(() -> read(file)).hasMessageContaining("the first row must be a header");
    }

    @Test
    void genericAnnotationFile() throws IOException {
        Path file = write("rec.csv", "time,II", "0,1", "0.01,2", "0.02,3", "0.03,4");
        Path events = write("events.csv", "time,label", "0.02,V", "0.01,apnea");

        List<Annotation> annotations =
                CsvRecordingReader.read(file, CsvReadOptions.defaults().annotationsFile(events))
                        .annotations();

        assertThat(annotations)
                .containsExactly(
                        new Annotation(1, AnnotationCode.NOTE, 0, 0, 0, "apnea"),
                        Annotation.of(2, AnnotationCode.PVC));
    }

    @Test
    void openDispatchesCsvByExtension() throws IOException {
        Path file = write("REC.CSV", "time,II", "0,1", "0.01,2");

        assertThat(RecordingFiles.open(file)).isInstanceOf(CsvRecording.class);
    }
}
