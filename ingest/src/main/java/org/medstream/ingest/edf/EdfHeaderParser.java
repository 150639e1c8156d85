package org.medstream.ingest.edf;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the EDF header as the EDF specification (Kemp et al. 1992) and the EDF+ specification
 * (Kemp and Olivan 2003, edfplus.info) lay it out. Header text is read as ISO-8859-1 so that every
 * byte maps to one character, although both specifications ask for printable US-ASCII.
 */
final class EdfHeaderParser {
    /** Bytes of the fixed part of the header, and of each signal's part. */
    static final int FIXED_BYTES = 256;

    static final int SIGNAL_BYTES = 256;

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern CLOCK = Pattern.compile("(\\d\\d)\\.(\\d\\d)\\.(\\d\\d|yy)");
    private static final DateTimeFormatter STARTDATE =
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .appendPattern("dd-MMM-yyyy")
                    .toFormatter(Locale.ENGLISH);

    private final String fileName;
    private final Consumer<String> warnings;

    EdfHeaderParser(String fileName, Consumer<String> warnings) {
        this.fileName = fileName;
        this.warnings = warnings;
    }

    /** Returns the number of signals from the fixed part, checking the fields that locate them. */
    int signalCount(byte[] fixed) throws EdfException {
        String version = text(fixed, 0, 8);
        if (!version.equals("0")) {
            String shown = (fixed[0] & 0xff) == 0xff ? "\\xFF" + text(fixed, 1, 7) : version;
            throw EdfException.invalidField(
                    fileName, "version", shown, "'0' (BDF and other variants are not supported)");
        }
        int count = parseInt("number of signals", text(fixed, 252, 4));
        if (count < 1) {
            throw EdfException.invalidField(
                    fileName, "number of signals", Integer.toString(count), "1 or more");
        }
        int headerBytes = parseInt("number of bytes in header record", text(fixed, 184, 8));
        int expectedBytes = FIXED_BYTES + SIGNAL_BYTES * count;
        if (headerBytes != expectedBytes) {
            throw EdfException.invalidField(
                    fileName,
                    "number of bytes in header record",
                    Integer.toString(headerBytes),
                    expectedBytes + " (256 + 256 per signal for " + count + " signals)");
        }
        return count;
    }

    /** Parses the whole header from its fixed part and the signal part that follows it. */
    EdfHeader parse(byte[] fixed, byte[] signalPart) throws EdfException {
        int count = signalCount(fixed);
        String patient = text(fixed, 8, 80);
        String recording = text(fixed, 88, 80);
        String reserved = text(fixed, 192, 44);
        boolean edfPlus = reserved.startsWith("EDF+");
        if (edfPlus && !reserved.startsWith("EDF+C") && !reserved.startsWith("EDF+D")) {
            throw EdfException.invalidField(fileName, "reserved", reserved, "EDF+C or EDF+D");
        }

        Optional<EdfHeader.PatientSubfields> patientSubfields =
                edfPlus ? patientSubfields(patient) : Optional.empty();
        Optional<EdfHeader.RecordingSubfields> recordingSubfields =
                edfPlus ? recordingSubfields(recording) : Optional.empty();
        Optional<LocalDateTime> start =
                startDateTime(text(fixed, 168, 8), text(fixed, 176, 8), recordingSubfields);

        long recordCount = parseLong("number of data records", text(fixed, 236, 8));
        if (recordCount < -1) {
            throw EdfException.invalidField(
                    fileName,
                    "number of data records",
                    Long.toString(recordCount),
                    "0 or more, or -1 for unknown");
        }
        String durationText = text(fixed, 244, 8);
        double duration = parseDecimal("duration of a data record", durationText);
        if (duration < 0) {
            throw EdfException.invalidField(
                    fileName, "duration of a data record", durationText, "0 or more seconds");
        }

        List<EdfSignal> signals = signals(signalPart, count);
        boolean ordinarySignals = signals.stream().anyMatch(signal -> !signal.isAnnotation());
        if (duration == 0 && ordinarySignals) {
            throw EdfException.invalidField(
                    fileName,
                    "duration of a data record",
                    durationText,
                    "more than 0 seconds, because the file has signals other than EDF"
                            + " Annotations");
        }
        return new EdfHeader(
                "0",
                patient,
                recording,
                patientSubfields,
                recordingSubfields,
                start,
                FIXED_BYTES + SIGNAL_BYTES * count,
                reserved,
                recordCount,
                duration,
                signals);
    }

