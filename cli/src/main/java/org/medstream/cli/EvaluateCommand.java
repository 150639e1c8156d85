package org.medstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medstream.evaluation.anomalies.AnomalyCounts;
import org.medstream.evaluation.anomalies.AnomalyReference;
import org.medstream.evaluation.anomalies.AnomalyResult;
import org.medstream.evaluation.anomalies.AnomalySpans;
import org.medstream.evaluation.anomalies.BeatLevelCounts;
import org.medstream.evaluation.anomalies.BeatLevelEvaluator;
import org.medstream.evaluation.anomalies.PointAdjustedEvaluator;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.evaluation.beats.Ec57Evaluator;
import org.medstream.evaluation.beats.Ec57Options;
import org.medstream.evaluation.beats.Ec57Result;
import org.medstream.evaluation.beats.RecordScoreInput;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;
import org.medstream.evaluation.breaths.BreathEvaluator;
import org.medstream.evaluation.breaths.BreathMarks;
import org.medstream.evaluation.breaths.BreathResult;
import org.medstream.evaluation.breaths.BreathScoreInput;
import org.medstream.evaluation.json.NanAsNullModule;
import org.medstream.evaluation.rhythm.RhythmResult;
import org.medstream.evaluation.rhythm.RhythmResult.RhythmLabel;
import org.medstream.evaluation.waves.DelineationEvaluator;
import org.medstream.evaluation.waves.DelineationResult;
import org.medstream.evaluation.waves.LeadScoreInput;
import org.medstream.evaluation.waves.WfdbWaves;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.ingest.wfdb.WfdbHeader;
import org.medstream.ingest.wfdb.WfdbSignalSpec;
import org.medstream.stream.job.DetectorCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Scores test annotations against reference annotations by the clinical protocols. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Score detector output against reference annotations, per record and in total.",
            "beats: ANSI/AAMI EC57 beat-by-beat comparison (WFDB bxb rules): one-to-one matching"
                    + " within +/-150 ms, the first 5 minutes excluded unless --from 0.",
            "waves: delineation as LUDB results are reported: for each onset and offset of P,"
                    + " QRS and T, one-to-one matching within +/-150 ms inside each lead's annotated"
                    + " span, with Se, PPV, F1 and the mean and SD of the timing error, then"
                    + " sample-wise F1 and IoU, then per record the missed (FN) and false (FP) points and"
                    + " the sample-wise macro F1. Reference files are <record>.<lead> next to the"
                    + " record (LUDB's i, ii, ... v6), test files <record>.<lead> in --test; --model"
                    + " and --reference are not used.",
            "breaths: breath onsets matched one to one within +/-500 ms (--tolerance-ms), with Se,"
                    + " +P, F1, the mean and SD of the timing error, the mean absolute error in"
                    + " samples at 125 Hz and the mean IoU of breaths (onset to next onset). The"
                    + " reference is the record's own marks of annotator --reference (default ann1,"
                    + " as in BIDMC's _Breaths.csv) or the WFDB file <record>.<reference>; test"
                    + " files are <record>.breath in --test.",
            "anomalies: point-adjusted scoring of <record>.anomaly in --test (spans from '(' to"
                    + " ')') against the reference anomalies, every sample within 150 ms of a"
                    + " beat in <record>.<reference> whose AAMI class is not N; a reference"
                    + " segment with any predicted sample counts as detected in full. Prints"
                    + " precision, recall, F1 and the AUROC of the binary predictions over the"
                    + " whole record. Then, without point adjustment, beat by beat: a beat that is"
                    + " not N is detected when a predicted sample lies within 150 ms of it (VEB Se"
                    + " for V beats), and a predicted span that overlaps no such beat is a false"
                    + " positive (+P of spans); --model, --from and --to are not used.",
            "rhythm: the label of <record>.rhythm.json in --test (from annotate --task rhythm)"
                    + " against the record's line in REFERENCE.csv next to it (the PhysioNet/CinC"
                    + " Challenge 2017 layout: record,label with N, A, O or ~). Prints the"
                    + " confusion table, atrial fibrillation Se, Sp and +P with A against the"
                    + " rest, and the challenge's mean F1 of N, A and O; --model, --reference,"
                    + " --from and --to are not used."
        })
