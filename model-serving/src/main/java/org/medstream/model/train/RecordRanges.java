package org.medstream.model.train;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parses record selections such as {@code 1-128} or {@code 1,3,7-9} into record numbers. */
public final class RecordRanges {
    private RecordRanges() {}

    /**
     * Returns the record numbers of {@code text} in the order given, without repeats.
     *
     * @throws IllegalArgumentException when a part is not a positive number or a range {@code a-b}
     *     with a ≤ b
     */
    public static List<Integer> parse(String text) {
        Set<Integer> numbers = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String trimmed = part.trim();
            int dash = trimmed.indexOf('-');
            int first;
            int last;
            if (dash < 0) {
                first = positive(trimmed, text);
                last = first;
            } else {
                first = positive(trimmed.substring(0, dash), text);
                last = positive(trimmed.substring(dash + 1), text);
            }
            if (first > last) {
                throw new IllegalArgumentException(
                        "Invalid record range '"
                                + trimmed
                                + "' in '"
                                + text
                                + "': the first record is above the last");
            }
            for (int number = first; number <= last; number++) {
                numbers.add(number);
            }
        }
        return new ArrayList<>(numbers);
    }

    private static int positive(String number, String text) {
        try {
            int value = Integer.parseInt(number.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the whole selection.
        }
        throw new IllegalArgumentException(
                "Invalid record selection '"
                        + text
                        + "': expected positive record numbers and ranges such as 1-128 or"
                        + " 1,3,7-9");
    }
}
