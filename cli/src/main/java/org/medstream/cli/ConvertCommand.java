package org.medstream.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.medstream.ingest.convert.CsvConverter;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Converts a recording to another file format. */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = {
            "Convert a recording to another format, in physical units.",
            "csv: a header row 'sample,<signal names>', then one row per frame with the sample"
                    + " index first and one column per signal; missing samples are written as '-'"
                    + " (like WFDB's rdsamp -p)."
        })
final class ConvertCommand implements Callable<Integer> {
    @Option(
            names = "--record",
            required = true,
            paramLabel = "PATH",
            description = "WFDB record path without extension.")
    Path record;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "FORMAT",
            description = "Output format; supported: ${COMPLETION-CANDIDATES}.")
    Format format;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Output file, or - for standard output.")
    String out;

    enum Format {
        csv
    }

    @Override
    public Integer call() throws IOException {
        Recording recording = RecordingFiles.open(record);
        if ("-".equals(out)) {
            Writer writer = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            CsvConverter.write(recording, writer);
            writer.flush();
        } else {
            CsvConverter.write(recording, Path.of(out));
        }
        return 0;
    }
}