final class EvaluateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--task",
            defaultValue = "beats",
            description =
                    "What to score; supported: ${COMPLETION-CANDIDATES} (default:"
                            + " ${DEFAULT-VALUE}).")
    Task task;

    @Option(
            names = "--reference",
            paramLabel = "ANNOTATOR",
            description =
                    "Annotator of the reference annotations of each record (default: atr for"
                            + " beats and anomalies, ann1 for breaths).")
    String referenceAnnotator;

    @Option(
            names = "--test",
            required = true,
            paramLabel = "DIR",
            description =
                    "Folder with the test annotation files: <record>.<model> for beats,"
                            + " <record>.<lead> for waves, <record>.breath for breaths,"
                            + " <record>.anomaly for anomalies.")
    Path testDirectory;

    @Option(
            names = "--model",
            defaultValue = "classic",
            paramLabel = "NAME",
            description = "Annotator (file extension) of the test files (default: classic).")
    String testAnnotator;

    @Option(
            names = "--record",
            required = true,
            paramLabel = "PATH",
            description =
                    "WFDB record path without extension (for breaths also an .edf or .csv file);"
                            + " repeat for several records.")
    List<Path> records;

    @Option(
            names = "--from",
            paramLabel = "SECONDS",
            description =
                    "Start of scoring (beats and breaths); for beats the earlier beats are a"
                            + " learning period (default: 300 for beats, 0 for breaths).")
    Double fromSeconds;

    @Option(
            names = "--tolerance-ms",
            paramLabel = "MS",
            description = "Matching tolerance of breath onsets (default: 500).")
    Double toleranceMillis;

    @Option(
            names = "--to",
            paramLabel = "SECONDS",
            description = "End of scoring (default: end of record).")
    Double toSeconds;

    @Option(names = "--json", description = "Print the result as JSON instead of a table.")
    boolean json;

    enum Task {
        beats,
        waves,
        breaths,
        anomalies,
        rhythm
    }

    @Override
    public Integer call() throws IOException {
        if (task == Task.breaths) {
            return scoreBreaths();
        }
        if (toleranceMillis != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Option '--tolerance-ms' applies to --task breaths only; beats and waves use"
                            + " the protocols' 150 ms");
        }
        if (task == Task.waves) {
            if (fromSeconds != null || toSeconds != null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Options '--from' and '--to' do not apply to --task waves, which scores"
                                + " each lead's annotated span");
            }
            return scoreWaves();
        }
        if (task == Task.anomalies) {
            return scoreAnomalies();
        }
        if (task == Task.rhythm) {
            return scoreRhythm();
        }
        Ec57Options options;
        try {
            options = Ec57Options.DEFAULT.withFrom(fromSeconds == null ? 300 : fromSeconds);
            if (toSeconds != null) {
                options = options.withTo(toSeconds);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid --from/--to: " + e.getMessage());
        }

        List<RecordScoreInput> inputs = new ArrayList<>();
        for (Path path : records) {
            inputs.add(readInput(path));
        }
        Ec57Result result = new Ec57Evaluator(options).evaluate(inputs);

        spec.commandLine().getOut().println(json ? result.toJson() : result.toTable());
        return 0;
    }

    private int scoreWaves() throws IOException {
        List<LeadScoreInput> leads = new ArrayList<>();
        for (Path path : records) {
            Path record = RecordingFiles.recordPath(path);
            String name = RecordingFiles.recordName(path);
            WfdbHeader header = WfdbHeader.read(record.resolveSibling(name + ".hea"));
            int leadsBefore = leads.size();
            for (WfdbSignalSpec signal : header.signals()) {
                String lead = signal.description().toLowerCase(Locale.ROOT);
                Path reference = record.resolveSibling(name + "." + lead);
                if (!Files.isRegularFile(reference)) {
                    continue;
                }
                Path test = existing(testDirectory.resolve(name + "." + lead), "test");
                leads.add(
                        new LeadScoreInput(
                                name,
                                lead,
                                header.samplingFrequency(),
                                WfdbWaves.of(WfdbAnnotations.read(reference)),
                                WfdbWaves.of(WfdbAnnotations.read(test))));
            }
            if (leads.size() == leadsBefore) {
                throw new NoSuchFileException(
                        record.resolveSibling(name + ".hea").toString(),
                        null,
                        "no reference wave annotations next to the record: expected "
                                + name
                                + ".<lead> for its leads, such as "
                                + name
                                + ".ii");
            }
        }
        DelineationResult result = new DelineationEvaluator().evaluate(leads);
        spec.commandLine().getOut().println(json ? result.toJson() : result.toTable());
        return 0;
    }

    private int scoreBreaths() throws IOException {
        String reference = referenceAnnotator == null ? "ann1" : referenceAnnotator;
        BreathEvaluator evaluator;
        try {
            evaluator =
                    new BreathEvaluator(
                            toleranceMillis == null
                                    ? BreathEvaluator.DEFAULT_TOLERANCE_MILLIS
                                    : toleranceMillis,
                            fromSeconds == null ? 0 : fromSeconds,
                            toSeconds == null ? Double.POSITIVE_INFINITY : toSeconds);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<BreathScoreInput> inputs = new ArrayList<>();
        for (Path path : records) {
            Recording recording = RecordingFiles.open(path);
            double seconds = recording.frameCount() / recording.samplingFrequencyHz();
            if (fromSeconds != null && fromSeconds >= seconds) {
                throw new ParameterException(
                        spec.commandLine(),
                        String.format(
                                Locale.ROOT,
                                "Invalid value for option '--from': %s s is at or after the end"
                                        + " of %s, which lasts %.1f s",
                                fromSeconds,
                                recording.source(),
                                seconds));
            }
            Path test = existing(testDirectory.resolve(recording.name() + ".breath"), "test");
            inputs.add(
                    new BreathScoreInput(
                            recording.name(),
                            recording.samplingFrequencyHz(),
                            breathReference(path, recording, reference),
                            samples(WfdbAnnotations.read(test))));
        }
        BreathResult result = evaluator.evaluate(inputs);
        spec.commandLine().getOut().println(json ? result.toJson() : result.toTable());
        return 0;
    }

    private int scoreAnomalies() throws IOException {
        PointAdjustedEvaluator evaluator = new PointAdjustedEvaluator();
        BeatLevelEvaluator beatLevel = new BeatLevelEvaluator();
        List<AnomalyCounts> rows = new ArrayList<>();
        List<BeatLevelCounts> beatRows = new ArrayList<>();
        for (Path path : records) {
            Path record = RecordingFiles.recordPath(path);
            String name = RecordingFiles.recordName(path);
            WfdbHeader header = WfdbHeader.read(record.resolveSibling(name + ".hea"));
            long frames = header.frameCount().orElse(-1);
            if (frames < 0 || frames > Integer.MAX_VALUE) {
                throw new IOException(
                        "Record "
                                + name
                                + ": its header gives no usable number of samples ("
                                + frames
                                + "); anomaly scoring needs the record's length");
            }
            String annotator = referenceAnnotator == null ? "atr" : referenceAnnotator;
            Path reference = existing(record.resolveSibling(name + "." + annotator), "reference");
            Path test =
                    existing(
                            testDirectory.resolve(name + "." + AnnotateCommand.ANOMALY_ANNOTATOR),
                            "test");
            List<BeatAnnotation> beats = WfdbBeatAnnotations.read(reference);
            boolean[] expected =
                    AnomalyReference.anomalous(beats, (int) frames, header.samplingFrequency());
            boolean[] predicted;
            try {
                predicted =
                        AnomalySpans.predicted(
                                WfdbAnnotations.read(test), (int) frames, test.toString());
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
            rows.add(evaluator.score(name, expected, predicted));
            beatRows.add(beatLevel.score(name, beats, predicted, header.samplingFrequency()));
        }
        AnomalyResult result = evaluator.total(rows);
        List<BeatLevelCounts> beatResult = beatLevel.withTotal(beatRows);
        if (json) {
            spec.commandLine().getOut().println(anomalyJson(result, beatResult));
        } else {
            spec.commandLine().getOut().println(result.toTable());
            spec.commandLine().getOut().println();
            spec.commandLine().getOut().println(beatLevelTable(beatResult));
        }
        return 0;
    }

    /** Returns the point-adjusted JSON with the beat-level rows added as {@code beatLevel}. */
    private static String anomalyJson(AnomalyResult result, List<BeatLevelCounts> beatRows)
            throws IOException {
        ObjectMapper mapper =
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .registerModule(NanAsNullModule.create());
        ObjectNode root = (ObjectNode) mapper.readTree(result.toJson());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BeatLevelCounts counts : beatRows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("record", counts.name());
            row.put("ventricularBeats", counts.ventricularBeats());
            row.put("ventricularDetected", counts.ventricularDetected());
            row.put("ventricularSensitivity", counts.ventricularSensitivity());
            row.put("abnormalBeats", counts.abnormalBeats());
            row.put("abnormalDetected", counts.abnormalDetected());
            row.put("abnormalSensitivity", counts.abnormalSensitivity());
            row.put("spans", counts.spans());
            row.put("falsePositiveSpans", counts.falsePositiveSpans());
            row.put("positivePredictivity", counts.positivePredictivity());
            rows.add(row);
        }
        root.set("beatLevel", mapper.valueToTree(rows));
        return mapper.writeValueAsString(root);
    }

    private static String beatLevelTable(List<BeatLevelCounts> rows) {
        StringBuilder table = new StringBuilder();
        table.append(
                String.format(
                        Locale.ROOT,
                        "%-8s %11s %8s %13s %8s %7s %8s %8s%n",
                        "Record",
                        "V beats",
                        "VEB Se%",
                        "non-N beats",
                        "Se%",
                        "Spans",
                        "FP spans",
                        "+P%"));
        for (BeatLevelCounts row : rows) {
            table.append(
                    String.format(
                            Locale.ROOT,
                            "%-8s %5d/%-5d %8.2f %6d/%-6d %8.2f %7d %8d %8.2f%n",
                            row.name(),
                            row.ventricularDetected(),
                            row.ventricularBeats(),
                            row.ventricularSensitivity(),
                            row.abnormalDetected(),
                            row.abnormalBeats(),
                            row.abnormalSensitivity(),
                            row.spans(),
                            row.falsePositiveSpans(),
                            row.positivePredictivity()));
        }
        table.append(
                "Beat level, not point-adjusted: a beat that is not N is detected when a predicted"
                        + " sample lies within 150 ms of it; a span that overlaps no such beat is"
                        + " a false positive; +P is the share of spans that are not.");
        return table.toString();
    }

    /**
     * Returns the reference breath onsets: the recording's own marks of {@code annotator} (a CSV
     * export's breaths file, EDF+ annotations), else the WFDB file {@code <record>.<annotator>}.
     */
    private static List<Long> breathReference(Path path, Recording recording, String annotator)
            throws IOException {
        List<Long> marks = BreathMarks.of(recording, annotator);
        if (!marks.isEmpty()) {
            return marks;
        }
        Path record = RecordingFiles.recordPath(path);
        Path file = record.resolveSibling(recording.name() + "." + annotator);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    "reference breath annotations not found: "
                            + recording.source()
                            + " has no marks of annotator "
                            + annotator
                            + " and there is no such WFDB annotation file");
        }
        return samples(WfdbAnnotations.read(file));
    }

    private static List<Long> samples(List<Annotation> annotations) {
        List<Long> samples = new ArrayList<>();
        for (Annotation annotation : annotations) {
            samples.add(annotation.sample());
        }
        samples.sort(null);
        return samples;
    }

    private RecordScoreInput readInput(Path path) throws IOException {
        Path record = RecordingFiles.recordPath(path);
        String name = RecordingFiles.recordName(path);
        WfdbHeader header = WfdbHeader.read(record.resolveSibling(name + ".hea"));
        String annotator = referenceAnnotator == null ? "atr" : referenceAnnotator;
        Path reference = existing(record.resolveSibling(name + "." + annotator), "reference");
        Path test = testDirectory.resolve(name + "." + testAnnotator);
        if (!Files.isRegularFile(test)) {
            for (String other : DetectorCatalog.names()) {
                if (Files.isRegularFile(testDirectory.resolve(name + "." + other))) {
                    throw new NoSuchFileException(
                            test.toString(),
                            null,
                            "test annotation file not found, but "
                                    + name
                                    + "."
                                    + other
                                    + " is there; score it with --model "
                                    + other);
                }
            }
        }
        existing(test, "test");

        return new RecordScoreInput(
                name,
                header.samplingFrequency(),
                WfdbBeatAnnotations.read(reference),
                WfdbBeatAnnotations.read(test),
                header.frameCount().orElse(-1));
    }

    private int scoreRhythm() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<RhythmLabel> labels = new ArrayList<>();
        for (Path path : records) {
            Path record = RecordingFiles.recordPath(path);
            String name = RecordingFiles.recordName(path);
            Path table = existing(record.resolveSibling("REFERENCE.csv"), "reference rhythm");
            String reference = null;
            for (String line : Files.readAllLines(table)) {
                String[] fields = line.strip().split(",");
                if (fields.length == 2 && fields[0].strip().equals(name)) {
                    reference = fields[1].strip();
                }
            }
            if (reference == null || !RhythmResult.LABELS.contains(reference)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Invalid reference for record "
                                + name
                                + " in "
                                + table
                                + ": expected a line '"
                                + name
                                + ",<label>' with label N, A, O or ~, got "
                                + (reference == null ? "none" : "'" + reference + "'"));
            }
            Path test = existing(testDirectory.resolve(name + ".rhythm.json"), "test");
            JsonNode predicted = mapper.readTree(test.toFile()).get("label");
            if (predicted == null || !RhythmResult.LABELS.contains(predicted.asText())) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Invalid test file "
                                + test
                                + ": field 'label' must be N, A, O or ~, got "
                                + predicted);
            }
            labels.add(new RhythmLabel(name, reference, predicted.asText()));
        }
        RhythmResult result = new RhythmResult(labels);
        spec.commandLine().getOut().println(json ? result.toJson() : result.toTable());
        return 0;
    }

    private static Path existing(Path file, String role) throws NoSuchFileException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(), null, role + " annotation file not found");
        }
        return file;
    }
}
