package org.medstream.ingest.wfdb;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the text of a WFDB header as the header specification (WFDB header(5)) describes it. Every
 * error names the header file, the 1-based line number, the field and its value.
 */
final class HeaderParser {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderParser.class);

    private final Path headerFile;
    private final String headerName;
    private final String[] lines;
    private int next;

    private HeaderParser(Path headerFile, String text) {
        this.headerFile = headerFile;
        this.headerName = String.valueOf(headerFile.getFileName());
        this.lines = text.split("\r\n|\r|\n", -1);
    }

    static WfdbHeader parse(Path headerFile, String text) throws WfdbHeaderException {
        return new HeaderParser(headerFile, text).parse();
    }

    private WfdbHeader parse() throws WfdbHeaderException {
        List<String> comments = new ArrayList<>();

        int recordLine = nextContentLine(comments);
        if (recordLine < 0) {
            throw new WfdbHeaderException(
                    "Header " + headerName + " has no record line; it is empty or only comments");
        }
        String[] fields = lines[recordLine].trim().split("\\s+");
        int lineNumber = recordLine + 1;

        String recordName = fields[0];
        OptionalInt segmentCount = OptionalInt.empty();
        int slash = recordName.indexOf('/');
        if (slash >= 0) {
            String count = recordName.substring(slash + 1);
            segmentCount =
                    OptionalInt.of(parsePositiveInt(lineNumber, "number of segments", count));
            recordName = recordName.substring(0, slash);
        }

        int signalCount = 0;
        if (fields.length > 1) {
            signalCount = parseNonNegativeInt(lineNumber, "number of signals", fields[1]);
        }

        double samplingFrequency = WfdbHeader.DEFAULT_SAMPLING_FREQUENCY;
        Optional<Double> counterFrequency = Optional.empty();
        double baseCounter = 0.0;
        if (fields.length > 2) {
            String spec = fields[2];
            String frequencyText = spec;
            int counterSlash = spec.indexOf('/');
            if (counterSlash >= 0) {
                frequencyText = spec.substring(0, counterSlash);
                String counterText = spec.substring(counterSlash + 1);
                int paren = counterText.indexOf('(');
                if (paren >= 0) {
                    String base = stripClosingParen(lineNumber, "base counter", counterText, paren);
                    baseCounter = parseDouble(lineNumber, "base counter", base);
                    counterText = counterText.substring(0, paren);
                }
                counterFrequency =
                        Optional.of(parseDouble(lineNumber, "counter frequency", counterText));
            }
            samplingFrequency = parseDouble(lineNumber, "sampling frequency", frequencyText);
            if (samplingFrequency <= 0 || !Double.isFinite(samplingFrequency)) {
                throw WfdbHeaderException.forField(
                        headerName,
                        lineNumber,
                        "sampling frequency",
                        frequencyText,
                        "it must be a positive number of frames per second");
            }
        }

        OptionalLong frameCount = OptionalLong.empty();
        if (fields.length > 3) {
            frameCount =
                    OptionalLong.of(
                            parseNonNegativeLong(lineNumber, "number of samples", fields[3]));
        }

        BaseDateTime dateTime =
                BaseDateTime.parse(
                        headerName,
                        lineNumber,
                        Arrays.copyOfRange(fields, Math.min(4, fields.length), fields.length));
        Optional<LocalTime> baseTime = dateTime.time();
        Optional<LocalDate> baseDate = dateTime.date();

        List<WfdbSignalSpec> signals = new ArrayList<>();
        List<WfdbSegmentSpec> segments = new ArrayList<>();
        if (segmentCount.isPresent()) {
            for (int i = 0; i < segmentCount.getAsInt(); i++) {
                int line = nextContentLine(comments);
                if (line < 0) {
                    throw new WfdbHeaderException(
                            String.format(
                                    "Header %s line %d declares %d segments but lists only %d;"
                                            + " add the missing segment lines or correct the"
                                            + " count after '/' in the record line",
                                    headerName, lineNumber, segmentCount.getAsInt(), i));
                }
                segments.add(parseSegmentLine(line));
            }
        } else {
            SignalLineParser signalParser =
                    new SignalLineParser(headerName, recordName, frameCount);
            for (int s = 0; s < signalCount; s++) {
                int line = nextContentLine(comments);
                if (line < 0) {
                    throw new WfdbHeaderException(
                            String.format(
                                    "Header %s line %d declares %d signals but lists only %d;"
                                            + " add the missing signal lines or correct the"
                                            + " number of signals in the record line",
                                    headerName, lineNumber, signalCount, s));
                }
                signals.add(signalParser.parse(line + 1, s, lines[line]));
            }
        }

        int extra = nextContentLine(comments);
        while (extra >= 0) {
            LOG.warn(
                    "Ignoring line beyond the declared signals or segments: header={} line={}",
                    headerName,
                    extra + 1);
            extra = nextContentLine(comments);
        }

        return new WfdbHeader(
                headerFile,
                recordName,
                segmentCount,
                signalCount,
                samplingFrequency,
                counterFrequency,
                baseCounter,
                frameCount,
                baseTime,
                baseDate,
                signals,
                segments,
                comments);
    }

    /**
     * Advances to the next line that is neither blank nor a comment, collecting comments on the
     * way. Returns its index, or -1 at the end of the text.
     */
    private int nextContentLine(List<String> comments) {
        while (next < lines.length) {
            String line = lines[next++].trim();
            if (line.startsWith("#")) {
                comments.add(line.substring(1).trim());
            } else if (!line.isEmpty()) {
                return next - 1;
            }
        }
        return -1;
    }

    private WfdbSegmentSpec parseSegmentLine(int line) throws WfdbHeaderException {
        String[] fields = lines[line].trim().split("\\s+");
        if (fields.length < 2) {
            throw WfdbHeaderException.forField(
                    headerName,
                    line + 1,
                    "segment line",
                    lines[line].trim(),
                    "a segment line needs a record name and a number of samples");
        }
        long length = parseNonNegativeLong(line + 1, "segment length", fields[1]);
        return new WfdbSegmentSpec(fields[0], length);
    }

    private String stripClosingParen(int lineNumber, String field, String text, int open)
            throws WfdbHeaderException {
        int close = text.indexOf(')', open);
        if (close < 0) {
            throw WfdbHeaderException.forField(
                    headerName, lineNumber, field, text, "the closing ')' is missing");
        }
        return text.substring(open + 1, close);
    }

    private int parsePositiveInt(int lineNumber, String field, String text)
            throws WfdbHeaderException {
        int value = parseNonNegativeInt(lineNumber, field, text);
        if (value == 0) {
            throw WfdbHeaderException.forField(
                    headerName, lineNumber, field, text, "it must be at least 1");
        }
        return value;
    }

    private int parseNonNegativeInt(int lineNumber, String field, String text)
            throws WfdbHeaderException {
        long value = parseNonNegativeLong(lineNumber, field, text);
        if (value > Integer.MAX_VALUE) {
            throw WfdbHeaderException.forField(
                    headerName, lineNumber, field, text, "it is too large");
        }
        return (int) value;
    }

    private long parseNonNegativeLong(int lineNumber, String field, String text)
            throws WfdbHeaderException {
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw WfdbHeaderException.forField(
                        headerName, lineNumber, field, text, "it must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw WfdbHeaderException.forField(
                    headerName, lineNumber, field, text, "expected a whole number");
        }
    }

    private double parseDouble(int lineNumber, String field, String text)
            throws WfdbHeaderException {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw WfdbHeaderException.forField(
                    headerName, lineNumber, field, text, "expected a decimal number");
        }
    }
}
