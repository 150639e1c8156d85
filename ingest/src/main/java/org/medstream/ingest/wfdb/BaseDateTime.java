package org.medstream.ingest.wfdb;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base time and base date from the end of a header's record line.
 *
 * <p>The standard form is {@code HH:MM:SS[.mmm] dd/mm/yyyy}; the time may be shortened to {@code
 * MM:SS} or {@code SS}, and the date may be absent. Headers written by other tools are accepted
 * with a logged warning when they put the date first, write the date as {@code 05-May-2020} or
 * {@code 2020-05-05}, or give only a year. A year-only date leaves the date empty rather than
 * inventing a day, and the time is never shifted: without a full date {@link WfdbHeader#startTime}
 * is empty.
 */
record BaseDateTime(Optional<LocalTime> time, Optional<LocalDate> date) {
    private static final Logger LOG = LoggerFactory.getLogger(BaseDateTime.class);

    private static final Pattern TIME =
            Pattern.compile("(?:(?:(\\d{1,2}):)?(\\d{1,2}):)?(\\d{1,2})(?:\\.(\\d{1,9}))?");
    private static final Pattern WFDB_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");
    private static final Pattern MONTH_NAME_DATE =
            Pattern.compile("(\\d{1,2})-([A-Za-z]{3})-(\\d{4})");
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");

    static BaseDateTime parse(String headerName, int lineNumber, String[] fields)
            throws WfdbHeaderException {
        Optional<LocalTime> time = Optional.empty();
        Optional<LocalDate> date = Optional.empty();
        boolean dateSeen = false;

        for (String field : fields) {
            if (field.contains(":")) {
                if (time.isPresent()) {
                    throw WfdbHeaderException.forField(
                            headerName, lineNumber, "base time", field, "the time is given twice");
                }
                if (dateSeen) {
                    LOG.warn(
                            "Base date precedes base time; WFDB writes the time first:"
                                    + " header={} line={}",
                            headerName,
                            lineNumber);
                }
                time = Optional.of(parseTime(headerName, lineNumber, field));
            } else {
                if (dateSeen) {
                    throw WfdbHeaderException.forField(
                            headerName,
                            lineNumber,
                            "base date",
                            field,
                            "only a base time and a base date may follow the number of samples");
                }
                dateSeen = true;
                date = parseDate(headerName, lineNumber, field);
            }
        }
        if (dateSeen && time.isEmpty()) {
            LOG.warn(
                    "Base date without base time; start time left unknown: header={} line={}",
                    headerName,
                    lineNumber);
        }
        return new BaseDateTime(time, date);
    }

    private static LocalTime parseTime(String headerName, int lineNumber, String field)
            throws WfdbHeaderException {
        Matcher matcher = TIME.matcher(field);
        if (!matcher.matches()) {
            throw WfdbHeaderException.forField(
                    headerName,
                    lineNumber,
                    "base time",
                    field,
                    "expected HH:MM:SS with optional .mmm");
        }
        int hours = matcher.group(1) == null ? 0 : Integer.parseInt(matcher.group(1));
        int minutes = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
        int seconds = Integer.parseInt(matcher.group(3));
        int nanos = 0;
        if (matcher.group(4) != null) {
            String fraction = (matcher.group(4) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(fraction);
        }
        try {
            return LocalTime.of(hours, minutes, seconds, nanos);
        } catch (DateTimeException e) {
            throw WfdbHeaderException.forField(
                    headerName,
                    lineNumber,
                    "base time",
                    field,
                    "hours must be below 24, minutes and seconds below 60");
        }
    }

    private static Optional<LocalDate> parseDate(String headerName, int lineNumber, String field)
            throws WfdbHeaderException {
        try {
            Matcher wfdb = WFDB_DATE.matcher(field);
            if (wfdb.matches()) {
                return Optional.of(
                        LocalDate.of(
                                Integer.parseInt(wfdb.group(3)),
                                Integer.parseInt(wfdb.group(2)),
                                Integer.parseInt(wfdb.group(1))));
            }
            Matcher monthName = MONTH_NAME_DATE.matcher(field);
            if (monthName.matches()) {
                LOG.warn(
                        "Base date {} is not in WFDB form dd/mm/yyyy; read as day-month-year:"
                                + " header={} line={}",
                        field,
                        headerName,
                        lineNumber);
                DateTimeFormatter format = DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ROOT);
                String normalized =
                        monthName.group(1)
                                + "-"
                                + monthName.group(2).substring(0, 1).toUpperCase(Locale.ROOT)
                                + monthName.group(2).substring(1).toLowerCase(Locale.ROOT)
                                + "-"
                                + monthName.group(3);
                return Optional.of(LocalDate.parse(normalized, format));
            }
            Matcher iso = ISO_DATE.matcher(field);
            if (iso.matches()) {
                LOG.warn(
                        "Base date {} is not in WFDB form dd/mm/yyyy; read as year-month-day:"
                                + " header={} line={}",
                        field,
                        headerName,
                        lineNumber);
                return Optional.of(
                        LocalDate.of(
                                Integer.parseInt(iso.group(1)),
                                Integer.parseInt(iso.group(2)),
                                Integer.parseInt(iso.group(3))));
            }
            if (YEAR.matcher(field).matches()) {
                LOG.warn(
                        "Base date {} gives only a year; date and start time left unknown:"
                                + " header={} line={}",
                        field,
                        headerName,
                        lineNumber);
                return Optional.empty();
            }
        } catch (DateTimeException e) {
            throw WfdbHeaderException.forField(
                    headerName, lineNumber, "base date", field, "no such calendar date");
        }
        throw WfdbHeaderException.forField(
                headerName,
                lineNumber,
                "base date",
                field,
                "expected dd/mm/yyyy (also read: dd-Mon-yyyy, yyyy-mm-dd, yyyy)");
    }
}
