package org.medstream.ingest.csv;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;

/**
 * Reads annotations that come with a CSV recording.
 *
 * <p>BIDMC breath files ({@code bidmc_NN_Breaths.csv}) have one column of sample numbers per
 * annotator, headed {@code breaths ann1 [signal sample no]} and so on, with the shorter column
 * padded with {@code NaN}. Each mark becomes a {@link AnnotationCode#NOTE} annotation with {@code
 * number} set to the annotator number, {@code channel} to the respiration channel and {@code aux}
 * to {@code ann1} or {@code ann2}, so the annotators stay apart in one list.
 *
 * <p>A generic annotation file has a {@code sample} column (frame numbers) or a {@code time} column
 * (seconds from the first row), and a {@code label} column. A label that is a WFDB mnemonic such as
 * {@code N} or {@code V} becomes that code; any other label becomes a {@code NOTE} with the label
 * as {@code aux}.
 */
final class CsvAnnotationReader {
    private static final Pattern ANNOTATOR = Pattern.compile("ann\\s*(\\d+)");

    private CsvAnnotationReader() {}

    /** Returns the BIDMC breaths file next to a {@code _Signals.csv} file, if there is one. */
    static Path bidmcBreathsFile(Path signalsFile) {
        String name = signalsFile.getFileName().toString();
        String breaths = name.replaceFirst("_Signals\\.csv$", "_Breaths.csv");
        return breaths.equals(name) ? null : signalsFile.resolveSibling(breaths);
    }

    /**
     * Reads a BIDMC breaths file; sample numbers must lie within {@code frameCount}.
     *
     * <p>NOTE: the marks are taken as 0-based frame indices. The export was written by MATLAB, so
     * they may be 1-based, which would put every mark one frame (8 ms) late.
     */
    static List<Annotation> readBidmcBreaths(Path file, long frameCount, int channel)
            throws IOException {
        List<Annotation> annotations = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = format().parse(reader)) {
            List<String> header = parser.getHeaderNames();
            int[] numbers = new int[header.size()];
            String[] labels = new String[header.size()];
            for (int column = 0; column < header.size(); column++) {
                Matcher matcher = ANNOTATOR.matcher(header.get(column));
                numbers[column] = matcher.find() ? Integer.parseInt(matcher.group(1)) : column + 1;
                labels[column] = "ann" + numbers[column];
            }
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                for (int column = 0; column < record.size() && column < header.size(); column++) {
                    String cell = record.get(column);
                    if (Cells.isMissing(cell)) {
                        continue;
                    }
                    long sample = sampleNumber(file, line, header.get(column), cell, frameCount);
                    annotations.add(
                            new Annotation(
                                    sample,
                                    AnnotationCode.NOTE,
                                    0,
                                    channel,
                                    numbers[column],
                                    labels[column]));
                }
            }
        }
        annotations.sort(
                Comparator.comparingLong(Annotation::sample).thenComparing(Annotation::number));
        return annotations;
    }

    /** Reads a generic annotation file of {@code sample} or {@code time}, and {@code label}. */
    static List<Annotation> readGeneric(Path file, double samplingFrequencyHz, long frameCount)
            throws IOException {
        List<Annotation> annotations = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = format().parse(reader)) {
            List<String> header = parser.getHeaderNames();
            int sampleColumn = -1;
            int timeColumn = -1;
            int labelColumn = -1;
            for (int column = 0; column < header.size(); column++) {
                String key = ColumnHeading.parse(header.get(column)).key();
                if (TimeColumn.SAMPLE_NAMES.contains(key)) {
                    sampleColumn = column;
                } else if (TimeColumn.TIME_NAMES.contains(key)) {
                    timeColumn = column;
                } else if (key.equals("label") || key.equals("annotation") || key.equals("aux")) {
                    labelColumn = column;
                }
            }
            if ((sampleColumn < 0 && timeColumn < 0) || labelColumn < 0) {
                throw new CsvFormatException(
                        file
                                + ": an annotation file needs a 'sample' or 'time' column and a"
                                + " 'label' column, got "
                                + header);
            }
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                long sample;
                if (sampleColumn >= 0) {
                    String cell = record.get(sampleColumn);
                    sample = sampleNumber(file, line, header.get(sampleColumn), cell, frameCount);
                } else {
                    String cell = record.get(timeColumn).strip();
                    if (!Cells.isDecimal(cell)) {
                        throw cellError(
                                file,
                                line,
                                header.get(timeColumn),
                                cell,
                                "expected a number of seconds");
                    }
                    double frame = Double.parseDouble(cell) * samplingFrequencyHz;
                    sample =
                            sampleNumber(
                                    file,
                                    line,
                                    header.get(timeColumn),
                                    cell,
                                    Math.round(frame),
                                    frameCount);
                }
                annotations.add(toAnnotation(sample, record.get(labelColumn).strip()));
            }
        }
        annotations.sort(Comparator.comparingLong(Annotation::sample));
        return annotations;
    }

    private static Annotation toAnnotation(long sample, String label) {
        boolean standard =
                !label.isBlank()
                        && !label.startsWith("[")
                        && AnnotationCode.fromMnemonic(label).isPresent();
        if (standard) {
            return Annotation.of(sample, AnnotationCode.fromMnemonic(label).orElseThrow());
        }
        return new Annotation(sample, AnnotationCode.NOTE, 0, 0, 0, label);
    }

    private static long sampleNumber(
            Path file, long line, String column, String cell, long frameCount)
            throws CsvFormatException {
        String text = cell.strip();
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw cellError(file, line, column, text, "expected a whole sample number");
        }
        if (value.stripTrailingZeros().scale() > 0) {
            throw cellError(file, line, column, text, "expected a whole sample number");
        }
        return sampleNumber(file, line, column, text, value.longValue(), frameCount);
    }

    private static long sampleNumber(
            Path file, long line, String column, String cell, long sample, long frameCount)
            throws CsvFormatException {
        if (sample < 0 || sample >= frameCount) {
            throw cellError(
                    file,
                    line,
                    column,
                    cell,
                    "outside the recording's "
                            + frameCount
                            + " frames (sample 0 to "
                            + (frameCount - 1)
                            + ")");
        }
        return sample;
    }

    private static CsvFormatException cellError(
            Path file, long line, String column, String cell, String problem) {
        return new CsvFormatException(
                String.format(
                        "%s line %d, column '%s': invalid annotation '%s': %s",
                        file, line, column.strip(), cell, problem));
    }

    private static CSVFormat format() {
        return CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .get();
    }
}
