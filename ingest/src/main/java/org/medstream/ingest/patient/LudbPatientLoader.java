package org.medstream.ingest.patient;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.medstream.schemas.PatientContext;

/**
 * Loads patient contexts from a table in the layout of LUDB's {@code ludb.csv}: columns {@code ID},
 * {@code Sex} and {@code Age}, then one column per group of findings (rhythm, electric axis,
 * conduction abnormalities, hypertrophies, ischemia, …) whose cells list one finding per line.
 *
 * <p>The stream id and patient id are the ID, because LUDB records are replayed with their record
 * name as stream id. Every finding becomes a diagnosis; rhythm cells get the prefix {@code Rhythm:
 * } that LUDB's header comments use, so both sources give the same texts. The lead placement is
 * {@value PatientText#STANDARD_12_LEAD}.
 */
public final class LudbPatientLoader {
    private static final String ID = "id";
    private static final String SEX = "sex";
    private static final String AGE = "age";

    private LudbPatientLoader() {}

    /** True when the header names the columns {@code ID}, {@code Sex} and {@code Age}. */
    static boolean matches(List<String> headerNames) {
        Set<String> keys = new HashSet<>();
        for (String name : headerNames) {
            keys.add(key(name));
        }
        return keys.containsAll(List.of(ID, SEX, AGE));
    }

    /**
     * Reads the table; a row with a missing ID, an invalid age or a repeated ID is skipped and
     * reported in {@link PatientLoad#errors()}.
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
            if (!matches(header)) {
                throw new IOException(
                        fileName
                                + " is not a LUDB-style patient table: expected columns ID, Sex"
                                + " and Age, got "
                                + header);
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
                String id = record.get(column(header, ID)).strip();
                String where = String.format("%s row %d (ID %s)", fileName, row, id);
                if (id.isEmpty()) {
                    errors.add(String.format("%s row %d, column ID: missing ID", fileName, row));
                    continue;
                }
                if (!seenIds.add(id)) {
                    errors.add(where + ", column ID: repeated ID '" + id + "'; the row is skipped");
                    continue;
                }
                try {
                    contexts.add(context(file, header, record, id, loadedAt));
                } catch (IllegalArgumentException e) {
                    errors.add(where + ", column Age: " + e.getMessage());
                }
            }
        }
        return new PatientLoad(contexts, errors);
    }

    private static PatientContext context(
            Path file, List<String> header, CSVRecord record, String id, Instant loadedAt) {
        OptionalInt age = PatientText.age(record.get(column(header, AGE)));
        List<String> diagnoses = new ArrayList<>();
        for (int column = 0; column < header.size() && column < record.size(); column++) {
            String key = key(header.get(column));
            if (key.equals(ID) || key.equals(SEX) || key.equals(AGE)) {
                continue;
            }
            String prefix = key.startsWith("rhythm") ? "Rhythm: " : "";
            for (String line : record.get(column).split("\\R")) {
                PatientText.item(line).ifPresent(item -> diagnoses.add(prefix + item));
            }
        }
        return PatientContext.newBuilder()
                .setStreamId(id)
                .setPatientId(id)
                .setAgeYears(age.isPresent() ? age.getAsInt() : null)
                .setSex(PatientText.sex(record.get(column(header, SEX))).orElse(null))
                .setDiagnoses(diagnoses)
                .setMedications(List.of())
                .setLeadPlacement(PatientText.STANDARD_12_LEAD)
                .setSource(file.toString())
                .setUpdatedAtMicros(loadedAt)
                .build();
    }

    private static int column(List<String> header, String wanted) {
        for (int column = 0; column < header.size(); column++) {
            if (key(header.get(column)).equals(wanted)) {
                return column;
            }
        }
        throw new IllegalStateException("Column " + wanted + " was checked to exist");
    }

    private static String key(String headerName) {
        return headerName.strip().replace("\uFEFF", "").toLowerCase(Locale.ROOT);
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
