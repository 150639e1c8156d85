package org.medstream.ingest.edf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.ingest.recording.FrameRange;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;

/** Reading generated EDF and EDF+ files: layouts, gaps, annotations and short files. */
class EdfReaderTest {
    @TempDir Path directory;

    private static int[] ramp(int from, int count) {
        return IntStream.range(from, from + count).toArray();
    }

    @Test
    void continuousChannelsAndAnnotations() throws IOException {
        Path file =
                new EdfFileBuilder()
                        .signal("EEG Fpz-Cz", "-3276.8", "3276.7", 10)
                        .signal("EOG", "-3276.8", "3276.7", 10)
                        .annotationSignal(30)
                        .record(ramp(0, 10), ramp(100, 10), "+0||;+0.5^1.5|N|;")
                        .record(ramp(10, 10), ramp(110, 10), "+1||;+1.3|Sleep stage W|;")
                        .write(directory.resolve("plus.edf"));

        EdfRecording recording = EdfReader.read(file);

        assertThat(recording.samplingFrequencyHz()).isEqualTo(10.0);
        assertThat(recording.frameCount()).isEqualTo(20);
        assertThat(recording.digital(1).orElseThrow()).isEqualTo(ramp(100, 20));
        assertThat(recording.physical(0)[13])
                .isEqualTo(1.3, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(recording.channels().get(0).adcGain()).isEqualTo(10.0);
        assertThat(recording.channels().get(0).baseline()).isZero();
        assertThat(recording.annotations())
                .containsExactly(
                        Annotation.of(5, AnnotationCode.NORMAL),
                        new Annotation(13, AnnotationCode.NOTE, 0, 0, 0, "Sleep stage W"));
        assertThat(recording.gaps()).isEmpty();
        assertThat(recording.startTime()).contains(Instant.parse("2002-03-02T16:15:00Z"));
    }

    @Test
    void lowerRateSignalsAreSetAside() throws IOException {
        Path file =
                new EdfFileBuilder()
                        .signal("EEG", "-100", "100", 4)
                        .signal("Resp", "-100", "100", 1)
                        .signal("EMG", "-100", "100", 4)
                        .record(ramp(0, 4), new int[] {7}, ramp(50, 4))
                        .record(ramp(4, 4), new int[] {8}, ramp(54, 4))
                        .set("reserved", "")
                        .write(directory.resolve("rates.edf"));

        EdfRecording recording = EdfReader.read(file);

        assertThat(recording.channels()).extracting(c -> c.name()).containsExactly("EEG", "EMG");
        assertThat(recording.edfSignal(1)).isEqualTo(2);
        assertThat(recording.otherRateSignals()).containsExactly(1);
        assertThat(recording.signalSamples(1)).containsExactly(7, 8);
        assertThat(recording.warnings()).anyMatch(w -> w.contains("Resp (1.0 Hz)"));
    }

    @Test
    void discontinuousGapIsMissing() throws IOException {
        Path file = discontinuous("+5").write(directory.resolve("gap.edf"));

        EdfRecording recording = EdfReader.read(file);

        assertThat(recording.gaps()).containsExactly(new FrameRange(20, 50));
        assertThat(recording.frameCount()).isEqualTo(60);
        int[] digital = recording.digital(0).orElseThrow();
        assertThat(digital[19]).isEqualTo(19);
        assertThat(digital[20]).isEqualTo(Recording.INVALID_SAMPLE);
        assertThat(digital[49]).isEqualTo(Recording.INVALID_SAMPLE);
        assertThat(digital[50]).isEqualTo(20);
        assertThat(recording.physical(0)[35]).isNaN();
    }

    @Test
    void discontinuousAnnotationsKeepClock() throws IOException {
        Path file = discontinuous("+5").write(directory.resolve("gap.edf"));

        List<Annotation> annotations = EdfReader.read(file).annotations();

        assertThat(annotations).extracting(Annotation::sample).containsExactly(3L, 25L, 53L);
        assertThat(annotations.get(2).auxText()).isEqualTo("after gap");
    }

    /** Three records of 10 samples at 10 Hz; the third starts at {@code thirdOnset}. */
    private static EdfFileBuilder discontinuous(String thirdOnset) {
        return new EdfFileBuilder()
                .set("reserved", "EDF+D")
                .signal("ECG", "-32768", "32767", 10)
                .annotationSignal(40)
                .record(ramp(0, 10), "+0||;+0.3|begin|;")
                .record(ramp(10, 10), "+1||;+2.5|in gap|;")
                .record(ramp(20, 10), thirdOnset + "||;" + thirdOnset + ".3|after gap|;");
    }

    @Test
    void hugeGapIsRejected() throws IOException {
        Path file = discontinuous("+900000000").write(directory.resolve("far.edf"));

        assertThatThrownBy(() -> EdfReader.read(file))
                .isInstanceOf(EdfException.class)
                .hasMessageContaining("far.edf")
                .hasMessageContaining("gap")
                .hasMessageContaining("data record 3")
                .hasMessageContaining("900000000");
    }

    @Test
    void overlappingRecordsAreRejected() throws IOException {
        Path file = discontinuous("+1").write(directory.resolve("overlap.edf"));

        assertThatThrownBy(() -> EdfReader.read(file))
                .isInstanceOf(EdfException.class)
                .hasMessageContaining(
                        "overlap.edf: EDF+D data record 3 starts at onset 1 s, before data record 2 ends at 2.0 s");
    }

    @Test
    void discontinuousWithoutTimeKeepingIsRejected() throws IOException {
        Path file =
                new EdfFileBuilder()
                        .set("reserved", "EDF+D")
                        .signal("ECG", "-1", "1", 2)
                        .annotationSignal(10)
                        .record(new int[] {1, 2}, "+0.5|text|;")
                        .write(directory.resolve("nokeeping.edf"));

        assertThatThrownBy(() -> EdfReader.read(file))
                .hasMessageContaining("nokeeping.edf: data record 1 has no time-keeping TAL");
    }

    @Test
    void shortFileDeliversCompleteRecords() throws IOException {
        byte[] bytes =
                new EdfFileBuilder()
                        .signal("ECG", "-1", "1", 4)
                        .record(ramp(0, 4))
                        .record(ramp(4, 4))
                        .record(ramp(8, 4))
                        .set("reserved", "")
                        .build();
        Path file =
                Files.write(directory.resolve("short.edf"), Arrays.copyOf(bytes, bytes.length - 3));

        EdfRecording recording = EdfReader.read(file);

        assertThat(recording.dataRecordsRead()).isEqualTo(2);
        assertThat(recording.digital(0).orElseThrow()).isEqualTo(ramp(0, 8));
        assertThat(recording.warnings())
                .containsExactly(
                        "header field 'number of data records' is 3 but the file contains 2 complete"
                                + " data records of 8 bytes (3 bytes missing); reading the 2 that"
                                + " exist");
    }

    @Test
    void unknownRecordCountReadsToEnd() throws IOException {
        Path file =
                new EdfFileBuilder()
                        .signal("ECG", "-1", "1", 4)
                        .record(ramp(0, 4))
                        .record(ramp(4, 4))
                        .set("number of data records", "-1")
                        .set("reserved", "")
                        .write(directory.resolve("unknown.edf"));

        EdfRecording recording = EdfReader.read(file);

        assertThat(recording.header().dataRecordCount()).isEqualTo(-1);
        assertThat(recording.frameCount()).isEqualTo(8);
    }

    @Test
    void subsecondStartFromFirstOnset() throws IOException {
        Path file =
                new EdfFileBuilder()
                        .signal("ECG", "-1", "1", 2)
                        .annotationSignal(20)
                        .record(new int[] {1, 2}, "+0.25||;+0.75|x|;")
                        .record(new int[] {3, 4}, "+1.25||;")
                        .write(directory.resolve("fraction.edf"));

        EdfRecording recording = EdfReader.read(file);

        assertThat(recording.startTime()).contains(Instant.parse("2002-03-02T16:15:00.25Z"));
        assertThat(recording.annotations().get(0).sample()).isEqualTo(1);
    }

    @Test
    void yearClipping() throws IOException {
        assertThat(startOf("31.12.84", "Startdate X X X X"))
                .contains(Instant.parse("2084-12-31T16:15:00Z"));
        assertThat(startOf("01.01.85", "Startdate X X X X"))
                .contains(Instant.parse("1985-01-01T16:15:00Z"));
        assertThat(startOf("01.01.yy", "Startdate 01-JAN-2090 X X X"))
                .contains(Instant.parse("2090-01-01T16:15:00Z"));
    }

    @Test
    void startdateSubfieldWinsOverHeaderDate() throws IOException {
        assertThat(startOf("01.01.84", "Startdate 01-JAN-1984 X X X"))
                .contains(Instant.parse("1984-01-01T16:15:00Z"));
    }

    @Test
    void unknownStartConvention() throws IOException {
        Path file =
                new EdfFileBuilder()
                        .set("startdate", "01.01.85")
                        .set("starttime", "00.00.00")
                        .set("recording", "Startdate X X X X")
                        .signal("ECG", "-1", "1", 2)
                        .record(new int[] {1, 2})
                        .set("reserved", "EDF+C")
                        .write(directory.resolve("nodate.edf"));

        assertThat(EdfReader.read(file).startTime()).isEmpty();
    }

    private java.util.Optional<Instant> startOf(String date, String recordingField)
            throws IOException {
        Path file =
                new EdfFileBuilder()
                        .set("startdate", date)
                        .set("recording", recordingField)
                        .signal("ECG", "-1", "1", 2)
                        .annotationSignal(10)
                        .record(new int[] {1, 2}, "+0||;")
                        .write(directory.resolve("date.edf"));
        return EdfReader.read(file).startTime();
    }
}
