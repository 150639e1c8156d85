package org.medstream.ingest.csv;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The time column of a CSV recording, collected row by row, from which the sampling frequency and
 * the start time are derived.
 *
 * <p>Times are written with limited precision: BIDMC exports write 5 significant digits, so 100.016
 * s reads {@code 100.02} and two rows can show the same time. Each time therefore counts as exact
 * only to half a unit of its last written digit, and the uniformity checks allow that much.
 *
 * <p>NOTE: when the written precision is as coarse as the sampling period (100 Hz times with two
 * decimals), one missing row stays within that allowance and the derived rate can be off by one row
 * per span. Giving the sampling frequency as well makes the grid check catch such a gap.
 */
final class TimeColumn {
    /** Kinds of time column. */
    enum Kind {
        /** Frame numbers counting up by one, as {@code rdsamp} and medstream's converter write. */
        SAMPLE_INDEX,
        /** Elapsed time in seconds (or in the unit of the heading). */
        SECONDS,
        /** ISO-8601 date and time, with or without an offset. */
        TIMESTAMP
    }

    /** Column names (compared in lower case without the unit) detected as a time column. */
    static final Set<String> TIME_NAMES =
            Set.of("time", "times", "timestamp", "datetime", "date time", "elapsed time", "t");

    /** Column names detected as a sample index column. */
    static final Set<String> SAMPLE_NAMES =
            Set.of("sample", "sample #", "sample no", "sample number", "samples", "index");

    /**
     * Margin in seconds for floating-point error in the tolerance checks. A rounded time is off by
     * less than half a unit of its last digit, so a deviation of a full half unit is irregular.
     */
    private static final double ROUNDING_SLACK = 1e-9;

    private final String fileName;
    private final ColumnHeading heading;
    private final Kind kind;
    private final ZoneId zone;
    private final double secondsPerUnit;

    private double[] seconds = new double[1024];
    private double[] resolution = new double[1024];
    private long[] lines = new long[1024];
    private int count;
    private Instant firstInstant;
    private long previousIndex;

    TimeColumn(String fileName, ColumnHeading heading, Kind kind, ZoneId zone)
            throws CsvFormatException {
        this.fileName = fileName;
        this.heading = heading;
        this.kind = kind;
        this.zone = zone;
        this.secondsPerUnit = kind == Kind.SECONDS ? secondsPerUnit(heading) : 1.0;
    }

    Kind kind() {
        return kind;
    }

    ColumnHeading heading() {
        return heading;
    }

    /** Chooses the kind from the column name and its first value. */
    static Kind kindOf(ColumnHeading heading, String firstValue) {
        if (SAMPLE_NAMES.contains(heading.key())) {
            return Kind.SAMPLE_INDEX;
        }
        return Cells.isDecimal(firstValue) ? Kind.SECONDS : Kind.TIMESTAMP;
    }

    /** Parses the time cell of the row on {@code line}. */
    void add(String cell, long line) throws CsvFormatException {
        String text = cell.strip();
        if (Cells.isMissing(text)) {
            throw error(line, text, "a time is missing; every row needs one");
        }
        grow();
        switch (kind) {
            case SAMPLE_INDEX -> addSampleIndex(text, line);
            case SECONDS -> addSeconds(text, line);
            case TIMESTAMP -> addTimestamp(text, line);
        }
        lines[count] = line;
        count++;
    }

    private void addSampleIndex(String text, long line) throws CsvFormatException {
        long index;
        try {
            index = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error(line, text, "expected a whole sample number");
        }
        if (count > 0 && index != previousIndex + 1) {
            throw error(
                    line,
                    text,
                    "sample numbers must count up by one, but the previous row has "
                            + previousIndex);
        }
        previousIndex = index;
    }

    private void addSeconds(String text, long line) throws CsvFormatException {
        if (!Cells.isDecimal(text)) {
            throw error(line, text, "expected a number of " + unitName());
        }
        BigDecimal value = new BigDecimal(text);
        seconds[count] = value.doubleValue() * secondsPerUnit;
        resolution[count] = Math.pow(10, -value.scale()) * secondsPerUnit;
    }

