package org.medstream.ingest.patient;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.medstream.ingest.recording.RecordingFiles;

/** Loads patient contexts from a file given on the command line, choosing the loader by type. */
public final class PatientFiles {
    private PatientFiles() {}

    /**
     * Loads a {@code .csv} table (with a {@code streamId} column, see {@link TablePatientLoader},
     * or LUDB's layout, see {@link LudbPatientLoader}), or the header comments of a WFDB record
     * given as its path without extension or as its {@code .hea} file.
     *
     * @param loadedAt time stamped on every context as {@code updatedAtMicros}
     * @throws NoSuchFileException when neither the file nor a header for it exists
     * @throws IOException when the file cannot be read, or a CSV file has neither layout
     */
    public static PatientLoad load(Path file, Instant loadedAt) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "patient table not found");
            }
            List<String> columns = headerNames(file);
            if (TablePatientLoader.matches(columns)) {
                return TablePatientLoader.load(file, loadedAt);
            }
            if (LudbPatientLoader.matches(columns)) {
                return LudbPatientLoader.load(file, loadedAt);
            }
            throw new IOException(
                    file
                            + ": expected a patient table with a streamId column, or with columns"
                            + " ID, Sex and Age as in LUDB's ludb.csv; got columns "
                            + String.join(", ", columns));
        }
        Path record = RecordingFiles.recordPath(file);
        Path header = record.resolveSibling(record.getFileName() + ".hea");
        if (!Files.isRegularFile(header)) {
            throw new NoSuchFileException(
                    header.toString(),
                    null,
                    "no WFDB header for "
                            + file
                            + "; give a patient table (.csv) or a WFDB record path");
        }
        return HeaderPatientLoader.load(header, loadedAt);
    }

    private static List<String> headerNames(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser =
                        CSVFormat.RFC4180
                                .builder()
                                .setHeader()
                                .setAllowMissingColumnNames(true)
                                .get()
                                .parse(reader)) {
            return parser.getHeaderNames();
        }
    }
}
