package org.medstream.model.train;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Training and validation spans of the same records, in seconds from each record's start, for tasks
 * with too few records to split by record (BIDMC breaths). The spans must not overlap, so the
 * validation scores never come from samples trained on.
 *
 * @param trainingFromSeconds start of the training span
 * @param trainingToSeconds end of the training span
 * @param validationFromSeconds start of the validation span
 * @param validationToSeconds end of the validation span
 */
public record TimeSplit(
        double trainingFromSeconds,
        double trainingToSeconds,
        double validationFromSeconds,
        double validationToSeconds) {
    public TimeSplit {
        requireSpan("training", trainingFromSeconds, trainingToSeconds);
        requireSpan("validation", validationFromSeconds, validationToSeconds);
        if (trainingFromSeconds < validationToSeconds
                && validationFromSeconds < trainingToSeconds) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "The training span %s s and the validation span %s s overlap; a model"
                                    + " must not be scored on samples it was trained on",
                            formatSpan(trainingFromSeconds, trainingToSeconds),
                            formatSpan(validationFromSeconds, validationToSeconds)));
        }
    }

    /**
     * Parses a span such as {@code 0-240} into its start and end in seconds.
     *
     * @throws IllegalArgumentException when the text is not two numbers joined by a hyphen
     */
    public static double[] parseSpan(String text) {
        String[] parts = text.strip().split("-", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "Invalid span '" + text + "'; expected FROM-TO in seconds, such as 0-240");
        }
        try {
            return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Invalid span '" + text + "'; expected FROM-TO in seconds, such as 0-240", e);
        }
    }

    private static void requireSpan(String name, double from, double to) {
        if (!(from >= 0) || !(to > from) || Double.isInfinite(to)) {
            throw new IllegalArgumentException(
                    "Invalid "
                            + name
                            + " span "
                            + formatSpan(from, to)
                            + " s; it must start at 0 or later and end after its start");
        }
    }

    /** Formats a span as {@link #parseSpan} reads it, such as {@code 240-300}. */
    public static String formatSpan(double from, double to) {
        return seconds(from) + "-" + seconds(to);
    }

    private static String seconds(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
