package org.medstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.medstream.ingest.convert.CsvConverter;
import org.medstream.ingest.edf.EdfWriter;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.StorageFormat;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.ingest.wfdb.WfdbWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Converts a recording to another file format. */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = {
            "Convert a recording (a WFDB record path without extension, an .edf or a .csv file)"
                    + " to another format.",
            "csv: a header row 'sample,<signal names>', then one row per frame with the sample"
                    + " index first and one column per signal, in physical units; missing samples"
                    + " are written as '-' (like WFDB's rdsamp -p).",
            "edf: an EDF+ file with 16-bit samples; EDF+D when the recording has gaps. ADC values"
                    + " that fit 16 bits are kept, so WFDB records convert without loss. The"
                    + " annotations stored in the recording (EDF+) and those of --annotator go"
                    + " into an 'EDF Annotations' signal. The last data record repeats the last"
                    + " frame when the frame count is not a multiple of the data record length.",
            "wfdb: --out DIR/NAME writes NAME.hea and NAME.dat (format 16, or 32 when a value"
                    + " does not fit 16 bits); samples in gaps are written as invalid. The"
                    + " annotations stored in the recording (EDF+, BIDMC breaths) go to NAME.atr and those of"
                    + " --annotator to NAME.<annotator>."
        })
final class ConvertCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin RecordOptions recordOptions;

    @Option(
            names = "--record",
            required = true,
            paramLabel = "PATH",
            description =
                    "WFDB record path without extension (data/mitdb/100), an EDF/EDF+ file (.edf)"
                            + " or a CSV file (.csv).")
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
            description =
                    "Output: a file for csv (- for standard output) and edf, DIR/NAME for wfdb.")
    String out;

    @Option(
            names = "--annotator",
            paramLabel = "NAME",
            description =
                    "Also carry the WFDB annotation file <record>.NAME (for example atr) into an"
                            + " edf or wfdb output.")
    String annotator;

    enum Format {
        csv,
        edf,
        wfdb
    }

    @Override
    public Integer call() throws IOException {
        if (annotator != null && format == Format.csv) {
            throw new ParameterException(
                    spec.commandLine(), "--annotator works only with --to edf or --to wfdb");
        }
        if ("-".equals(out) && format != Format.csv) {
            throw new ParameterException(
                    spec.commandLine(), "--out - (standard output) works only with --to csv");
        }
        Recording recording = recordOptions.open(record);
        List<Annotation> annotatorAnnotations = readAnnotator();
        if (!"-".equals(out)) {
            Path parent = Path.of(out).toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }

        switch (format) {
            case csv -> writeCsv(recording);
            case edf -> writeEdf(recording, annotatorAnnotations);
            case wfdb -> writeWfdb(recording, annotatorAnnotations);
        }
        return 0;
    }

    private void writeCsv(Recording recording) throws IOException {
        if ("-".equals(out)) {
            PrintWriter writer = spec.commandLine().getOut();
            CsvConverter.write(recording, writer);
            writer.flush();
        } else {
            CsvConverter.write(recording, Path.of(out));
        }
    }

    private void writeEdf(Recording recording, List<Annotation> annotatorAnnotations)
            throws IOException {
        List<Annotation> annotations = new ArrayList<>(recording.annotations());
        annotations.addAll(annotatorAnnotations);
        annotations.sort(Comparator.comparingLong(Annotation::sample));
        Path file = Path.of(out);

        List<String> warnings = EdfWriter.write(recording, annotations, file);

        spec.commandLine()
                .getOut()
                .printf(
                        "Wrote %s: %d signals, %d frames, %d annotations%s%n",
                        file,
                        recording.channels().size(),
                        recording.frameCount(),
                        annotations.size(),
                        warnings.isEmpty() ? "" : " (" + String.join("; ", warnings) + ")");
    }

    private void writeWfdb(Recording recording, List<Annotation> annotatorAnnotations)
            throws IOException {
        Path target = Path.of(out);
        String name = target.getFileName().toString();
        if (name.endsWith(".hea")) {
            name = name.substring(0, name.length() - ".hea".length());
        }
        Path directory = target.toAbsolutePath().getParent();
        StorageFormat storage =
                fitsFormat16(recording) ? StorageFormat.FORMAT_16 : StorageFormat.FORMAT_32;

        WfdbWriter.write(recording, directory, name, storage);
        List<Path> written =
                new ArrayList<>(
                        List.of(
                                directory.resolve(name + ".hea"),
                                directory.resolve(name + ".dat")));
        if (!recording.annotations().isEmpty()) {
            written.add(directory.resolve(name + ".atr"));
            WfdbAnnotations.write(written.get(written.size() - 1), recording.annotations());
        }
        if (annotator != null) {
            written.add(directory.resolve(name + "." + annotator));
            WfdbAnnotations.write(written.get(written.size() - 1), annotatorAnnotations);
        }

        spec.commandLine()
                .getOut()
                .printf(
                        "Wrote %s (format %d, %d signals, %d frames)%n",
                        String.join(", ", written.stream().map(Path::toString).toList()),
                        storage.code(),
                        recording.channels().size(),
                        recording.frameCount());
    }

    /** Reads {@code <record>.<annotator>}, where record is the source path without extension. */
    private List<Annotation> readAnnotator() throws IOException {
        if (annotator == null) {
            return List.of();
        }
        String fileName = record.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        String base =
                List.of("edf", "hea", "dat").contains(extension)
                        ? fileName.substring(0, dot)
                        : fileName;
        Path file = record.resolveSibling(base + "." + annotator);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    "annotation file for --annotator " + annotator + " not found");
        }
        return WfdbAnnotations.read(file);
    }

    /** True when every ADC value fits format 16, whose -32768 marks an invalid sample. */
    private static boolean fitsFormat16(Recording recording) {
        for (int c = 0; c < recording.channels().size(); c++) {
            Optional<int[]> digital = recording.digital(c);
            if (digital.isEmpty()) {
                continue;
            }
            for (int value : digital.get()) {
                if (value != Recording.INVALID_SAMPLE && (value < -32767 || value > 32767)) {
                    return false;
                }
            }
        }
        return true;
    }
}
