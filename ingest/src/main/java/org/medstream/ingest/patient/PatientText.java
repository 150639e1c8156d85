package org.medstream.ingest.patient;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Normalisation of the age, sex and diagnosis texts that patient-context sources write. */
final class PatientText {
    /** Largest age accepted, in years; a larger value is rejected as a typing error. */
    static final int MAX_AGE_YEARS = 130;

    /** Values that mean "not known" or "none" in the sources. */
    private static final Set<String> UNKNOWN =
            Set.of("", "?", "-", "-1", "n/a", "na", "none", "unknown", "not known", "no");

    /** The 12 standard leads, in lower case. */
    private static final Set<String> STANDARD_LEADS =
            Set.of("i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6");

    static final String STANDARD_12_LEAD = "standard 12-lead";

    private PatientText() {}

    /**
     * Parses an age in whole years. Ages capped by de-identification ({@code >89}, {@code 89+})
     * give the cap; unknown markers ({@code ?}, {@code -1}, empty) give an empty result.
     *
     * @throws IllegalArgumentException when the text is neither, or the age is above {@link
     *     #MAX_AGE_YEARS}
     */
    static OptionalInt age(String text) {
        String trimmed = text.strip();
        if (UNKNOWN.contains(trimmed.toLowerCase(Locale.ROOT))) {
            return OptionalInt.empty();
        }
        String digits = trimmed;
        if (digits.startsWith(">")) {
            digits = digits.substring(1).strip();
        } else if (digits.endsWith("+")) {
            digits = digits.substring(0, digits.length() - 1).strip();
        }
        int years;
        try {
            years = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "invalid age '"
                            + trimmed
                            + "'; expected whole years, or '>89' for a capped age");
        }
        if (years < 0 || years > MAX_AGE_YEARS) {
            throw new IllegalArgumentException(
                    "invalid age '" + trimmed + "'; expected 0 to " + MAX_AGE_YEARS + " years");
        }
        return OptionalInt.of(years);
    }

    /** Normalises sex to M or F; other words are kept as written, unknown markers give empty. */
    static Optional<String> sex(String text) {
        String trimmed = text.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (UNKNOWN.contains(lower)) {
            return Optional.empty();
        }
        return switch (lower) {
            case "m", "male", "man" -> Optional.of("M");
            case "f", "female", "woman" -> Optional.of("F");
            default -> Optional.of(trimmed);
        };
    }

    /**
     * Cleans one diagnosis or medication: blanks collapsed, a trailing full stop dropped; empty for
     * unknown markers such as {@code None}.
     */
    static Optional<String> item(String text) {
        String cleaned = text.strip().replaceAll("\\s+", " ");
        while (cleaned.endsWith(".")) {
            cleaned = cleaned.substring(0, cleaned.length() - 1).strip();
        }
        if (UNKNOWN.contains(cleaned.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(cleaned);
    }

    /** Describes the lead placement from the signal names: standard 12-lead, or the names. */
    static Optional<String> leadPlacement(List<String> signalNames) {
        if (signalNames.isEmpty()) {
            return Optional.empty();
        }
        long standard =
                signalNames.stream()
                        .map(name -> name.strip().toLowerCase(Locale.ROOT))
                        .filter(STANDARD_LEADS::contains)
                        .distinct()
                        .count();
        if (standard == STANDARD_LEADS.size()) {
            return Optional.of(STANDARD_12_LEAD);
        }
        return Optional.of(String.join(", ", signalNames));
    }
}
