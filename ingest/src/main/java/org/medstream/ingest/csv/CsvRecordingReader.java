package org.medstream.ingest.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.medstream.ingest.recording.RecordingChannel;
import org.medstream.ingest.validate.PhysicalUnits;
import org.medstream.ingest.wfdb.Annotation;

/**
 * Reads a waveform recording from a CSV file: a header row of column names, then one row per frame.
 *
 * <ul>
 *   <li>The delimiter is a comma, or a semicolon or tab when the header row has more of those.
 *   <li>A heading may carry the unit in brackets, {@code II [mV]} or {@code II (mV)}. A second
 *       header row whose signal cells are all text, such as rdsamp's {@code 'mV'}, is read as the
 *       units. Units given in the options override both.
 *   <li>The time column is the one named in the options, or else the first column named {@code
 *       time}, {@code timestamp}, {@code sample} or similar. Times in seconds (or the heading's
 *       unit) and ISO-8601 timestamps give the sampling frequency, and must be uniform within their
 *       written precision. Sample numbers must count up by one and do not give a rate.
 *   <li>Without a time column that gives the rate, the options must give it; the reader never
 *       assumes one.
 *   <li>Empty cells, {@code -} and {@code NaN} are missing samples (NaN); any other non-numeric
 *       cell is an error that names the file, line, column and value.
 *   <li>Rates below {@link #MIN_SAMPLING_FREQUENCY_HZ} and per-minute units such as {@code bpm} are
 *       rejected, because such files hold trends (for example heart rate) and not waveforms.
 * </ul>
 */
public final class CsvRecordingReader {
    /** Lowest sampling frequency accepted for a waveform. */
    public static final double MIN_SAMPLING_FREQUENCY_HZ = 10.0;

    private CsvRecordingReader() {}