    private void addTimestamp(String text, long line) throws CsvFormatException {
        Instant instant = parseTimestamp(text, line);
        if (firstInstant == null) {
            firstInstant = instant;
        }
        long nanos = (instant.getEpochSecond() - firstInstant.getEpochSecond()) * 1_000_000_000L;
        nanos += instant.getNano() - firstInstant.getNano();
        seconds[count] = nanos / 1e9;
        resolution[count] = timestampResolution(text);
    }

    private Instant parseTimestamp(String text, long line) throws CsvFormatException {
        String iso =
                text.length() > 10 && text.charAt(10) == ' ' ? text.replaceFirst(" ", "T") : text;
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(iso).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw error(
                        line,
                        text,
                        "expected seconds or an ISO-8601 timestamp such as"
                                + " 2024-05-01T12:00:00.004Z");
            }
        }
    }

    /** Unit of the last written digit of a timestamp in seconds: 1 s without a fraction. */
    private static double timestampResolution(String text) {
        int dot = text.lastIndexOf('.');
        if (dot < 0) {
            return 1.0;
        }
        int digits = 0;
        for (int i = dot + 1; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
            digits++;
        }
        return Math.pow(10, -digits);
    }

    /** UTC time of the first row when the column contains timestamps. */
    Optional<Instant> startTime() {
        return Optional.ofNullable(firstInstant);
    }

    /**
     * Derives the sampling frequency from the times and checks that they lie on a uniform grid.
     *
     * @param given sampling frequency from the options; when present, the times must agree with it
     * @throws CsvFormatException when the times are too few, not increasing, irregular or disagree
     *     with {@code given}
     */
    double samplingFrequency(OptionalDouble given) throws CsvFormatException {
        if (count < 2) {
            if (given.isPresent()) {
                return given.getAsDouble();
            }
            throw new CsvFormatException(
                    String.format(
                            "%s has %d data row, too few to derive the sampling frequency from"
                                    + " column '%s'; give the sampling frequency",
                            fileName, count, heading.name()));
        }
        sharpenResolution();
        double span = seconds[count - 1] - seconds[0];
        if (!(span > 0)) {
            checkSteps(Double.POSITIVE_INFINITY);
        }
        double endpointError = (resolution[0] + resolution[count - 1]) / 2;
        double derived = (count - 1) / span;
        double derivedError = derived * endpointError / span;
        long whole = Math.round(derived);
        if (Math.abs(whole - derived) <= derivedError) {
            derived = whole;
        }

        double hz = derived;
        if (given.isPresent()) {
            hz = given.getAsDouble();
            if (Math.abs(hz - derived) > derivedError + 1e-6 * hz) {
                throw new CsvFormatException(
                        String.format(
                                Locale.ROOT,
                                "Column '%s' of %s spans %s s over %d rows, which is %s Hz, but"
                                        + " the sampling frequency given is %s Hz; check the"
                                        + " rate or the time column",
                                heading.name(),
                                fileName,
                                plain(span),
                                count,
                                plain(derived),
                                plain(hz)));
            }
        }
        try {
            checkSteps(1.0 / hz);
            checkGrid(hz);
        } catch (CsvFormatException spanBased) {
            if (given.isEmpty()) {
                // A gap skews the rate derived from the span, so the first failing row can lie far
                // from the gap. Steps compared with the median step point at the gap itself.
                checkSteps(medianStep());
            }
            throw spanBased;
        }
        return hz;
    }

    private double medianStep() {
        double[] steps = new double[count - 1];
        for (int i = 1; i < count; i++) {
            steps[i - 1] = seconds[i] - seconds[i - 1];
        }
        Arrays.sort(steps);
        return steps[steps.length / 2];
    }

    /**
     * Lowers each resolution to that of its neighbours when they are finer. Writers drop trailing
     * zeros, so {@code 1} between {@code 0.992} and {@code 1.008} is exact to 0.001 s, not to 1 s.
     */
    private void sharpenResolution() {
        double[] sharpened = new double[count];
        for (int i = 0; i < count; i++) {
            double finest = resolution[i];
            if (i > 0) {
                finest = Math.min(finest, resolution[i - 1]);
            }
            if (i + 1 < count) {
                finest = Math.min(finest, resolution[i + 1]);
            }
            sharpened[i] = finest;
        }
        resolution = sharpened;
    }

    /** Checks each step between consecutive rows against the period, within their precision. */
    private void checkSteps(double period) throws CsvFormatException {
        for (int i = 1; i < count; i++) {
            double step = seconds[i] - seconds[i - 1];
            double tolerance = (resolution[i] + resolution[i - 1]) / 2 - ROUNDING_SLACK;
            if (step <= 0 && (Double.isInfinite(period) || Math.abs(step - period) >= tolerance)) {
                throw error(
                        lines[i],
                        timeText(i),
                        "times must increase, but the previous row has " + timeText(i - 1));
            }
            if (Math.abs(step - period) >= tolerance) {
                throw error(
                        lines[i],
                        timeText(i),
                        String.format(
                                Locale.ROOT,
                                "irregular sampling: %s s after the previous row (%s), expected"
                                        + " %s s for %s Hz; resample the file to a uniform rate"
                                        + " first",
                                plain(step),
                                timeText(i - 1),
                                plain(period),
                                plain(1 / period)));
            }
        }
    }

    /** Checks that no time drifts from the uniform grid that starts at the first row. */
    private void checkGrid(double hz) throws CsvFormatException {
        for (int i = 1; i < count; i++) {
            double expected = seconds[0] + i / hz;
            double tolerance = (resolution[i] + resolution[0]) / 2 - ROUNDING_SLACK;
            if (Math.abs(seconds[i] - expected) >= tolerance) {
                throw error(
                        lines[i],
                        timeText(i),
                        String.format(
                                Locale.ROOT,
                                "irregular sampling: the row is %s s off the uniform %s Hz grid"
                                        + " that starts at the first row",
                                plain(seconds[i] - expected),
                                plain(hz)));
            }
        }
    }

    /** Formats a number with at most 6 significant digits and no trailing zeros. */
    static String plain(double value) {
        BigDecimal rounded = new BigDecimal(value, new java.math.MathContext(6));
        return rounded.stripTrailingZeros().toPlainString();
    }

    private String timeText(int row) {
        if (kind == Kind.TIMESTAMP) {
            return firstInstant.plusNanos(Math.round(seconds[row] * 1e9)).toString();
        }
        return BigDecimal.valueOf(seconds[row] / secondsPerUnit)
                        .stripTrailingZeros()
                        .toPlainString()
                + " "
                + unitName();
    }

    private String unitName() {
        return heading.unit().isEmpty() ? "s" : heading.unit();
    }

    private static double secondsPerUnit(ColumnHeading heading) throws CsvFormatException {
        return switch (heading.unit().toLowerCase(Locale.ROOT)) {
            case "", "s", "sec", "secs", "second", "seconds" -> 1.0;
            case "ms", "msec" -> 1e-3;
            case "us", "µs", "μs" -> 1e-6;
            case "min" -> 60.0;
            default ->
                    throw new CsvFormatException(
                            "Unsupported unit '"
                                    + heading.unit()
                                    + "' of time column '"
                                    + heading.name()
                                    + "' (supported: s, ms, us, min)");
        };
    }

    private CsvFormatException error(long line, String value, String problem) {
        return new CsvFormatException(
                String.format(
                        "%s line %d, column '%s': invalid time '%s': %s",
                        fileName, line, heading.name(), value, problem));
    }

    private void grow() {
        if (count == seconds.length) {
            int size = seconds.length * 2;
            seconds = Arrays.copyOf(seconds, size);
            resolution = Arrays.copyOf(resolution, size);
            lines = Arrays.copyOf(lines, size);
        }
    }
}
