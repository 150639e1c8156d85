package org.medstream.ingest.patient;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.medstream.schemas.PatientContext;

/**
 * Loads patient contexts from a CSV table whose columns are named after the {@code PatientContext}
 * fields: {@code streamId} (required), then any of {@code patientId}, {@code ageYears}, {@code
 * sex}, {@code diagnoses}, {@code medications}, {@code leadPlacement} and {@code careUnit}.
 * Diagnoses and medications list one item per line or separate items with {@code ;}. Column names
 * are compared case-sensitively, as the schema spells them, and other columns are ignored.
 */
public final class TablePatientLoader {
    static final String STREAM_ID = "streamId";

    private TablePatientLoader() {}

    /** True when the header has a {@code streamId} column. */
    static boolean matches(List<String> headerNames) {
        return headerNames.stream().map(String::strip).anyMatch(STREAM_ID::equals);
    }

    /**
     * Reads the table; a row with a missing or repeated stream id, an invalid age or the wrong
     * number of cells is skipped and reported in {@link PatientLoad#errors()}.
     *
     * @param loadedAt time stamped on every context as {@code updatedAtMicros}
     */
    public static PatientLoad load(Path file, Instant loadedAt) throws IOException {
        String fileName = file.getFileName().toString();
        List<PatientContext> contexts = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<String> seenIds = new HashSet<>();

        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = format().parse(reader)) {
            List<String> header = parser.getHeaderNames();
            Map<String, Integer> columns = new HashMap<>();
            for (int column = 0; column < header.size(); column++) {
                columns.put(header.get(column).strip(), column);
            }
            long row = 0;
            for (CSVRecord record : parser) {
                row++;
                if (record.size() != header.size()) {
                    errors.add(
                            String.format(
                                    "%s row %d: has %d cells, but the header has %d columns",
                                    fileName, row, record.size(), header.size()));
                    continue;
                }
                String streamId = record.get(columns.get(STREAM_ID)).strip();
                if (streamId.isEmpty()) {
                    errors.add(
                            String.format(
                                    "%s row %d, column streamId: missing stream id",
                                    fileName, row));
                    continue;
                }
                String where = String.format("%s row %d (streamId %s)", fileName, row, streamId);
                if (!seenIds.add(streamId)) {
                    errors.add(
                            where
                                    + ", column streamId: repeated stream id '"
                                    + streamId
                                    + "'; the row is skipped");
                    continue;
                }
                OptionalInt age;
                try {
                    age = PatientText.age(cell(record, columns, "ageYears"));
                } catch (IllegalArgumentException e) {
                    errors.add(where + ", column ageYears: " + e.getMessage());
                    continue;
                }
                contexts.add(
                        PatientContext.newBuilder()
                                .setStreamId(streamId)
                                .setPatientId(blankToNull(cell(record, columns, "patientId")))
                                .setAgeYears(age.isPresent() ? age.getAsInt() : null)
                                .setSex(PatientText.sex(cell(record, columns, "sex")).orElse(null))
                                .setDiagnoses(items(cell(record, columns, "diagnoses")))
                                .setMedications(items(cell(record, columns, "medications")))
                                .setLeadPlacement(
                                        blankToNull(cell(record, columns, "leadPlacement")))
                                .setCareUnit(blankToNull(cell(record, columns, "careUnit")))
                                .setSource(file.toString())
                                .setUpdatedAtMicros(loadedAt)
                                .build());
            }
        }
        return new PatientLoad(contexts, errors);
    }

    private static String cell(CSVRecord record, Map<String, Integer> columns, String name) {
        Integer column = columns.get(name);
        return column == null ? "" : record.get(column);
    }

    private static List<String> items(String cell) {
        List<String> items = new ArrayList<>();
        for (String part : cell.split("[;\\n\\r]")) {
            PatientText.item(part).ifPresent(items::add);
        }
        return items;
    }

    private static String blankToNull(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static CSVFormat format() {
        return CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true)
                .get();
    }
}