    /**
     * Reads the whole file into memory.
     *
     * @throws NoSuchFileException when the file does not exist
     * @throws CsvFormatException when the file is not a valid CSV recording; the message names the
     *     file, line, column and value
     */
    public static CsvRecording read(Path file, CsvReadOptions options) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "CSV recording not found");
        }
        String fileName = file.getFileName().toString();
        char delimiter = detectDelimiter(file);
        CSVFormat format =
                CSVFormat.RFC4180
                        .builder()
                        .setDelimiter(delimiter)
                        .setIgnoreEmptyLines(true)
                        .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                        .get();

        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = format.parse(reader)) {
            Iterator<CSVRecord> rows = parser.iterator();
            if (!rows.hasNext()) {
                throw new CsvFormatException(fileName + " is empty; expected a header row");
            }
            List<ColumnHeading> headings = headings(fileName, rows.next());
            CsvColumns columns = CsvColumns.of(fileName, headings, options.timeColumn());
            return readRows(file, options, parser, rows, headings, columns);
        }
    }

    private static CsvRecording readRows(
            Path file,
            CsvReadOptions options,
            CSVParser parser,
            Iterator<CSVRecord> rows,
            List<ColumnHeading> headings,
            CsvColumns columns)
            throws IOException {
        String fileName = file.getFileName().toString();
        int signalCount = columns.signalColumns().length;
        SampleColumns samples = new SampleColumns(signalCount);
        TimeColumn time = null;
        List<String> unitsRow = List.of();

        boolean first = true;
        while (rows.hasNext()) {
            CSVRecord row = rows.next();
            long line = parser.getCurrentLineNumber();
            if (row.size() != headings.size()) {
                throw new CsvFormatException(
                        String.format(
                                "%s line %d has %d cells, but the header has %d columns",
                                fileName, line, row.size(), headings.size()));
            }
            if (first && isUnitsRow(row)) {
                unitsRow = unitsOf(row, columns);
                first = false;
                continue;
            }
            if (columns.timeColumn() >= 0) {
                if (time == null) {
                    ColumnHeading heading = headings.get(columns.timeColumn());
                    TimeColumn.Kind kind =
                            TimeColumn.kindOf(heading, row.get(columns.timeColumn()));
                    time = new TimeColumn(fileName, heading, kind, options.zone());
                }
                time.add(row.get(columns.timeColumn()), line);
            }
            for (int signal = 0; signal < signalCount; signal++) {
                int column = columns.signalColumns()[signal];
                String cell = row.get(column);
                try {
                    samples.add(signal, Cells.parseValue(cell));
                } catch (NumberFormatException e) {
                    throw new CsvFormatException(
                            String.format(
                                    "%s line %d, column '%s': invalid value '%s'; expected a"
                                            + " number, or an empty cell, '-' or NaN for a"
                                            + " missing sample",
                                    fileName, line, headings.get(column).name(), cell.strip()));
                }
            }
            samples.endRow();
            first = false;
        }
        if (samples.rows() == 0) {
            throw new CsvFormatException(fileName + " has a header but no data rows");
        }

        double hz = samplingFrequency(fileName, options, time);
        List<RecordingChannel> channels = channels(fileName, headings, columns, unitsRow, options);
        double[][] values = samples.toArrays();
        String name = recordName(fileName);
        List<Annotation> annotations =
                annotations(file, options, hz, values.length == 0 ? 0 : values[0].length, channels);
        Optional<Instant> start =
                options.startTime().isPresent()
                        ? options.startTime()
                        : time == null ? Optional.empty() : time.startTime();
        return new CsvRecording(name, file.toString(), hz, start, channels, values, annotations);
    }

    private static double samplingFrequency(
            String fileName, CsvReadOptions options, TimeColumn time) throws CsvFormatException {
        double hz;
        if (time != null && time.kind() != TimeColumn.Kind.SAMPLE_INDEX) {
            hz = time.samplingFrequency(options.samplingFrequencyHz());
        } else if (options.samplingFrequencyHz().isPresent()) {
            hz = options.samplingFrequencyHz().getAsDouble();
        } else if (time != null) {
            throw new CsvFormatException(
                    String.format(
                            "No sampling frequency for %s: column '%s' holds sample numbers, which"
                                    + " do not give a rate; give the sampling frequency in Hz"
                                    + " (--sampling-frequency)",
                            fileName, time.heading().name()));
        } else {
            throw new CsvFormatException(
                    String.format(
                            "No sampling frequency for %s: it has no time column (looked for"
                                    + " 'time', 'timestamp' or 'sample'); give the sampling"
                                    + " frequency in Hz (--sampling-frequency) or name the time"
                                    + " column (--time-column)",
                            fileName));
        }
        if (hz < MIN_SAMPLING_FREQUENCY_HZ) {
            throw new CsvFormatException(
                    String.format(
                            Locale.ROOT,
                            "Sampling frequency %s Hz of %s is below %.0f Hz, too low for a"
                                    + " waveform; the file looks like a trend series (for example"
                                    + " heart rate), which medstream does not read as a waveform",
                            TimeColumn.plain(hz),
                            fileName,
                            MIN_SAMPLING_FREQUENCY_HZ));
        }
        return hz;
    }

    /**
     * The WFDB unit of dimensionless values. The BIDMC exports give no units because their signals
     * are scaled to 0..1, so their channels get this one.
     */
    static final String NORMALISED_UNITS = "NU";

    private static boolean isBidmcExport(String fileName) {
        return fileName.matches("(?i)bidmc_\\d+_Signals\\.csv");
    }

    private static List<RecordingChannel> channels(
            String fileName,
            List<ColumnHeading> headings,
            CsvColumns columns,
            List<String> unitsRow,
            CsvReadOptions options)
            throws CsvFormatException {
        int[] signalColumns = columns.signalColumns();
        List<String> overrides = options.units();
        if (!overrides.isEmpty() && overrides.size() != signalColumns.length) {
            throw new CsvFormatException(
                    String.format(
                            "Got %d units for the %d signal columns of %s (%s); give one per"
                                    + " signal column, leaving an entry empty to keep the"
                                    + " header's unit",
                            overrides.size(),
                            signalColumns.length,
                            fileName,
                            String.join(", ", columns.signalNames(headings))));
        }
        List<RecordingChannel> channels = new ArrayList<>();
        for (int signal = 0; signal < signalColumns.length; signal++) {
            ColumnHeading heading = headings.get(signalColumns[signal]);
            String unit = heading.unit();
            if (unit.isEmpty() && !unitsRow.isEmpty()) {
                unit = unitsRow.get(signal);
            }
            if (!overrides.isEmpty() && !overrides.get(signal).isEmpty()) {
                unit = overrides.get(signal);
            }
            if (unit.isEmpty() && isBidmcExport(fileName)) {
                unit = NORMALISED_UNITS;
            }
            if (!unit.isBlank() && PhysicalUnits.isRate(unit)) {
                throw new CsvFormatException(
                        String.format(
                                "Column '%s' of %s is in %s, a unit of trend values (for example"
                                        + " heart rate), not of a waveform; medstream reads"
                                        + " waveform samples only",
                                heading.name(), fileName, unit));
            }
            channels.add(new RecordingChannel(heading.name(), unit, Double.NaN, 0));
        }
        return channels;
    }

    private static List<Annotation> annotations(
            Path file,
            CsvReadOptions options,
            double hz,
            long frameCount,
            List<RecordingChannel> channels)
            throws IOException {
        if (options.annotationsFile().isPresent()) {
            return CsvAnnotationReader.readGeneric(options.annotationsFile().get(), hz, frameCount);
        }
        Path breaths = CsvAnnotationReader.bidmcBreathsFile(file);
        if (breaths != null && Files.isRegularFile(breaths)) {
            int resp = 0;
            for (int channel = 0; channel < channels.size(); channel++) {
                if (channels.get(channel).name().equalsIgnoreCase("RESP")) {
                    resp = channel;
                }
            }
            return CsvAnnotationReader.readBidmcBreaths(breaths, frameCount, resp);
        }
        return List.of();
    }

    private static List<ColumnHeading> headings(String fileName, CSVRecord header)
            throws CsvFormatException {
        List<ColumnHeading> headings = new ArrayList<>();
        for (int column = 0; column < header.size(); column++) {
            String cell = header.get(column);
            if (column == 0 && cell.startsWith("\uFEFF")) {
                cell = cell.substring(1);
            }
            ColumnHeading heading = ColumnHeading.parse(cell);
            if (heading.name().isEmpty()) {
                throw new CsvFormatException(
                        String.format(
                                "%s line 1: column %d has no name; the first row must name every"
                                        + " column",
                                fileName, column + 1));
            }
            if (Cells.isDecimal(heading.name())) {
                throw new CsvFormatException(
                        String.format(
                                "%s line 1: column %d is named '%s', a number; the first row must"
                                        + " be a header of column names",
                                fileName, column + 1, heading.name()));
            }
            headings.add(heading);
        }
        return headings;
    }

    /**
     * True when every cell of the row, the time cell included, is text without digits, as in
     * rdsamp's second header row of units ({@code 'seconds','mV','mV'}).
     */
    private static boolean isUnitsRow(CSVRecord row) {
        for (String cell : row) {
            String text = cell.strip();
            if (Cells.isMissing(text) || text.chars().anyMatch(Character::isDigit)) {
                return false;
            }
            if (text.equalsIgnoreCase("inf") || text.equalsIgnoreCase("-inf")) {
                return false;
            }
        }
        return true;
    }

    private static List<String> unitsOf(CSVRecord row, CsvColumns columns) {
        List<String> units = new ArrayList<>();
        for (int column : columns.signalColumns()) {
            String cell = row.get(column).strip().replaceAll("^['\"(\\[]+|['\")\\]]+$", "");
            units.add(cell.strip());
        }
        return units;
    }

    /**
     * Returns the record name: the file name without {@code .csv}, and without BIDMC's {@code
     * _Signals} suffix, so {@code bidmc_01_Signals.csv} is record {@code bidmc_01}.
     */
    static String recordName(String fileName) {
        String name = fileName.replaceFirst("(?i)\\.csv$", "");
        return name.endsWith("_Signals") ? name.substring(0, name.length() - 8) : name;
    }

    private static char detectDelimiter(Path file) throws IOException {
        String header;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            header = reader.readLine();
        }
        if (header == null) {
            return ',';
        }
        long commas = header.chars().filter(c -> c == ',').count();
        long semicolons = header.chars().filter(c -> c == ';').count();
        long tabs = header.chars().filter(c -> c == '\t').count();
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        return tabs > commas ? '\t' : ',';
    }

    /** Growable per-signal sample arrays. */
    private static final class SampleColumns {
        private final double[][] values;
        private int rows;

        SampleColumns(int signals) {
            values = new double[signals][1024];
        }

        void add(int signal, double value) {
            if (rows == values[signal].length) {
                values[signal] = Arrays.copyOf(values[signal], rows * 2);
            }
            values[signal][rows] = value;
        }

        void endRow() {
            rows++;
        }

        int rows() {
            return rows;
        }

        double[][] toArrays() {
            double[][] arrays = new double[values.length][];
            for (int signal = 0; signal < values.length; signal++) {
                arrays[signal] = Arrays.copyOf(values[signal], rows);
            }
            return arrays;
        }
    }
}
