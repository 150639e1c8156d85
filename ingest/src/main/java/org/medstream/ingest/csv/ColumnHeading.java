package org.medstream.ingest.csv;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A header cell split into the column name and the unit in brackets, as in {@code II [mV]}, {@code
 * II (mV)} or {@code Time [s]}. Surrounding blanks and quotes are dropped, so BIDMC's {@code "
 * PLETH"} and rdsamp's {@code 'MLII'} read as {@code PLETH} and {@code MLII}.
 *
 * @param name column name, never empty for a valid heading
 * @param unit unit in brackets; empty when the heading has none
 */
record ColumnHeading(String name, String unit) {
    private static final Pattern WITH_UNIT =
            Pattern.compile("^(.*?)\\s*[\\[(]([^\\[\\]()]*)[\\])]$");

    ColumnHeading {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
    }

    static ColumnHeading parse(String cell) {
        String text = unquote(cell.strip());
        Matcher matcher = WITH_UNIT.matcher(text);
        if (matcher.matches() && !matcher.group(1).isBlank()) {
            return new ColumnHeading(unquote(matcher.group(1).strip()), matcher.group(2).strip());
        }
        return new ColumnHeading(text, "");
    }

    /** Name in lower case with inner blanks collapsed, for matching well-known column names. */
    String key() {
        return name.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static String unquote(String text) {
        if (text.length() >= 2) {
            char first = text.charAt(0);
            char last = text.charAt(text.length() - 1);
            if ((first == '\'' || first == '"') && last == first) {
                return text.substring(1, text.length() - 1).strip();
            }
        }
        return text;
    }
}
