package org.medstream.ingest.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.medstream.ingest.csv.CsvRecordingReader;
import org.medstream.ingest.edf.EdfReader;
import org.medstream.ingest.wfdb.WfdbReadOptions;
import org.medstream.ingest.wfdb.WfdbRecord;

/** Opens a recording from a path given on the command line, choosing the reader by file type. */
public final class RecordingFiles {
    private RecordingFiles() {}

    /**
     * Opens a WFDB record given as its path without extension ({@code data/mitdb/100}) or as the
     * path of its header ({@code data/mitdb/100.hea}), or a {@code .csv} or {@code .edf} file (any
     * case).
     *
     * @throws NoSuchFileException when no header exists for the path
     */
    public static Recording open(Path path) throws IOException {
        return open(path, ReadOptions.defaults());
    }

    /** Opens a recording like {@link #open(Path)}, with the given WFDB read options. */
    public static Recording open(Path path, WfdbReadOptions options) throws IOException {
        return open(path, ReadOptions.defaults().withWfdb(options));
    }

    /** Opens a recording like {@link #open(Path)}, with the options of each file type. */
    public static Recording open(Path path, ReadOptions options) throws IOException {
        if (hasExtension(path, ".csv")) {
            return CsvRecordingReader.read(path, options.csv());
        }
        if (hasExtension(path, ".edf")) {
            return EdfReader.read(path);
        }
        return openWfdb(path, options.wfdb());
    }

    private static Recording openWfdb(Path path, WfdbReadOptions options) throws IOException {
        Path record = recordPath(path);
        Path header = record.resolveSibling(record.getFileName() + ".hea");
        if (!Files.exists(header)) {
            throw new NoSuchFileException(
                    header.toString(),
                    null,
                    "no WFDB header for record "
                            + path
                            + (record.getFileName().toString().contains(".")
                                    ? "; give the record path without extension"
                                    : "; check the record name and folder"));
        }
        return WfdbRecord.read(record, options);
    }

    private static boolean hasExtension(Path path, String extension) {
        Path fileName = path.getFileName();
        return fileName != null && fileName.toString().toLowerCase(Locale.ROOT).endsWith(extension);
    }

    /** Returns the record path without the {@code .hea} or {@code .dat} extension. */
    public static Path recordPath(Path path) {
        String fileName = path.getFileName().toString();
        for (String extension : new String[] {".hea", ".dat"}) {
            if (fileName.endsWith(extension)) {
                return path.resolveSibling(
                        fileName.substring(0, fileName.length() - extension.length()));
            }
        }
        return path;
    }

    /** Returns the record name: the file name without directory or extension. */
    public static String recordName(Path path) {
        return recordPath(path).getFileName().toString();
    }
}
