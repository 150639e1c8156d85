package org.medstream.ingest.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class WfdbHeaderTest {
    private static final Path NAME = Path.of("test.hea");

    private static WfdbHeader parse(String text) throws WfdbHeaderException {
        return HeaderParser.parse(NAME, text);
    }

    @Test
    void recordLineFields() throws IOException {
        WfdbHeader header =
                parse(
                        "rec 2 360/720(12.5) 650000 10:20:30 05/06/2007\n"
                                + "rec.dat 212 200 11 1024 995 -22131 0 MLII\n"
                                + "rec.dat 212 200 11 1024 1011 20052 0 V5\n");

        assertThat(header.recordName()).isEqualTo("rec");
        assertThat(header.signalCount()).isEqualTo(2);
        assertThat(header.samplingFrequency()).isEqualTo(360.0);
        assertThat(header.counterFrequency()).contains(720.0);
        assertThat(header.baseCounter()).isEqualTo(12.5);
        assertThat(header.frameCount()).hasValue(650000);
        assertThat(header.baseTime()).contains(LocalTime.of(10, 20, 30));
        assertThat(header.baseDate()).contains(LocalDate.of(2007, 6, 5));
        assertThat(header.startTime()).contains(Instant.parse("2007-06-05T10:20:30Z"));
        assertThat(header.isMultiSegment()).isFalse();
    }

    @Test
    void recordLineDefaults() throws IOException {
        WfdbHeader header = parse("rec 0\n");

        assertThat(header.samplingFrequency()).isEqualTo(250.0);
        assertThat(header.counterFrequency()).isEmpty();
        assertThat(header.frameCount()).isEmpty();
        assertThat(header.baseTime()).isEmpty();
        assertThat(header.startTime()).isEmpty();
    }

    @Test
    void signalLineFields() throws IOException {
        WfdbHeader header =
                parse(
                        "rec 1 250 100\n"
                                + "rec.mat 16x4:6+24 1.052e+04(-3)/mmHg 15 7 9127 -301 512 arterial pressure\n");
        WfdbSignalSpec spec = header.signals().get(0);

        assertThat(spec.fileName()).isEqualTo("rec.mat");
        assertThat(spec.format()).isEqualTo(16);
        assertThat(spec.samplesPerFrame()).isEqualTo(4);
        assertThat(spec.skewFrames()).as("skew 6 samples at 4 per frame").isEqualTo(2);
        assertThat(spec.byteOffset()).isEqualTo(24);
        assertThat(spec.adcGain()).isEqualTo(10520.0);
        assertThat(spec.baseline()).isEqualTo(-3);
        assertThat(spec.units()).isEqualTo("mmHg");
        assertThat(spec.adcResolution()).isEqualTo(15);
        assertThat(spec.adcZero()).isEqualTo(7);
        assertThat(spec.initialValue()).isEqualTo(9127);
        assertThat(spec.checksum()).hasValue(-301);
        assertThat(spec.blockSize()).isEqualTo(512);
        assertThat(spec.description()).isEqualTo("arterial pressure");
    }

    @Test
    void signalLineDefaults() throws IOException {
        WfdbHeader header = WfdbHeader.read(TestData.formats("n8_evoked_raw_95_F1_R9.hea"));
        WfdbSignalSpec spec = header.signals().get(0);

        assertThat(spec.format()).isEqualTo(24);
        assertThat(spec.adcGain()).isEqualTo(2.4011e-11);
        assertThat(spec.units()).isEqualTo("nV");
        assertThat(spec.adcResolution()).isEqualTo(12);
        assertThat(spec.adcZero()).isZero();
        assertThat(spec.baseline()).as("baseline defaults to ADC zero").isZero();
        assertThat(spec.initialValue()).as("initial value defaults to ADC zero").isZero();
        assertThat(spec.checksum()).isEmpty();
        assertThat(spec.description()).isEqualTo("record n8_evoked_raw_95_F1_R9, signal 0");
        assertThat(header.signals().get(1).units()).isEqualTo("V");
    }

    @Test
    void gainDefaults() throws IOException {
        WfdbHeader header = parse("rec 2 250 10\nrec.dat 16\nrec.dat 16 0(5)\n");

        assertThat(header.signals().get(0).adcGain()).isZero();
        assertThat(header.signals().get(0).effectiveGain()).isEqualTo(200.0);
        assertThat(header.signals().get(0).units()).isEqualTo("mV");
        assertThat(header.signals().get(1).baseline()).isEqualTo(5);
        assertThat(header.signals().get(1).effectiveGain()).isEqualTo(200.0);
    }

    @Test
    void defaultResolutionFollowsFormat() throws IOException {
        WfdbHeader header =
                parse("rec 4 250 10\na.dat 80 1\nb.dat 160 1\nc.dat 310 1\nd.dat 16 1\n");

        assertThat(header.signals().get(0).adcResolution()).isEqualTo(8);
        assertThat(header.signals().get(1).adcResolution()).isEqualTo(16);
        assertThat(header.signals().get(2).adcResolution()).isEqualTo(10);
        assertThat(header.signals().get(3).adcResolution()).isEqualTo(12);
    }

    @Test
    void commentsKept() throws IOException {
        WfdbHeader header = WfdbHeader.read(TestData.formats("test01_00s.hea"));

        assertThat(header.comments())
                .containsExactly("<age>: 25  <sex>: M  <diagnoses>: (none)  <medications>: (none)");
    }

    @Test
    void commentBeforeRecordLine() throws IOException {
        WfdbHeader header = WfdbHeader.read(TestData.formats("100-no-len.hea"));

        assertThat(header.recordName()).isEqualTo("100-no-len");
        assertThat(header.frameCount()).isEmpty();
        assertThat(header.comments()).contains("unnecessary comment", "Aldomet, Inderal");
    }

    @Test
    void counterFrequencyOfNumerics() throws IOException {
        WfdbHeader header =
                WfdbHeader.read(
                        TestData.formats("multi-segment/s00001/s00001-2896-10-09-01-56n.hea"));

        assertThat(header.samplingFrequency()).isEqualTo(0.0166666666667);
        assertThat(header.counterFrequency()).contains(125.0);
        assertThat(header.baseTime()).contains(LocalTime.of(1, 56, 25, 894_000_000));
    }

    @Test
    void shortTimeForms() throws IOException {
        assertThat(parse("rec 0 125 10 31:51.982\n").baseTime())
                .contains(LocalTime.of(0, 31, 51, 982_000_000));
        assertThat(parse("rec 0 125 10 0:00 01/01/2001\n").baseTime()).contains(LocalTime.MIDNIGHT);
        assertThat(parse("rec 0 125 10 16:57:09.000 26/10/2137\n").startTime())
                .contains(Instant.parse("2137-10-26T16:57:09Z"));
    }

    @Test
    void dateWithMonthName() throws IOException {
        WfdbHeader header = parse("rec 0 125 10 05-May-2020 09:49:17\n");

        assertThat(header.baseDate()).contains(LocalDate.of(2020, 5, 5));
        assertThat(header.baseTime()).contains(LocalTime.of(9, 49, 17));
        assertThat(header.startTime()).contains(Instant.parse("2020-05-05T09:49:17Z"));
    }

    @Test
    void isoDate() throws IOException {
        WfdbHeader header = parse("rec 0 125 10 09:49:17 2020-05-06\n");

        assertThat(header.baseDate()).contains(LocalDate.of(2020, 5, 6));
    }

    @Test
    void yearOnlyDate() throws IOException {
        WfdbHeader header = parse("rec 0 125 10 09:49:17 2020\n");

        assertThat(header.baseTime()).contains(LocalTime.of(9, 49, 17));
        assertThat(header.baseDate()).isEmpty();
        assertThat(header.startTime()).isEmpty();
    }

    @Test
    void timeWithoutDate() throws IOException {
        WfdbHeader header = parse("rec 0 125 10 16:57:09\n");

        assertThat(header.baseTime()).contains(LocalTime.of(16, 57, 9));
        assertThat(header.startTime()).isEmpty();
    }

    @Test
    void invalidDateRejected() {
        assertThatThrownBy(() -> parse("# first\nrec 0 125 10 10:00:00 31/02/2020\n"))
                .isInstanceOf(WfdbHeaderException.class)
                .hasMessage(
                        "Invalid base date '31/02/2020' in test.hea line 2: no such calendar"
                                + " date");
        assertThatThrownBy(() -> parse("rec 0 125 10 10:00:00 yesterday\n"))
                .isInstanceOf(WfdbHeaderException.class)
                .hasMessageContaining("Invalid base date 'yesterday' in test.hea line 1");
        assertThatThrownBy(() -> parse("rec 0 125 10 25:00:00\n"))
                .isInstanceOf(WfdbHeaderException.class)
                .hasMessageContaining("Invalid base time '25:00:00' in test.hea line 1");
    }

    @Test
    void invalidFieldsNamed() {
        assertThatThrownBy(() -> parse("rec 1 360 100\nrec.dat 212 abc/mV 11\n"))
                .isInstanceOf(WfdbHeaderException.class)
                .hasMessage("Invalid ADC gain 'abc' in test.hea line 2: expected a decimal number");
        assertThatThrownBy(() -> parse("rec 1 fast 100\n"))
                .isInstanceOf(WfdbHeaderException.class)
                .hasMessage(
                        "Invalid sampling frequency 'fast' in test.hea line 1: expected a decimal"
                                + " number");
        assertThatThrownBy(() -> parse("rec 1 360 -5\n"))
                .isInstanceOf(WfdbHeaderException.class)
                .hasMessageContaining("Invalid number of samples '-5' in test.hea line 1");
        assertThatThrownBy(() -> parse("rec 1 360 10\nrec.dat 212q 200\n"))
                .isInstanceOf(WfdbHeaderException.class)
                .hasMessageContaining("Invalid format '212q' in test.hea line 2");
    }

    @Test
    void missingSignalLines() {
        assertThatThrownBy(() -> parse("rec 3 360 10\nrec.dat 16\n"))
                .isInstanceOf(WfdbHeaderException.class)
                .hasMessageStartingWith(
                        "Header test.hea line 1 declares 3 signals but lists only 1");
    }

    @Test
    void masterDeclaresMoreSegments() {
        assertThatThrownBy(() -> parse("multi/4 2 125 3000\nseg1 1000\n~ 1000\n# end\nseg2 1000\n"))
                .isInstanceOf(WfdbHeaderException.class)
                .hasMessage(
                        "Header test.hea line 1 declares 4 segments but lists only 3; add the"
                                + " missing segment lines or correct the count after '/' in the"
                                + " record line");
    }

    @Test
    void masterSegments() throws IOException {
        WfdbHeader header = WfdbHeader.read(TestData.formats("multi-segment/041s/041s.hea"));

        assertThat(header.isMultiSegment()).isTrue();
        assertThat(header.recordName()).isEqualTo("041s");
        assertThat(header.segmentCount()).hasValue(2);
        assertThat(header.segments())
                .containsExactly(
                        new WfdbSegmentSpec("041s01", 1000), new WfdbSegmentSpec("041s02", 1000));
        assertThat(header.startTime()).contains(Instant.parse("1994-10-26T08:26:04Z"));
    }
}
