package org.medstream.stream.time;

import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.flink.util.TimeUtils;

/**
 * Durations as options give them: a number and its unit, such as {@code 4 s} or {@code 500 ms}.
 * Flink reads a number without a unit as milliseconds, so {@code alarm.asystole=4} would mean a 4
 * ms asystole limit. A number without a unit is therefore rejected, except 0, which means the same
 * in every unit.
 */
public final class DurationText {
    /** The form that error messages name. */
    public static final String EXPECTED = "a duration with its unit, such as '4 s' or '500 ms'";

    private static final Pattern UNITLESS = Pattern.compile("\\s*[+-]?[0-9]+(\\.[0-9]*)?\\s*");

    private DurationText() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming {@link #EXPECTED} when the text is a number other
     *     than 0 without a unit, or not a duration
     */
    public static Duration parse(String text) {
        if (text == null || isUnitless(text)) {
            throw new IllegalArgumentException("expected " + EXPECTED);
        }
        try {
            return TimeUtils.parseDuration(text.strip());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("expected " + EXPECTED, e);
        }
    }

    /**
     * Returns whether {@code text} is a bare number other than 0, which Flink would read as
     * milliseconds.
     */
    public static boolean isUnitless(String text) {
        return UNITLESS.matcher(text).matches() && Double.parseDouble(text.strip()) != 0;
    }
}
