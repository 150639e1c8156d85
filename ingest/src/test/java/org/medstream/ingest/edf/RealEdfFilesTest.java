package org.medstream.ingest.edf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;

/**
 * The two EDF+ files of the WFDB test data. Expected values come from the files' bytes, decoded in
 * the tests, and from the WFDB conversion distributed beside {@code test_generator_2.edf}, whose
 * header {@code test_generator_2.hea} states the first values 3276, -3276, 3276, 0, 2752, 102, 814,
 * 864, 1487, 1668, 3276 and the checksums.
 */
class RealEdfFilesTest {
    private static final Path FORMATS =
            Path.of(System.getProperty("medstream.data.dir")).resolve("wfdb-formats");
    private static final Path GENERATOR = FORMATS.resolve("test_generator_2.edf");
    private static final Path SLEEP_ANNOTATIONS = FORMATS.resolve("test_edfann.edf");

    /** Header bytes plus, per data record, 11 signals of 200 samples and 51 annotation samples. */
    private static final int GENERATOR_HEADER_BYTES = 3328;

    private static final int GENERATOR_RECORD_BYTES = 2 * (11 * 200 + 51);

    @Test
    void generatorHeaderFields() throws IOException {
        EdfHeader header = EdfReader.read(GENERATOR).header();

        assertThat(header.version()).isEqualTo("0");
        assertThat(header.patient()).isEqualTo("X X X X");
        assertThat(header.recordingSubfields().orElseThrow().startdate()).isEqualTo("10-DEC-2009");
        assertThat(header.recordingSubfields().orElseThrow().equipment())
                .isEqualTo("test_generator");
        assertThat(header.startDateTime()).contains(LocalDateTime.of(2009, 12, 10, 12, 44, 2));
        assertThat(header.headerBytes()).isEqualTo(GENERATOR_HEADER_BYTES);
        assertThat(header.reserved()).isEqualTo("EDF+C");
        assertThat(header.dataRecordCount()).isEqualTo(600);
        assertThat(header.recordDurationSeconds()).isEqualTo(1.0);
        assertThat(header.signals()).hasSize(12);
        assertThat(header.signals().get(0).label()).isEqualTo("squarewave");
        assertThat(header.signals().get(10).label()).isEqualTo("sine 50 Hz");
        assertThat(header.signals().get(11).isAnnotation()).isTrue();
        assertThat(header.signals().get(0).physicalDimension()).isEqualTo("uV");
        assertThat(header.signals().get(8).physicalDimension()).isEqualTo("\u00b0");
        assertThat(header.signals().get(0).physicalMinimum()).isEqualTo(-1000.0);
        assertThat(header.signals().get(0).physicalMaximum()).isEqualTo(1000.0);
        assertThat(header.signals().get(0).digitalMinimum()).isEqualTo(-32768);
        assertThat(header.signals().get(0).digitalMaximum()).isEqualTo(32767);
        assertThat(header.signals().get(0).samplesPerRecord()).isEqualTo(200);
        assertThat(header.signals().get(11).samplesPerRecord()).isEqualTo(51);
    }

    @Test
    void generatorRecordingShape() throws IOException {
        EdfRecording recording = EdfReader.read(GENERATOR);

        assertThat(recording.name()).isEqualTo("test_generator_2");
        assertThat(recording.samplingFrequencyHz()).isEqualTo(200.0);
        assertThat(recording.frameCount()).isEqualTo(600 * 200);
        assertThat(recording.channels()).hasSize(11);
        assertThat(recording.channels().get(3).name()).isEqualTo("ECG");
        assertThat(recording.channels().get(3).adcGain()).isEqualTo(32.7675);
        assertThat(recording.startTime()).contains(Instant.parse("2009-12-10T12:44:02Z"));
        assertThat(recording.gaps()).isEmpty();
        assertThat(recording.otherRateSignals()).isEmpty();
        assertThat(recording.warnings()).isEmpty();
    }

    @Test
    void generatorFirstValuesMatchWfdbConversion() throws IOException {
        EdfRecording recording = EdfReader.read(GENERATOR);
        int[] expected = {3276, -3276, 3276, 0, 2752, 102, 814, 864, 1487, 1668, 3276};

        for (int c = 0; c < expected.length; c++) {
            assertThat(recording.digital(c).orElseThrow()[0])
                    .as("channel %d", c)
                    .isEqualTo(expected[c]);
        }
    }

    @Test
    void generatorChecksumsMatchWfdbConversion() throws IOException {
        EdfRecording recording = EdfReader.read(GENERATOR);
        // 16-bit sums of all samples, as test_generator_2.hea states them.
        int[] expected = {0, 480, -1920, 21000, -12878, 0, 0, 0, 0, 0, 0};

        for (int c = 0; c < expected.length; c++) {
            long sum = 0;
            for (int value : recording.digital(c).orElseThrow()) {
                sum += value;
            }
            assertThat((short) sum).as("channel %d", c).isEqualTo((short) expected[c]);
        }
    }

