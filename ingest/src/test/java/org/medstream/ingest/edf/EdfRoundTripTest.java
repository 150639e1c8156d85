package org.medstream.ingest.edf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.convert.CsvConverter;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.StorageFormat;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.ingest.wfdb.WfdbWriter;

/** WFDB records written as EDF+ and back keep their samples and annotations. */
class EdfRoundTripTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    @TempDir Path directory;

    @Test
    void mitdbSamplesSurvive() throws IOException {
        WfdbRecord source = WfdbRecord.read(DATA.resolve("mitdb/100"));
        List<Annotation> reference = WfdbAnnotations.read(DATA.resolve("mitdb/100.atr"));

        WfdbRecord back = throughEdf(source, reference);

        assertThat(back.frameCount()).isGreaterThanOrEqualTo(source.frameCount());
        for (int c = 0; c < source.channels().size(); c++) {
            int[] expected = source.digital(c).orElseThrow();
            int[] actual = Arrays.copyOf(back.digital(c).orElseThrow(), (int) source.frameCount());
            assertThat(actual).as("channel %d", c).isEqualTo(expected);
            assertThat(back.channels().get(c).adcGain()).isEqualTo(200.0);
            assertThat(back.channels().get(c).baseline()).isEqualTo(1024);
        }
        assertThat(back.channels().get(0).name()).isEqualTo("MLII");
        assertThat(back.startTime()).isEqualTo(source.startTime());
    }

    @Test
    void mitdbAnnotationsSurvive() throws IOException {
        WfdbRecord source = WfdbRecord.read(DATA.resolve("mitdb/100"));
        List<Annotation> reference = WfdbAnnotations.read(DATA.resolve("mitdb/100.atr"));

        throughEdf(source, reference);
        List<Annotation> back = WfdbAnnotations.read(directory.resolve("back.atr"));

        assertThat(back).hasSameSizeAs(reference);
        for (int i = 0; i < reference.size(); i++) {
            Annotation expected = reference.get(i);
            Annotation actual = back.get(i);
            assertThat(actual.sample())
                    .as("annotation %d", i)
                    .isCloseTo(expected.sample(), within(1L));
            assertThat(actual.code()).as("annotation %d", i).isEqualTo(expected.code());
            assertThat(actual.auxText()).as("annotation %d", i).isEqualTo(expected.auxText());
        }
    }

    @Test
    void multiSignalRecordSurvives() throws IOException {
        WfdbRecord source = WfdbRecord.read(DATA.resolve("wfdb-formats/test01_00s"));

        WfdbRecord back = throughEdf(source, List.of());

        assertThat(back.channels()).hasSameSizeAs(source.channels());
        for (int c = 0; c < source.channels().size(); c++) {
            assertThat(back.channels().get(c).name()).isEqualTo(source.channels().get(c).name());
            assertThat(back.channels().get(c).adcGain())
                    .isEqualTo(source.channels().get(c).adcGain());
            int[] expected = source.digital(c).orElseThrow();
            int[] actual = Arrays.copyOf(back.digital(c).orElseThrow(), expected.length);
            assertThat(actual).as("channel %d", c).isEqualTo(expected);
        }
    }

    @Test
    void csvFromEdfMatchesCsvFromWfdb() throws IOException {
        WfdbRecord source = WfdbRecord.read(DATA.resolve("mitdb/100"));
        Path edf = directory.resolve("100.edf");
        EdfWriter.write(source, List.of(), edf);

        String[] fromWfdb = csv(source).split("\n");
        String[] fromEdf = csv(EdfReader.read(edf)).split("\n");

        assertThat(fromEdf.length).isGreaterThanOrEqualTo(fromWfdb.length);
        assertThat(Arrays.copyOf(fromEdf, fromWfdb.length)).isEqualTo(fromWfdb);
    }

    private static String csv(Recording recording) throws IOException {
        StringWriter out = new StringWriter();
        CsvConverter.write(recording, out);
        return out.toString();
    }

    /** Writes {@code source} as EDF+, reads it, and writes that as WFDB record {@code back}. */
    private WfdbRecord throughEdf(Recording source, List<Annotation> annotations)
            throws IOException {
        Path edf = directory.resolve("through.edf");
        EdfWriter.write(source, annotations, edf);
        EdfRecording read = EdfReader.read(edf);
        WfdbWriter.write(read, directory, "back", StorageFormat.FORMAT_16);
        WfdbAnnotations.write(directory.resolve("back.atr"), read.annotations());
        return WfdbRecord.read(directory.resolve("back"));
    }
}
