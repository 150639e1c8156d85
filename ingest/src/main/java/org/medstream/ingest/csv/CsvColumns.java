package org.medstream.ingest.csv;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Roles of the columns of a CSV recording: at most one time column, and the signal columns.
 *
 * @param timeColumn index of the time column; -1 when there is none
 * @param signalColumns indices of the signal columns in file order
 */
record CsvColumns(int timeColumn, int[] signalColumns) {

    /**
     * Finds the time column: the one named {@code timeColumnName} (compared without unit and case),
     * or else the first with a well-known time or sample-number name.
     *
     * @throws CsvFormatException when the named column does not exist, or no signal column is left
     */
    static CsvColumns of(
            String fileName, List<ColumnHeading> headings, Optional<String> timeColumnName)
            throws CsvFormatException {
        int time = -1;
        if (timeColumnName.isPresent()) {
            String wanted = ColumnHeading.parse(timeColumnName.get()).key();
            for (int column = 0; column < headings.size() && time < 0; column++) {
                if (headings.get(column).key().equals(wanted)) {
                    time = column;
                }
            }
            if (time < 0) {
                throw new CsvFormatException(
                        String.format(
                                "Time column '%s' not found in %s; its columns are %s",
                                timeColumnName.get(), fileName, names(headings)));
            }
        } else {
            for (int column = 0; column < headings.size() && time < 0; column++) {
                String key = headings.get(column).key();
                if (TimeColumn.TIME_NAMES.contains(key) || TimeColumn.SAMPLE_NAMES.contains(key)) {
                    time = column;
                }
            }
        }

        List<Integer> signals = new ArrayList<>();
        for (int column = 0; column < headings.size(); column++) {
            if (column != time) {
                signals.add(column);
            }
        }
        if (signals.isEmpty()) {
            throw new CsvFormatException(
                    String.format("%s has no signal columns, only %s", fileName, names(headings)));
        }
        return new CsvColumns(time, signals.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Names of the signal columns, for messages. */
    List<String> signalNames(List<ColumnHeading> headings) {
        List<String> names = new ArrayList<>();
        for (int column : signalColumns) {
            names.add(headings.get(column).name());
        }
        return names;
    }

    private static String names(List<ColumnHeading> headings) {
        List<String> names = new ArrayList<>();
        for (ColumnHeading heading : headings) {
            names.add(heading.name());
        }
        return String.join(", ", names);
    }
}
