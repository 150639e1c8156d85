package org.medstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.medstream.ingest.convert.CsvConverter;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
    @Spec CommandSpec spec;

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
            PrintWriter writer = spec.commandLine().getOut();
            CsvConverter.write(recording, writer);
            writer.flush();
        } else {
            CsvConverter.write(recording, Path.of(out));
        }
        return 0;
    }
}
