package org.medstream.ingest.edf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.recording.AdcRange;
import org.medstream.ingest.recording.FrameRange;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;

/** EDF+ files written from in-memory recordings, read back with {@link EdfReader}. */
class EdfWriterTest {
    private static final RecordingChannel ECG = new RecordingChannel("ECG", "mV", 200, 0);

    @TempDir Path directory;

    private static int[] ramp(int count) {
        return IntStream.range(0, count).toArray();
    }

    @Test
    void continuousHeader() throws IOException {
        Recording recording =
                new TestRecording(
                        10,
                        Optional.of(Instant.parse("2020-05-05T09:49:17.250Z")),
                        List.of(ECG),
                        new int[][] {ramp(30)},
                        null,
                        List.of(),
                        List.of());
        Path file = directory.resolve("c.edf");

        EdfWriter.write(recording, List.of(), file);
        EdfRecording back = EdfReader.read(file);

        assertThat(back.header().reserved()).isEqualTo("EDF+C");
        assertThat(back.header().dataRecordCount()).isEqualTo(3);
        assertThat(back.header().recordDurationSeconds()).isEqualTo(1.0);
        assertThat(back.header().recordingSubfields().orElseThrow().startdate())
                .isEqualTo("05-MAY-2020");
        assertThat(back.startTime()).contains(Instant.parse("2020-05-05T09:49:17.250Z"));
        assertThat(back.digital(0).orElseThrow()).isEqualTo(ramp(30));
        assertThat(back.channels().get(0))
                .isEqualTo(
                        new RecordingChannel(
                                "ECG", "mV", 200, 0, Optional.of(new AdcRange(-32767, 32767))));
        String header = new String(Files.readAllBytes(file), 0, 256, StandardCharsets.US_ASCII);
        assertThat(header.substring(168, 184)).isEqualTo("05.05.2009.49.17");
    }

    @Test
    void unknownStartUsesConvention() throws IOException {
        Recording recording =
                TestRecording.digital(10, List.of(ECG), new int[][] {ramp(10)}, List.of());
        Path file = directory.resolve("nostart.edf");

        EdfWriter.write(recording, List.of(), file);

        String header = new String(Files.readAllBytes(file), 0, 256, StandardCharsets.US_ASCII);
        assertThat(header.substring(88, 168).strip()).isEqualTo("Startdate X test X medstream");
        assertThat(header.substring(168, 184)).isEqualTo("01.01.8500.00.00");
        assertThat(EdfReader.read(file).startTime()).isEmpty();
    }

    @Test
    void gapsGiveDiscontinuousFile() throws IOException {
        int[] values = ramp(60);
        for (int t = 20; t < 50; t++) {
            values[t] = Recording.INVALID_SAMPLE;
        }
        Recording recording =
                TestRecording.digital(
                        10, List.of(ECG), new int[][] {values}, List.of(new FrameRange(20, 50)));
        List<Annotation> annotations =
                List.of(
                        Annotation.of(3, AnnotationCode.NORMAL),
                        Annotation.of(53, AnnotationCode.PVC));
        Path file = directory.resolve("d.edf");

        EdfWriter.write(recording, annotations, file);
        EdfRecording back = EdfReader.read(file);

        assertThat(back.header().reserved()).isEqualTo("EDF+D");
        assertThat(back.header().dataRecordCount()).isEqualTo(3);
        assertThat(back.gaps()).containsExactly(new FrameRange(20, 50));
        assertThat(back.digital(0).orElseThrow()).isEqualTo(values);
        assertThat(back.annotations()).isEqualTo(annotations);
    }

    @Test
    void annotationsOnlyRecording() throws IOException {
        Recording recording =
                new TestRecording(
                        360, Optional.empty(), List.of(), new int[0][], null, List.of(), List.of());
        List<Annotation> annotations =
                List.of(
                        new Annotation(360, AnnotationCode.RHYTHM, 0, 0, 0, "(AFIB\0"),
                        new Annotation(720, AnnotationCode.NOTE, 0, 0, 0, "Lights off"));
        Path file = directory.resolve("events.edf");

        EdfWriter.write(recording, annotations, file);
        EdfRecording back = EdfReader.read(file);

        assertThat(back.header().recordDurationSeconds()).isZero();
        assertThat(back.channels()).isEmpty();
        assertThat(back.edfAnnotations())
                .extracting(EdfAnnotation::text)
                .containsExactly("+ (AFIB", "Lights off");
        assertThat(back.annotations())
                .containsExactly(
                        new Annotation(1000, AnnotationCode.RHYTHM, 0, 0, 0, "(AFIB"),
                        new Annotation(2000, AnnotationCode.NOTE, 0, 0, 0, "Lights off"));
    }

    @Test
    void denseAnnotationsSpillIntoLaterRecords() throws IOException {
        Recording recording =
                TestRecording.digital(10, List.of(ECG), new int[][] {ramp(100)}, List.of());
        List<Annotation> annotations =
                IntStream.range(0, 40)
                        .mapToObj(i -> Annotation.of(i < 30 ? 5 : 95, AnnotationCode.NORMAL))
                        .toList();
        Path file = directory.resolve("dense.edf");

        EdfWriter.write(recording, annotations, file);

        assertThat(EdfReader.read(file).annotations()).isEqualTo(annotations);
    }

    @Test
    void physicalOnlyChannelIsRescaled() throws IOException {
        double[] sine = new double[500];
        for (int t = 0; t < sine.length; t++) {
            sine[t] = 1.5 * Math.sin(t / 10.0);
        }
        sine[7] = Double.NaN;
        Recording recording =
                new TestRecording(
                        250,
                        Optional.empty(),
                        List.of(new RecordingChannel("Pleth", "NU", Double.NaN, 0)),
                        null,
                        new double[][] {sine},
                        List.of(),
                        List.of());
        Path file = directory.resolve("pleth.edf");

        List<String> warnings = EdfWriter.write(recording, List.of(), file);
        double[] back = EdfReader.read(file).physical(0);

        double step = 3.0 / 65535;
        for (int t = 0; t < sine.length; t++) {
            if (t != 7) {
                assertThat(back[t]).as("frame %d", t).isCloseTo(sine[t], within(step));
            }
        }
        assertThat(warnings).anyMatch(w -> w.contains("1 missing samples"));
    }

    @Test
    void wideAdcValuesAreRescaled() throws IOException {
        Recording recording =
                TestRecording.digital(
                        10,
                        List.of(new RecordingChannel("BP", "mmHg", 1000, 0)),
                        new int[][] {{-100000, 0, 100000, 50000, 0, 0, 0, 0, 0, 0}},
                        List.of());
        Path file = directory.resolve("wide.edf");

        List<String> warnings = EdfWriter.write(recording, List.of(), file);

        assertThat(warnings).anyMatch(w -> w.contains("outside -32767 to 32767"));
        assertThat(EdfReader.read(file).physical(0)[2]).isCloseTo(100.0, within(200.0 / 65535));
    }

    @Test
    void numberFormatFitsEightCharacters() {
        assertThat(SignalScaling.format(-168.96, RoundingMode.HALF_EVEN)).isEqualTo("-168.96");
        assertThat(SignalScaling.format(-1000.0152590218967, RoundingMode.HALF_EVEN))
                .isEqualTo("-1000.02");
        assertThat(SignalScaling.format(0.1234567891, RoundingMode.CEILING)).isEqualTo("0.123457");
        assertThat(SignalScaling.format(123456789, RoundingMode.HALF_EVEN)).isEmpty();
    }
}
