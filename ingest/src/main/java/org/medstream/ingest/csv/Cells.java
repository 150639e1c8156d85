package org.medstream.ingest.csv;

import java.util.Locale;
import java.util.regex.Pattern;

/** Parsing of single CSV cells: missing-value markers and decimal numbers. */
final class Cells {
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Cells() {}

    /** True for the cells read as a missing sample: empty, {@code -} or {@code NaN} in any case. */
    static boolean isMissing(String cell) {
        String text = cell.strip();
        return text.isEmpty() || text.equals("-") || text.equalsIgnoreCase("nan");
    }

    /** True when the cell is a plain decimal number, such as {@code -0.145} or {@code 1e-3}. */
    static boolean isDecimal(String cell) {
        return DECIMAL.matcher(cell.strip()).matches();
    }

    /**
     * Parses a sample value: NaN for a missing cell, infinity for {@code inf} or {@code -inf} (as
     * {@link org.medstream.ingest.convert.CsvConverter} writes them), else a decimal number.
     *
     * @throws NumberFormatException when the cell is none of these; Java suffixes such as {@code
     *     1.5d} and hexadecimal numbers are rejected too
     */
    static double parseValue(String cell) {
        String text = cell.strip();
        if (isMissing(text)) {
            return Double.NaN;
        }
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new NumberFormatException(text);
        };
    }
}
