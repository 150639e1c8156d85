package org.medstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.medstream.evaluation.anomalies.AnomalySpans;
import org.medstream.evaluation.waves.Wave;
import org.medstream.evaluation.waves.WfdbWaves;
import org.medstream.ingest.patient.PatientFiles;
import org.medstream.ingest.patient.PatientLoad;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.model.artifact.ModelMetadata;
import org.medstream.model.breaths.RespirationChannels;
import org.medstream.model.medtsllm.BoundaryMetadata;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.rhythm.AfDetector;
import org.medstream.model.rhythm.RecordRhythm;
import org.medstream.model.train.TimeSplit;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.Beat;
import org.medstream.schemas.Breath;
import org.medstream.schemas.PatientContext;
import org.medstream.stream.annotate.AnomalyAnnotator;
import org.medstream.stream.annotate.BeatAnnotator;
import org.medstream.stream.annotate.BreathAnnotator;
import org.medstream.stream.annotate.WaveAnnotator;
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
                    + " AAMI class (the classic model labels beats N or V).",
            "waves: one file per ECG lead, <record>.<lead> with the lead name lowercased as"
                    + " LUDB names its files (<record>.i, <record>.ii, ...), with '(' onset,"
                    + " 'p'/'N'/'t' peak and ')' offset of each P, QRS and T wave.",
            "breaths: <record>.breath with one annotation per breath onset found on the"
                    + " respiration channel (RESP), code '\"' (note) with aux 'breath'; a"
                    + " MedTsLLM model also reads the covariate channels its model.json names.",
            "anomalies: <record>.anomaly with '(' at the first and ')' at the last sample of"
                    + " each anomalous span of lead II (MLII), where the LMU anomalies model's"
                    + " score is at least 0.5, or, with --model medtsllm, where the MedTsLLM"
                    + " model's normalised reconstruction error reaches the threshold it stored"
                    + " at training; no other fields are set.",
            "rhythm: <record>.rhythm.json with the record's rhythm label (A atrial fibrillation,"
                    + " N no atrial fibrillation, ~ no decision), as the PhysioNet/CinC Challenge"
                    + " 2017 labels records, and its score, the fraction of evaluated beats whose"
                    + " last 16 RR intervals were irregular; the beats come from the classic"
                    + " detector."
        })
