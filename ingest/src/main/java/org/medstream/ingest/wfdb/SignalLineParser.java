package org.medstream.ingest.wfdb;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Parses one signal line of a WFDB header: file name, format with {@code xN} samples per frame,
 * {@code :N} skew and {@code +N} byte offset, ADC gain with {@code (baseline)} and {@code /units},
 * ADC resolution, ADC zero, initial value, checksum, block size and description. Missing trailing
 * fields take the defaults of the WFDB header specification.
 */
final class SignalLineParser {
    private final String headerName;
    private final String recordName;
    private final boolean lengthKnown;

    private int lineNumber;
    private String line;
    private int position;

    SignalLineParser(String headerName, String recordName, OptionalLong frameCount) {
        this.headerName = headerName;
        this.recordName = recordName;
        this.lengthKnown = frameCount.isPresent() && frameCount.getAsLong() > 0;
    }

    WfdbSignalSpec parse(int lineNumber, int signal, String text) throws WfdbHeaderException {
        this.lineNumber = lineNumber;
        this.line = text;
        this.position = 0;

        String fileName = nextField();

        String formatText = nextField();
        if (formatText == null) {
            throw WfdbHeaderException.forField(
                    headerName,
                    lineNumber,
                    "signal line",
                    text.trim(),
                    "a signal line needs at least a file name and a format");
        }
        FormatField format = parseFormat(formatText);

        double adcGain = 0.0;
        Integer baseline = null;
        String units = "mV";
        String gainText = nextField();
        if (gainText != null) {
            String number = gainText;
            int unitsSlash = gainText.indexOf('/');
            if (unitsSlash >= 0) {
                if (unitsSlash + 1 < gainText.length()) {
                    units = gainText.substring(unitsSlash + 1);
                }
                number = gainText.substring(0, unitsSlash);
            }
            int paren = number.indexOf('(');
            if (paren >= 0) {
                int close = number.indexOf(')', paren);
                if (close < 0) {
                    throw WfdbHeaderException.forField(
                            headerName, lineNumber, "baseline", gainText, "the ')' is missing");
                }
                baseline = parseInt("baseline", number.substring(paren + 1, close));
                number = number.substring(0, paren);
            }
            adcGain = parseDouble("ADC gain", number);
        }

        String resolutionText = nextField();
        int adcResolution =
                resolutionText == null
                        ? defaultResolution(format.code())
                        : parseInt("ADC resolution", resolutionText);

        String zeroText = nextField();
        int adcZero = zeroText == null ? 0 : parseInt("ADC zero", zeroText);

        String initialText = nextField();
        int initialValue = initialText == null ? adcZero : parseInt("initial value", initialText);

        String checksumText = nextField();
        OptionalInt checksum = OptionalInt.empty();
        if (checksumText != null && lengthKnown) {
            checksum = OptionalInt.of(parseInt("checksum", checksumText));
        } else if (checksumText != null) {
            parseInt("checksum", checksumText);
        }

        String blockText = nextField();
        int blockSize = blockText == null ? 0 : parseInt("block size", blockText);

        String description = line.substring(position).trim();
        if (description.isEmpty()) {
            description = "record " + recordName + ", signal " + signal;
        }

        return new WfdbSignalSpec(
                fileName,
                format.code(),
                format.samplesPerFrame(),
                format.skewFrames(),
                format.byteOffset(),
                adcGain,
                baseline == null ? adcZero : baseline,
                units,
                adcResolution,
                adcZero,
                initialValue,
                initialText != null,
                checksum,
                blockSize,
                description);
    }

    private record FormatField(int code, int samplesPerFrame, int skewFrames, long byteOffset) {}

    /** Parses {@code FORMAT[xSPF][:SKEW][+OFFSET]}, suffixes in any order. */
    private FormatField parseFormat(String text) throws WfdbHeaderException {
        int end = 0;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        if (end == 0) {
            throw WfdbHeaderException.forField(
                    headerName, lineNumber, "format", text, "expected a format number such as 212");
        }
        int code = parseInt("format", text.substring(0, end));

        int samplesPerFrame = 1;
        int skewSamples = 0;
        long byteOffset = 0;
        while (end < text.length()) {
            char marker = text.charAt(end);
            int start = end + 1;
            end = start;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            String number = text.substring(start, end);
            if (number.isEmpty()) {
                throw WfdbHeaderException.forField(
                        headerName,
                        lineNumber,
                        "format",
                        text,
                        "expected a number after '" + marker + "'");
            }
            switch (marker) {
                case 'x' -> samplesPerFrame = Math.max(1, parseInt("samples per frame", number));
                case ':' -> skewSamples = parseInt("skew", number);
                case '+' -> byteOffset = parseLong("byte offset", number);
                default ->
                        throw WfdbHeaderException.forField(
                                headerName,
                                lineNumber,
                                "format",
                                text,
                                "unknown suffix '"
                                        + marker
                                        + "'; use xN (samples per frame), :N (skew) or +N"
                                        + " (byte offset)");
            }
        }

        // The header gives the skew in samples; like the WFDB library, deskew whole frames.
        int skewFrames = (int) ((double) skewSamples / samplesPerFrame + 0.5);
        return new FormatField(code, samplesPerFrame, skewFrames, byteOffset);
    }

    private static int defaultResolution(int format) {
        return switch (format) {
            case 80 -> 8;
            case 160 -> 16;
            case 310, 311 -> 10;
            default -> 12;
        };
    }

    /** Returns the next blank-separated field, or null at the end of the line. */
    private String nextField() {
        while (position < line.length() && Character.isWhitespace(line.charAt(position))) {
            position++;
        }
        if (position >= line.length()) {
            return null;
        }
        int start = position;
        while (position < line.length() && !Character.isWhitespace(line.charAt(position))) {
            position++;
        }
        return line.substring(start, position);
    }

    private int parseInt(String field, String text) throws WfdbHeaderException {
        long value = parseLong(field, text);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw WfdbHeaderException.forField(
                    headerName, lineNumber, field, text, "it is out of the 32-bit range");
        }
        return (int) value;
    }

    private long parseLong(String field, String text) throws WfdbHeaderException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw WfdbHeaderException.forField(
                    headerName, lineNumber, field, text, "expected a whole number");
        }
    }

    private double parseDouble(String field, String text) throws WfdbHeaderException {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw WfdbHeaderException.forField(
                    headerName, lineNumber, field, text, "expected a decimal number");
        }
    }
}
