package org.medstream.ingest.edf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid header fields fail with the file, the field and the value in the message. */
class EdfHeaderErrorsTest {
    @TempDir Path directory;

    private static EdfFileBuilder valid() {
        return new EdfFileBuilder()
                .signal("ECG", "-1", "1", 2)
                .annotationSignal(10)
                .record(new int[] {1, 2}, "+0||;");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "version; 1; header field 'version' is '1', expected '0'",
                "number of signals; two; header field 'number of signals' is 'two', expected an"
                        + " integer",
                "number of bytes in header record; 512; header field 'number of bytes in header"
                        + " record' is '512', expected 768",
                "number of data records; abc; header field 'number of data records' is 'abc',"
                        + " expected an integer",
                "number of data records; -2; header field 'number of data records' is '-2',"
                        + " expected 0 or more, or -1 for unknown",
                "duration; 1,0; header field 'duration of a data record' is '1,0', expected a"
                        + " decimal number",
                "duration; 0; header field 'duration of a data record' is '0', expected more than"
                        + " 0 seconds",
                "startdate; 1.1.2002; header field 'startdate of recording' is '1.1.2002',"
                        + " expected dd.mm.yy",
                "startdate; 31.02.02; header field 'startdate of recording' is '31.02.02',"
                        + " expected a valid dd.mm.yy date",
                "starttime; 25.00.00; header field 'starttime of recording' is '25.00.00',"
                        + " expected a valid hh.mm.ss time",
                "starttime; 10:00:00; header field 'starttime of recording' is '10:00:00',"
                        + " expected hh.mm.ss",
                "reserved; EDF+X; header field 'reserved' is 'EDF+X', expected EDF+C or EDF+D",
            })
    void fixedFieldError(String field, String value, String message) throws IOException {
        Path file = valid().set(field, value).write(directory.resolve("bad.edf"));

        assertThatThrownBy(() -> EdfReader.read(file))
                .isInstanceOf(EdfException.class)
                .hasMessageStartingWith("bad.edf: " + message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "physical minimum; low; header field 'physical minimum' of signal 1 (ECG) is"
                        + " 'low', expected a decimal number",
                "physical maximum; -1; header field 'physical maximum' of signal 1 (ECG) is '-1',"
                        + " expected a value other than the physical minimum -1.0",
                "digital minimum; -40000; header field 'digital minimum' of signal 1 (ECG) is"
                        + " '-40000', expected -32768 or more",
                "digital maximum; 40000; header field 'digital maximum' of signal 1 (ECG) is"
                        + " '40000', expected 32767 or less",
                "digital maximum; -32768; header field 'digital maximum' of signal 1 (ECG) is"
                        + " '-32768', expected 32767 or less and more than the digital minimum",
                "samples; 0; header field 'number of samples in each data record' of signal 1"
                        + " (ECG) is '0', expected 1 or more",
                "samples; 2.5; header field 'number of samples in each data record' of signal 1"
                        + " (ECG) is '2.5', expected an integer",
            })
    void signalFieldError(String field, String value, String message) throws IOException {
        Path file = valid().setSignal(0, field, value).write(directory.resolve("bad.edf"));

        assertThatThrownBy(() -> EdfReader.read(file))
                .isInstanceOf(EdfException.class)
                .hasMessageStartingWith("bad.edf: " + message);
    }

    @Test
    void bdfIsNamed() throws IOException {
        byte[] bytes = valid().build();
        bytes[0] = (byte) 0xff;
        System.arraycopy(
                "BIOSEMI".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bytes, 1, 7);
        Path file = Files.write(directory.resolve("eeg.bdf.edf"), bytes);

        assertThatThrownBy(() -> EdfReader.read(file))
                .hasMessage(
                        "eeg.bdf.edf: header field 'version' is '\\xFFBIOSEMI', expected '0' (BDF"
                                + " and other variants are not supported)");
    }

    @Test
    void truncatedHeader() throws IOException {
        Path file = Files.write(directory.resolve("tiny.edf"), new byte[100]);

        assertThatThrownBy(() -> EdfReader.read(file))
                .hasMessage("tiny.edf: file is 100 bytes, shorter than the 256-byte EDF header");
    }

    @Test
    void malformedTalIsNamed() throws IOException {
        Path file =
                new EdfFileBuilder()
                        .set("reserved", "EDF+D")
                        .signal("ECG", "-1", "1", 2)
                        .annotationSignal(10)
                        .record(new int[] {1, 2}, "0.5||;")
                        .write(directory.resolve("tal.edf"));

        assertThatThrownBy(() -> EdfReader.read(file))
                .hasMessage(
                        "tal.edf: data record 1, signal 2 (EDF Annotations): TAL '0.5\\x14\\x14' has"
                                + " onset '0.5', expected a sign and seconds such as +12.5");
    }
}