final class AnnotateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin RecordOptions recordOptions;

    @Option(
            names = "--task",
            defaultValue = "beats",
            description =
                    "What to annotate; supported: ${COMPLETION-CANDIDATES} (default:"
                            + " ${DEFAULT-VALUE}).")
    Task task;

    @Option(
            names = "--model",
            paramLabel = "NAME",
            description =
                    "Model; for beats: classic (streaming Pan-Tompkins QRS detector, the default),"
                            + " lmu (the LMU beats model) or medtsllm (a one-lead MedTsLLM beats"
                            + " model, given by --model-dir, whose beats are all class Q), also"
                            + " the extension of the output files; for waves, breaths and"
                            + " anomalies: lmu (streaming LMU"
                            + " model, the default); for waves, breaths and anomalies also"
                            + " medtsllm (a MedTsLLM model from 'medstream train --model"
                            + " medtsllm', given by --model-dir).")
    String model;

    @Option(
            names = "--model-dir",
            paramLabel = "DIR",
            description =
                    "Model directory (model.json and its weights); default:"
                            + " $MEDSTREAM_HOME/models/lmu-waves for waves,"
                            + " $MEDSTREAM_HOME/models/lmu-breaths for breaths,"
                            + " $MEDSTREAM_HOME/models/lmu-anomalies for anomalies,"
                            + " $MEDSTREAM_HOME/models/lmu-beats for beats with --model lmu;"
                            + " required with --model medtsllm, whose backbone file must lie in"
                            + " the directory or a directory next to it.")
    Path modelDirectory;

    @Option(
            names = "--server",
            paramLabel = "URL",
            description =
                    "waves and breaths: address of a model server (medstream serve), such as"
                            + " http://127.0.0.1:8090, that runs the model (--server-model) on"
                            + " overlapping windows of the recordings; replaces --model and"
                            + " --model-dir. A served breaths model of several channels, such"
                            + " as RESP and PLETH, gets them in its order, found by name.")
    String server;

    @Option(
            names = "--server-model",
            paramLabel = "NAME",
            description =
                    "With --server: name of the served model to call (default: lmu-waves for"
                            + " waves, lmu-breaths for breaths), as 'medstream serve' lists it"
                            + " under /v1/models.")
    String serverModel;

    @Option(
            names = "--patients",
            paramLabel = "FILE",
            description =
                    "waves only: patient contexts, read as 'medstream patients load' reads FILE"
                            + " (a patient table, LUDB's ludb.csv, or a WFDB header); a record"
                            + " gets the context whose stream id is its name. MedTsLLM models"
                            + " trained with the patient prompt part read it; other models ignore"
                            + " it.")
    Path patientFile;

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
            names = "--inverted-respiration",
            description =
                    "breaths only: the respiration signal falls on inhalation (some flow, pressure"
                            + " and thermistor sensors), so it is negated for the model, which"
                            + " expects impedance pneumography's rise.")
    boolean invertedRespiration;

    @Option(
            names = "--chunk-millis",
            paramLabel = "MS",
            description = ReplayOptions.CHUNK_MILLIS_HELP)
    double chunkMillis = ReplayOptions.DEFAULT_CHUNK_MILLIS;

    enum Task {
        beats,
        waves,
        breaths,
        anomalies,
        rhythm
    }

    /** The digits that end a record name: the record number. */
    private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d{1,9})$");

    /** Auxiliary text of each breath annotation. */
    static final String BREATH_AUX = "breath";

    /** Name of the only wave, breaths and anomalies model. */
    static final String LMU = "lmu";

    /** Name of the MedTsLLM wave model. */
    static final String MEDTSLLM = "medtsllm";

    /** Annotator (file extension) of the anomaly annotation files. */
    static final String ANOMALY_ANNOTATOR = "anomaly";

    @Override
    public Integer call() throws Exception {
        if (!(chunkMillis > 0)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--chunk-millis': must be positive, got "
                            + chunkMillis);
        }
        if (server != null && task != Task.waves && task != Task.breaths) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Option '--server' applies to --task waves and --task breaths only");
        }
        if (server != null && model != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Option '--model' does not apply with '--server': the server runs its own"
                            + " models; name the served model with --server-model");
        }
        if (serverModel != null && server == null) {
            throw new ParameterException(
                    spec.commandLine(), "Option '--server-model' applies with '--server' only");
        }
        if (patientFile != null && task != Task.waves) {
            throw new ParameterException(
                    spec.commandLine(), "Option '--patients' applies to --task waves only");
        }
        if (task == Task.waves) {
            return annotateWaves();
        }
        if (task == Task.breaths) {
            return annotateBreaths();
        }
        if (invertedRespiration) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Option '--inverted-respiration' applies to --task breaths only");
        }
        if (task == Task.anomalies) {
            return annotateAnomalies();
        }
        if (task == Task.rhythm) {
            return annotateRhythm();
        }
        String beatModel = model == null ? DetectorCatalog.CLASSIC : model;
        if (MEDTSLLM.equals(beatModel)) {
            return annotateBeats(
                    Models.medTsLlmBeatDetector(spec.commandLine(), medTsLlmModelDirectory()),
                    beatModel);
        }
        if (modelDirectory != null && !beatModel.equals(LMU)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Option '--model-dir' applies to --model lmu only; the "
                            + beatModel
                            + " detector has no model directory");
        }
        BeatDetector<?> detector =
                modelDirectory == null
                        ? Models.beatDetector(spec.commandLine(), beatModel)
                        : Models.lmuBeatDetector(spec.commandLine(), modelDirectory);
        return annotateBeats(detector, beatModel);
    }

    /** Writes the beats of each recording to {@code <record>.<beatModel>}. */
    private int annotateBeats(BeatDetector<?> detector, String beatModel) throws Exception {
        List<Recording> recordings = openRecordings();
        BeatAnnotator annotator =
                new BeatAnnotator(detector, BeatDetectionJobConfig.defaults(), chunkMillis);
        List<List<Beat>> beats = annotator.annotate(recordings);

        for (int i = 0; i < recordings.size(); i++) {
            Path file = outDirectory.resolve(recordings.get(i).name() + "." + beatModel);
            WfdbAnnotations.write(file, toAnnotations(beats.get(i)));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: %d beats -> %s%n",
                            recordings.get(i).name(), beats.get(i).size(), file);
        }
        if (MEDTSLLM.equals(beatModel)) {
            noteTrainingRecords(modelDirectory, recordings);
        }
        return 0;
    }

    /**
     * Detects the beats of each recording with the classic detector and writes the rhythm that the
     * atrial fibrillation detector gives them ({@link RecordRhythm}) to {@code
     * <record>.rhythm.json}.
     */
    private int annotateRhythm() throws Exception {
        if ((model != null && !model.equals(DetectorCatalog.CLASSIC)) || modelDirectory != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--task rhythm runs the classic beat detector and the atrial fibrillation"
                            + " detector on its beats; it takes no --model-dir and no --model other"
                            + " than classic");
        }
        BeatDetector<?> detector = Models.beatDetector(spec.commandLine(), DetectorCatalog.CLASSIC);
        List<Recording> recordings = openRecordings();
        List<List<Beat>> beats =
                new BeatAnnotator(detector, BeatDetectionJobConfig.defaults(), chunkMillis)
                        .annotate(recordings);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < recordings.size(); i++) {
            Recording recording = recordings.get(i);
            List<Beat> recordBeats = beats.get(i);
            long[] indices = new long[recordBeats.size()];
            char[] classes = new char[recordBeats.size()];
            for (int b = 0; b < indices.length; b++) {
                indices[b] = recordBeats.get(b).getSampleIndex();
                classes[b] = recordBeats.get(b).getBeatClass().charAt(0);
            }
            RecordRhythm rhythm =
                    RecordRhythm.of(
                            AfDetector.defaults(),
                            indices,
                            classes,
                            recording.samplingFrequencyHz());
            ObjectNode node = json.createObjectNode();
            node.put("record", recording.name());
            node.put("label", rhythm.label());
            node.put("score", rhythm.score());
            node.put("beats", rhythm.beats());
            node.put("evaluatedBeats", rhythm.evaluatedBeats());
            if (Double.isNaN(rhythm.medianCosen())) {
                node.putNull("medianCosen");
            } else {
                node.put("medianCosen", rhythm.medianCosen());
            }
            node.put("detector", detector.name() + " beats, RR irregularity (COSEn and RMSSD)");
            Path file = outDirectory.resolve(recording.name() + ".rhythm.json");
            json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), node);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: %s (score %.2f, %d of %d beats evaluated) -> %s%n",
                            recording.name(),
                            rhythm.label(),
                            rhythm.score(),
                            rhythm.evaluatedBeats(),
                            rhythm.beats(),
                            file);
        }
        return 0;
    }

    private int annotateWaves() throws Exception {
        if (server != null) {
            return annotateWavesRemote();
        }
        Path directory =
                MEDTSLLM.equals(model)
                        ? medTsLlmModelDirectory()
                        : lmuModelDirectory(Models.bundledWaveModel(), Models.BUNDLED_WAVE_MODEL);
        List<Recording> recordings = openRecordings();
        if (MEDTSLLM.equals(model)
                && patientFile == null
                && MedTsLlmMetadata.read(directory).promptParts().contains("patient")) {
            spec.commandLine()
                    .getOut()
                    .println(
                            "Note: the model's prompt has a patient part, which stays empty"
                                    + " without --patients FILE (such as LUDB's ludb.csv)");
        }
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.defaults()
                        .with(BeatDetectionJobConfig.WAVES_MODEL, directory.toString());
        List<Map<String, List<Wave>>> waves;
        // The job loads the model while it is built, so a model of another task fails here.
        try {
            waves = new WaveAnnotator(config, chunkMillis, patients()).annotate(recordings);
        } catch (IllegalArgumentException e) {
            throw Models.invalidModelDirectory(spec.commandLine(), e);
        }
        writeWaves(recordings, waves);
        noteTrainingRecords(directory, recordings);
        return 0;
    }

    /** Annotates waves through the model server of --server. */
    private int annotateWavesRemote() throws Exception {
        BeatDetectionJobConfig config =
                remoteConfig(
                        BeatDetectionJobConfig.WAVES_REMOTE,
                        BeatDetectionJobConfig.WAVES_REMOTE_MODEL);
        List<Recording> recordings = openRecordings();
        writeWaves(
                recordings,
                new WaveAnnotator(config, chunkMillis, patients()).annotate(recordings));
        return 0;
    }

    /**
     * Returns job settings that send the task's windows to the model server of --server, to the
     * served model of --server-model when given.
     */
    private BeatDetectionJobConfig remoteConfig(
            ConfigOption<String> remoteOption, ConfigOption<String> remoteModelOption) {
        if (modelDirectory != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Options '--server' and '--model-dir' exclude each other: the server loads"
                            + " its own model");
        }
        try {
            Map<String, String> settings = new HashMap<>(Map.of(remoteOption.key(), server));
            if (serverModel != null) {
                settings.put(remoteModelOption.key(), serverModel);
            }
            BeatDetectionJobConfig config = BeatDetectionJobConfig.fromMap(settings);
            JsonNode info = servedModel(config.get(remoteModelOption));
            if (info == null) {
                return config;
            }
            requireServedTask(config.get(remoteModelOption), info);
            List<String> channels = new ArrayList<>();
            info.path("leads").forEach(lead -> channels.add(lead.asText()));
            if (task == Task.breaths && channels.size() > 1) {
                // A breaths model of several channels reads the covariates after respiration.
                config =
                        config.with(
                                BeatDetectionJobConfig.BREATHS_REMOTE_COVARIATES,
                                String.join(",", channels.subList(1, channels.size())));
            }
            Duration delay =
                    Duration.ofMillis((long) Math.ceil(info.path("delayMillis").asDouble()));
            if (task == Task.breaths
                    && delay.compareTo(config.get(BeatDetectionJobConfig.BREATHS_REMOTE_LOOK_AHEAD))
                            > 0) {
                // The breaths near a span's end are decided only once the model's delay has passed.
                config = config.with(BeatDetectionJobConfig.BREATHS_REMOTE_LOOK_AHEAD, delay);
            }
            return config;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid value for option '--server': " + e.getMessage());
        }
    }

    /**
     * Returns the description the server gives of the served model {@code name}, or null when it
     * responds with another error, which the job then reports with the address.
     *
     * @throws ParameterException when the server cannot be reached or serves no such model
     */
    private JsonNode servedModel(String name) {
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            server.replaceAll("/+$", "")
                                                                    + "/v1/models/"
                                                                    + name))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Invalid value for option '--server-model': "
                                + server
                                + " answered 404: "
                                + response.body().strip());
            }
            if (response.statusCode() != 200) {
                return null;
            }
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--server': cannot reach "
                            + server
                            + " ("
                            + e
                            + "); start it with 'medstream serve' or check the address",
                    e);
        } catch (IllegalArgumentException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Checks that the served model {@code name} does this task. A model of another task responds to
     * every window, so the job would drop its events and write empty files.
     */
    private void requireServedTask(String name, JsonNode info) {
        String servedTask = info.path("task").asText();
        if (!servedTask.equals(task.name())) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--server-model': model "
                            + name
                            + " at "
                            + server
                            + " does task '"
                            + servedTask
                            + "', not "
                            + task.name()
                            + "; name a "
                            + task.name()
                            + " model that the server lists under /v1/models");
        }
    }

    /**
     * Returns the contexts of --patients by stream id, or none without the option.
     *
     * @throws ParameterException when the file cannot be read or has rows that cannot be read
     */
    private Map<String, PatientContext> patients() throws IOException {
        if (patientFile == null) {
            return Map.of();
        }
        PatientLoad load;
        try {
            load = PatientFiles.load(patientFile, Instant.now());
        } catch (NoSuchFileException e) {
            throw new ParameterException(
                    spec.commandLine(), "Patient file not found: " + patientFile);
        }
        if (!load.errors().isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid patient file "
                            + patientFile
                            + ": "
                            + String.join("; ", load.errors()));
        }
        Map<String, PatientContext> patients = new HashMap<>();
        for (PatientContext context : load.contexts()) {
            patients.put(context.getStreamId().toString(), context);
        }
        return patients;
    }

    private void writeWaves(List<Recording> recordings, List<Map<String, List<Wave>>> waves)
            throws IOException {
        for (int i = 0; i < recordings.size(); i++) {
            String name = recordings.get(i).name();
            int count = 0;
            for (Map.Entry<String, List<Wave>> lead : waves.get(i).entrySet()) {
                Path file =
                        outDirectory.resolve(name + "." + lead.getKey().toLowerCase(Locale.ROOT));
                WfdbAnnotations.write(file, WfdbWaves.toAnnotations(lead.getValue()));
                count += lead.getValue().size();
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: %d waves on %d leads -> %s%n",
                            name,
                            count,
                            waves.get(i).size(),
                            outDirectory.resolve(name + ".<lead>"));
        }
    }

    private int annotateBreaths() throws Exception {
        BeatDetectionJobConfig config;
        Path directory = null;
        if (server != null) {
            config =
                    remoteConfig(
                            BeatDetectionJobConfig.BREATHS_REMOTE,
                            BeatDetectionJobConfig.BREATHS_REMOTE_MODEL);
        } else {
            directory =
                    MEDTSLLM.equals(model)
                            ? medTsLlmModelDirectory()
                            : lmuModelDirectory(
                                    Models.bundledBreathsModel(), Models.BUNDLED_BREATHS_MODEL);
            config =
                    BeatDetectionJobConfig.defaults()
                            .with(BeatDetectionJobConfig.BREATHS_MODEL, directory.toString());
        }
        config = config.with(BeatDetectionJobConfig.BREATHS_INVERTED, invertedRespiration);
        List<Recording> recordings = openRecordings();
        for (Recording recording : recordings) {
            List<String> channels =
                    recording.channels().stream().map(channel -> channel.name()).toList();
            if (RespirationChannels.find(channels) < 0) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Invalid value for option '--record': "
                                + recording.source()
                                + " has no respiration channel (channels "
                                + channels
                                + "); breath detection reads a channel named RESP, Resp,"
                                + " Respiration or Impedance");
            }
            if (MEDTSLLM.equals(model)) {
                requireCovariates(recording, channels, directory);
            }
        }
        List<List<Breath>> breaths;
        // The job loads the model while it is built, so a model of another task fails here.
        try {
            breaths = new BreathAnnotator(config, chunkMillis).annotate(recordings);
        } catch (IllegalArgumentException e) {
            throw Models.invalidModelDirectory(spec.commandLine(), e);
        }

        for (int i = 0; i < recordings.size(); i++) {
            Path file = outDirectory.resolve(recordings.get(i).name() + ".breath");
            List<Annotation> annotations = new ArrayList<>();
            for (Breath breath : breaths.get(i)) {
                annotations.add(
                        new Annotation(
                                breath.getOnsetSampleIndex(),
                                AnnotationCode.NOTE,
                                0,
                                0,
                                0,
                                BREATH_AUX));
            }
            WfdbAnnotations.write(file, annotations);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: %d breaths -> %s%n",
                            recordings.get(i).name(), breaths.get(i).size(), file);
        }
        if (directory != null) {
            noteTrainingRecords(directory, recordings);
        }
        return 0;
    }

    /**
     * Checks that a recording has the covariate channels, after the respiration channel, that the
     * MedTsLLM breaths model in {@code directory} reads.
     */
    private void requireCovariates(Recording recording, List<String> channels, Path directory)
            throws IOException {
        BoundaryMetadata boundary = MedTsLlmMetadata.read(directory).boundary();
        List<String> needed =
                boundary == null || boundary.inputChannels() == null
                        ? List.of()
                        : boundary.inputChannels();
        for (int c = 1; c < needed.size(); c++) {
            String name = needed.get(c);
            if (channels.stream().noneMatch(channel -> channel.equalsIgnoreCase(name))) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Invalid value for option '--record': "
                                + recording.source()
                                + " has no channel "
                                + name
                                + " (channels "
                                + channels
                                + "); the MedTsLLM model in "
                                + directory
                                + " reads channels "
                                + needed);
            }
        }
    }

    private int annotateAnomalies() throws Exception {
        Path directory =
                MEDTSLLM.equals(model)
                        ? medTsLlmModelDirectory()
                        : lmuModelDirectory(
                                Models.bundledAnomaliesModel(), Models.BUNDLED_ANOMALIES_MODEL);
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.defaults()
                        .with(BeatDetectionJobConfig.ANOMALIES_MODEL, directory.toString());
        List<Recording> recordings = openRecordings();
        List<List<Anomaly>> anomalies;
        // The job loads the model while it is built, so a model of another task fails here.
        try {
            anomalies = new AnomalyAnnotator(config, chunkMillis).annotate(recordings);
        } catch (IllegalArgumentException e) {
            throw Models.invalidModelDirectory(spec.commandLine(), e);
        }

        for (int i = 0; i < recordings.size(); i++) {
            String name = recordings.get(i).name();
            List<long[]> spans = new ArrayList<>();
            for (Anomaly anomaly : anomalies.get(i)) {
                spans.add(new long[] {anomaly.getStartSampleIndex(), anomaly.getEndSampleIndex()});
            }
            Path file = outDirectory.resolve(name + "." + ANOMALY_ANNOTATOR);
            WfdbAnnotations.write(file, AnomalySpans.toAnnotations(spans));
            spec.commandLine()
                    .getOut()
                    .printf("%s: %d anomalous spans -> %s%n", name, spans.size(), file);
        }
        noteTrainingRecords(directory, recordings);
        return 0;
    }

    /**
     * Prints a note for each recording whose number (the digits that end its name, such as 1 in
     * LUDB's 1 or BIDMC's bidmc_01) is a training record of the model, because scores on it do not
     * test the model.
     */
    private void noteTrainingRecords(Path modelDirectory, List<Recording> recordings)
            throws IOException {
        List<Integer> trainingRecords;
        TimeSplit timeSplit = null;
        if (MEDTSLLM.equals(model)) {
            MedTsLlmMetadata metadata = MedTsLlmMetadata.read(modelDirectory);
            trainingRecords = metadata.trainingRecords();
            if (metadata.boundary() != null) {
                timeSplit = metadata.boundary().split();
            }
        } else {
            ModelMetadata metadata = ModelMetadata.read(modelDirectory);
            trainingRecords = metadata.trainingRecords();
            timeSplit = metadata.timeSplit();
        }
        for (Recording recording : recordings) {
            Matcher number = TRAILING_NUMBER.matcher(recording.name());
            if (!number.find() || !trainingRecords.contains(Integer.parseInt(number.group(1)))) {
                continue;
            }
            String trained = "record " + recording.name();
            if (timeSplit != null) {
                trained =
                        TimeSplit.formatSpan(
                                        timeSplit.trainingFromSeconds(),
                                        timeSplit.trainingToSeconds())
                                + " s of "
                                + trained;
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Note: the model in %s trained on %s, so scores there do not show how"
                                    + " it does on new data.%n",
                            modelDirectory, trained);
        }
    }

    /**
     * Returns --model-dir, or the shipped model, after checking that --model names the LMU model
     * and that the directory has a model.json.
     */
    private Path lmuModelDirectory(Path bundled, String bundledName) {
        if (model != null && !model.equals(LMU)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--model': unknown model '"
                            + model
                            + "' for --task "
                            + task
                            + " (supported: "
                            + LMU
                            + (task == Task.beats ? "" : ", " + MEDTSLLM)
                            + ")");
        }
        Path directory = modelDirectory == null ? bundled : modelDirectory;
        if (!Files.isRegularFile(directory.resolve("model.json"))) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--model-dir': no model.json in "
                            + directory
                            + "; pass the directory of a trained "
                            + task
                            + " model, for example "
                            + bundledName);
        }
        return directory;
    }

    /** Returns --model-dir after checking that it is a MedTsLLM model directory. */
    private Path medTsLlmModelDirectory() {
        if (modelDirectory == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Missing option '--model-dir': --model medtsllm needs the directory that"
                            + " 'medstream train --model medtsllm' wrote; no MedTsLLM model is"
                            + " shipped");
        }
        try {
            MedTsLlmMetadata.read(modelDirectory);
        } catch (IOException e) {
            throw Models.invalidModelDirectory(spec.commandLine(), e);
        }
        return modelDirectory;
    }

    private List<Recording> openRecordings() throws Exception {
        Files.createDirectories(outDirectory);
        List<Recording> recordings = new ArrayList<>();
        for (Path path : records) {
            recordings.add(recordOptions.open(path));
        }
        return recordings;
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