    private List<EdfSignal> signals(byte[] part, int count) throws EdfException {
        List<EdfSignal> signals = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            String label = field(part, count, 0, 16, s);
            SignalFields fields = new SignalFields(s, label);
            String transducer = field(part, count, 16 * count, 80, s);
            String dimension = field(part, count, 96 * count, 8, s);
            double physicalMinimum =
                    fields.decimal("physical minimum", field(part, count, 104 * count, 8, s));
            double physicalMaximum =
                    fields.decimal("physical maximum", field(part, count, 112 * count, 8, s));
            int digitalMinimum =
                    fields.integer("digital minimum", field(part, count, 120 * count, 8, s));
            int digitalMaximum =
                    fields.integer("digital maximum", field(part, count, 128 * count, 8, s));
            String prefiltering = field(part, count, 136 * count, 80, s);
            int samplesPerRecord =
                    fields.integer(
                            "number of samples in each data record",
                            field(part, count, 216 * count, 8, s));

            fields.check(
                    "digital minimum",
                    digitalMinimum,
                    digitalMinimum >= Short.MIN_VALUE,
                    "-32768 or more");
            fields.check(
                    "digital maximum",
                    digitalMaximum,
                    digitalMaximum <= Short.MAX_VALUE && digitalMaximum > digitalMinimum,
                    "32767 or less and more than the digital minimum " + digitalMinimum);
            fields.check(
                    "physical maximum",
                    physicalMaximum,
                    physicalMaximum != physicalMinimum,
                    "a value other than the physical minimum " + physicalMinimum);
            fields.check(
                    "number of samples in each data record",
                    samplesPerRecord,
                    samplesPerRecord >= 1,
                    "1 or more");
            signals.add(
                    new EdfSignal(
                            label,
                            transducer,
                            dimension,
                            physicalMinimum,
                            physicalMaximum,
                            digitalMinimum,
                            digitalMaximum,
                            prefiltering,
                            samplesPerRecord));
        }
        return signals;
    }

    /** Field {@code signal} of a per-signal header array that starts at {@code arrayStart}. */
    private static String field(byte[] part, int count, int arrayStart, int width, int signal) {
        return text(part, arrayStart + width * signal, width);
    }

    private Optional<LocalDateTime> startDateTime(
            String dateText, String timeText, Optional<EdfHeader.RecordingSubfields> subfields)
            throws EdfException {
        Matcher date = CLOCK.matcher(dateText);
        if (!date.matches()) {
            throw EdfException.invalidField(
                    fileName, "startdate of recording", dateText, "dd.mm.yy");
        }
        Matcher time = CLOCK.matcher(timeText);
        if (!time.matches() || time.group(3).equals("yy")) {
            throw EdfException.invalidField(
                    fileName, "starttime of recording", timeText, "hh.mm.ss");
        }
        Optional<String> startdate = subfields.map(EdfHeader.RecordingSubfields::startdate);
        if (startdate.filter("X"::equals).isPresent()
                && dateText.equals("01.01.85")
                && timeText.equals("00.00.00")) {
            return Optional.empty();
        }

        LocalTime clock;
        LocalDate day;
        try {
            clock =
                    LocalTime.of(
                            Integer.parseInt(time.group(1)),
                            Integer.parseInt(time.group(2)),
                            Integer.parseInt(time.group(3)));
        } catch (DateTimeException e) {
            throw EdfException.invalidField(
                    fileName, "starttime of recording", timeText, "a valid hh.mm.ss time");
        }
        Optional<LocalDate> fullDate = startdate.flatMap(this::parseStartdate);
        if (date.group(3).equals("yy")) {
            if (fullDate.isEmpty()) {
                warn(
                        "header field 'startdate of recording' is '"
                                + dateText
                                + "' (year after 2084) and the recording field has no Startdate;"
                                + " the start time is unknown");
                return Optional.empty();
            }
            return Optional.of(LocalDateTime.of(fullDate.get(), clock));
        }
        try {
            // EDF's clipping rule: yy 85-99 means 1985-1999 and 00-84 means 2000-2084.
            int yy = Integer.parseInt(date.group(3));
            int year = yy >= 85 ? 1900 + yy : 2000 + yy;
            day =
                    LocalDate.of(
                            year, Integer.parseInt(date.group(2)), Integer.parseInt(date.group(1)));
        } catch (DateTimeException e) {
            throw EdfException.invalidField(
                    fileName, "startdate of recording", dateText, "a valid dd.mm.yy date");
        }
        if (fullDate.isPresent() && !fullDate.get().equals(day)) {
            warn(
                    "Startdate "
                            + startdate.get()
                            + " differs from header field 'startdate of recording' '"
                            + dateText
                            + "'; using the Startdate, which has a four-digit year");
            day = fullDate.get();
        }
        return Optional.of(LocalDateTime.of(day, clock));
    }

    private Optional<LocalDate> parseStartdate(String startdate) {
        if (startdate.equals("X")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(startdate, STARTDATE));
        } catch (DateTimeParseException e) {
            warn("EDF+ Startdate '" + startdate + "' is not a dd-MMM-yyyy date; ignoring it");
            return Optional.empty();
        }
    }

    private Optional<EdfHeader.PatientSubfields> patientSubfields(String patient) {
        String[] parts = patient.split(" ", 5);
        if (parts.length < 4) {
            warn(
                    "EDF+ patient identification '"
                            + patient
                            + "' does not have the four subfields code, sex, birthdate and name");
            return Optional.empty();
        }
        String additional = parts.length == 5 ? parts[4] : "";
        return Optional.of(
                new EdfHeader.PatientSubfields(parts[0], parts[1], parts[2], parts[3], additional));
    }

    private Optional<EdfHeader.RecordingSubfields> recordingSubfields(String recording) {
        String[] parts = recording.split(" ", 6);
        if (parts.length < 5 || !parts[0].equals("Startdate")) {
            warn(
                    "EDF+ recording identification '"
                            + recording
                            + "' does not start with 'Startdate' and four subfields");
            return Optional.empty();
        }
        String additional = parts.length == 6 ? parts[5] : "";
        return Optional.of(
                new EdfHeader.RecordingSubfields(
                        parts[1], parts[2], parts[3], parts[4], additional));
    }

    private int parseInt(String field, String value) throws EdfException {
        long parsed = parseLong(field, value);
        if (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE) {
            throw EdfException.invalidField(fileName, field, value, "a 32-bit integer");
        }
        return (int) parsed;
    }

    private long parseLong(String field, String value) throws EdfException {
        if (!INTEGER.matcher(value).matches()) {
            throw EdfException.invalidField(fileName, field, value, "an integer");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw EdfException.invalidField(fileName, field, value, "a 64-bit integer");
        }
    }

    private double parseDecimal(String field, String value) throws EdfException {
        if (!DECIMAL.matcher(value).matches()) {
            throw EdfException.invalidField(fileName, field, value, "a decimal number");
        }
        return Double.parseDouble(value);
    }

    private void warn(String message) {
        warnings.accept(message);
    }

    /** Header text from {@code length} bytes at {@code offset}, with blanks trimmed. */
    private static String text(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1).strip();
    }

    /** Numeric fields of one signal, with errors that name the signal. */
    private final class SignalFields {
        private final int index;
        private final String label;

        SignalFields(int index, String label) {
            this.index = index;
            this.label = label;
        }

        int integer(String field, String value) throws EdfException {
            if (!INTEGER.matcher(value).matches()) {
                throw error(field, value, "an integer");
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw error(field, value, "a 32-bit integer");
            }
        }

        double decimal(String field, String value) throws EdfException {
            if (!DECIMAL.matcher(value).matches()) {
                throw error(field, value, "a decimal number");
            }
            return Double.parseDouble(value);
        }

        void check(String field, double value, boolean valid, String expected) throws EdfException {
            if (!valid) {
                String shown =
                        value == Math.rint(value)
                                ? Long.toString((long) value)
                                : Double.toString(value);
                throw error(field, shown, expected);
            }
        }

        private EdfException error(String field, String value, String expected) {
            return new EdfException(
                    fileName
                            + ": header field '"
                            + field
                            + "' of signal "
                            + (index + 1)
                            + " ("
                            + label
                            + ") is '"
                            + value
                            + "', expected "
                            + expected);
        }
    }
}
