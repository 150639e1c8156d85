package org.medstream.ingest.recording;

import java.util.Objects;
import org.medstream.ingest.csv.CsvReadOptions;
import org.medstream.ingest.wfdb.WfdbReadOptions;

/**
 * Read options of every file type that {@link RecordingFiles#open(java.nio.file.Path, ReadOptions)}
 * opens; each reader uses its own part.
 *
 * @param wfdb options for WFDB records
 * @param csv options for CSV files
 */
public record ReadOptions(WfdbReadOptions wfdb, CsvReadOptions csv) {
    public ReadOptions {
        Objects.requireNonNull(wfdb, "wfdb");
        Objects.requireNonNull(csv, "csv");
    }

    /** Default options of every reader. */
    public static ReadOptions defaults() {
        return new ReadOptions(WfdbReadOptions.defaults(), CsvReadOptions.defaults());
    }

    /** Same options with the given WFDB options. */
    public ReadOptions withWfdb(WfdbReadOptions options) {
        return new ReadOptions(options, csv);
    }

    /** Same options with the given CSV options. */
    public ReadOptions withCsv(CsvReadOptions options) {
        return new ReadOptions(wfdb, options);
    }
}