    @Test
    void generatorSamplesMatchBytes() throws IOException {
        byte[] file = Files.readAllBytes(GENERATOR);
        ByteBuffer bytes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        EdfRecording recording = EdfReader.read(GENERATOR);

        for (int record : new int[] {0, 1, 299, 599}) {
            for (int channel : new int[] {0, 4, 10}) {
                int sample = 137;
                int offset =
                        GENERATOR_HEADER_BYTES
                                + record * GENERATOR_RECORD_BYTES
                                + channel * 400
                                + 2 * sample;
                int frame = record * 200 + sample;
                assertThat(recording.digital(channel).orElseThrow()[frame])
                        .as("record %d channel %d", record, channel)
                        .isEqualTo(bytes.getShort(offset));
            }
        }
    }

    @Test
    void generatorPhysicalValues() throws IOException {
        EdfRecording recording = EdfReader.read(GENERATOR);

        // EDF maps digital -32768..32767 to -1000..1000 uV, so a value d reads as
        // -1000 + (d + 32768) * 2000 / 65535; the square wave's 3276 is about 99.992 uV.
        assertThat(recording.physical(0)[0])
                .isCloseTo(-1000 + (3276 + 32768) * 2000 / 65535.0, within(1e-9));
        // The 50 Hz sine sampled at 200 Hz repeats 3276, 0, -3276, 0.
        double[] sine = recording.physical(10);
        assertThat(sine[1]).isCloseTo(1000 / 65535.0, within(1e-9));
        assertThat(sine[2]).isCloseTo(-1000 + (-3276 + 32768) * 2000 / 65535.0, within(1e-9));
    }

    @Test
    void generatorAnnotations() throws IOException {
        EdfRecording recording = EdfReader.read(GENERATOR);

        assertThat(recording.edfAnnotations())
                .containsExactly(
                        new EdfAnnotation(
                                new BigDecimal("0.0000"), Optional.empty(), "RECORD START"),
                        new EdfAnnotation(
                                new BigDecimal("600.0000"), Optional.empty(), "REC STOP"));
        assertThat(recording.annotations())
                .containsExactly(
                        new Annotation(0, AnnotationCode.NOTE, 0, 0, 0, "RECORD START"),
                        new Annotation(120000, AnnotationCode.NOTE, 0, 0, 0, "REC STOP"));
    }

    @Test
    void annotationOnlyFileOpens() throws IOException {
        EdfRecording recording = EdfReader.read(SLEEP_ANNOTATIONS);

        assertThat(recording.header().recordDurationSeconds()).isZero();
        assertThat(recording.header().dataRecordCount()).isEqualTo(1);
        assertThat(recording.header().signals().get(0).samplesPerRecord()).isEqualTo(30720);
        assertThat(recording.header().patientSubfields().orElseThrow().code()).isEqualTo("SN001");
        assertThat(recording.channels()).isEmpty();
        assertThat(recording.frameCount()).isZero();
        assertThat(recording.samplingFrequencyHz())
                .isEqualTo(EdfRecording.ANNOTATION_ONLY_FREQUENCY_HZ);
        assertThat(recording.startTime()).contains(Instant.parse("2001-01-01T23:59:30Z"));
    }

    @Test
    void annotationOnlyFileEvents() throws IOException {
        EdfRecording recording = EdfReader.read(SLEEP_ANNOTATIONS);
        List<EdfAnnotation> events = recording.edfAnnotations();

        assertThat(events).hasSize(856);
        assertThat(events.get(0))
                .isEqualTo(
                        new EdfAnnotation(
                                BigDecimal.ZERO,
                                Optional.of(new BigDecimal("30")),
                                "Sleep stage W"));
        assertThat(events.get(2))
                .isEqualTo(
                        new EdfAnnotation(
                                new BigDecimal("33.43"),
                                Optional.of(BigDecimal.ZERO),
                                "Lights off@@EEG F4-A1"));
        assertThat(events.get(855).text()).isEqualTo("Lights on@@EEG Fpz-Cz");
        assertThat(events.stream().filter(event -> event.text().equals("Sleep stage R")))
                .hasSize(141);
    }

    @Test
    void annotationOnlyFileSamplesInMilliseconds() throws IOException {
        List<Annotation> annotations = EdfReader.read(SLEEP_ANNOTATIONS).annotations();

        assertThat(annotations).hasSize(856);
        assertThat(annotations.get(2).sample()).isEqualTo(33430);
        assertThat(annotations.get(2).auxText()).isEqualTo("Lights off@@EEG F4-A1");
        assertThat(annotations.get(855).sample()).isEqualTo(25618740);
    }

    @Test
    void recordingFilesOpensEdfByExtension() throws IOException {
        Path upper =
                Files.copy(
                        SLEEP_ANNOTATIONS, Files.createTempDirectory("edf").resolve("SLEEP.EDF"));

        assertThat(RecordingFiles.open(upper)).isInstanceOf(EdfRecording.class);
        assertThat(RecordingFiles.open(GENERATOR).frameCount()).isEqualTo(120000);
    }
}
