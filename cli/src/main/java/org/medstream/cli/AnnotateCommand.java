package org.medstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.schemas.Beat;
import org.medstream.stream.annotate.BeatAnnotator;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.DetectorCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the streaming operators over finished recordings and writes their output as WFDB annotation
 * files.
 */
@Command(
        name = "annotate",
        mixinStandardHelpOptions = true,
        description = {
            "Run the same streaming operators as the live job over recordings (bounded source,"
                    + " same chunking and state) and write WFDB annotation files to --out.",
            "beats: <record>.<model> with one annotation per detected beat, labelled with its"
                    + " AAMI class (the classic model labels beats N or V)."
        })
final class AnnotateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin RecordOptions recordOptions;

    @Option(
            names = "--task",
            defaultValue = "beats",
            description = "What to annotate; supported: ${COMPLETION-CANDIDATES}.")
    Task task;

    @Option(
            names = "--model",
            defaultValue = DetectorCatalog.CLASSIC,
            paramLabel = "NAME",
            description =
                    "Detector; supported: classic (streaming Pan-Tompkins QRS detector)."
                            + " Also the extension of the output files.")
    String model;

    @Option(
            names = "--record",
            required = true,
            paramLabel = "PATH",
            description =
                    "WFDB record path without extension, or an .edf or .csv file; repeat for several"
                            + " records.")
    List<Path> records;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder for the annotation files; created if missing.")
    Path outDirectory;

    @Option(
            names = "--chunk-millis",
            paramLabel = "MS",
            description = ReplayOptions.CHUNK_MILLIS_HELP)
    double chunkMillis = ReplayOptions.DEFAULT_CHUNK_MILLIS;

    enum Task {
        beats
    }

    @Override
    public Integer call() throws Exception {
        if (!(chunkMillis > 0)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--chunk-millis': must be positive, got "
                            + chunkMillis);
        }
        BeatDetector<?> detector = Models.beatDetector(spec.commandLine(), model);
        Files.createDirectories(outDirectory);
        List<Recording> recordings = new ArrayList<>();
        for (Path path : records) {
            recordings.add(recordOptions.open(path));
        }
        BeatAnnotator annotator =
                new BeatAnnotator(detector, BeatDetectionJobConfig.defaults(), chunkMillis);
        List<List<Beat>> beats = annotator.annotate(recordings);

        for (int i = 0; i < recordings.size(); i++) {
            Path file = outDirectory.resolve(recordings.get(i).name() + "." + model);
            WfdbAnnotations.write(file, toAnnotations(beats.get(i)));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: %d beats -> %s%n",
                            recordings.get(i).name(), beats.get(i).size(), file);
        }
        return 0;
    }

    private static List<Annotation> toAnnotations(List<Beat> beats) {
        List<Annotation> annotations = new ArrayList<>(beats.size());
        for (Beat beat : beats) {
            annotations.add(Annotation.of(beat.getSampleIndex(), codeOf(beat.getBeatClass())));
        }
        return annotations;
    }

    /** Maps an AAMI class to the MIT annotation code with the same mnemonic (Q is unclassified). */
    private static AnnotationCode codeOf(String beatClass) {
        return AnnotationCode.fromMnemonic(beatClass).orElse(AnnotationCode.UNKNOWN);
    }
}
