package org.medstream.model.medtsllm.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Switches of the optional prompt parts. The closing {@code Time series:} is always present.
 *
 * @param dataset the dataset description
 * @param patient the patient information as JSON
 * @param task the task description
 * @param statistics the statistics of each window (min, max, median, trend, autocorrelation lags);
 *     the only part that changes from window to window
 */
public record PromptParts(boolean dataset, boolean patient, boolean task, boolean statistics) {

    /** Part names as {@link #parse} reads them and {@link #names} writes them. */
    public static final List<String> NAMES = List.of("dataset", "patient", "task", "statistics");

    /** Every part. */
    public static final PromptParts ALL = new PromptParts(true, true, true, true);

    /** No optional part: the prompt is only {@code Time series:}. */
    public static final PromptParts NONE = new PromptParts(false, false, false, false);

    /**
     * Parses a comma-separated list of part names such as {@code dataset,patient,task}, or {@code
     * none}.
     *
     * @throws IllegalArgumentException when a name is not one of {@link #NAMES}
     */
    public static PromptParts parse(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        if (trimmed.equals("none")) {
            return NONE;
        }
        boolean[] on = new boolean[NAMES.size()];
        for (String part : trimmed.split(",", -1)) {
            int index = NAMES.indexOf(part.strip());
            if (index < 0) {
                throw new IllegalArgumentException(
                        "Unknown prompt part '"
                                + part.strip()
                                + "' in '"
                                + text
                                + "'; expected a comma-separated list of "
                                + NAMES
                                + ", or none");
            }
            on[index] = true;
        }
        return new PromptParts(on[0], on[1], on[2], on[3]);
    }

    /** Names of the parts that are on, in prompt order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        if (dataset) {
            names.add("dataset");
        }
        if (patient) {
            names.add("patient");
        }
        if (task) {
            names.add("task");
        }
        if (statistics) {
            names.add("statistics");
        }
        return names;
    }
}
