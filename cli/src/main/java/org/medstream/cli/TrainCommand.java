package org.medstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medstream.model.anomalies.AnomalyTrainingData;
import org.medstream.model.beats.MitBihTrainingData;
import org.medstream.model.breaths.BidmcTrainingData;
import org.medstream.model.lmu.djl.LmuNetworkConfig;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbTrainingData;
import org.medstream.model.ludb.WaveClass;
import org.medstream.model.medtsllm.AnomalyEpoch;
import org.medstream.model.medtsllm.AnomalyMetadata;
import org.medstream.model.medtsllm.BoundaryEpoch;
import org.medstream.model.medtsllm.BoundaryMetadata;
import org.medstream.model.medtsllm.BoundaryScores;
import org.medstream.model.medtsllm.CovariateMode;
import org.medstream.model.medtsllm.Covariates;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.medtsllm.train.AnomalyProgress;
import org.medstream.model.medtsllm.train.AnomalyTrainer;
import org.medstream.model.medtsllm.train.AnomalyTrainingOptions;
import org.medstream.model.medtsllm.train.BoundaryProgress;
import org.medstream.model.medtsllm.train.BoundaryRecords;
import org.medstream.model.medtsllm.train.BoundaryTask;
import org.medstream.model.medtsllm.train.BoundaryTrainer;
import org.medstream.model.medtsllm.train.BoundaryTrainingOptions;
import org.medstream.model.medtsllm.train.MedTsLlmTrainer;
import org.medstream.model.medtsllm.train.MedTsLlmTrainingOptions;
import org.medstream.model.medtsllm.train.MedTsLlmTrainingResult;
import org.medstream.model.train.EpochMetrics;
import org.medstream.model.train.LearningRateSchedule;
import org.medstream.model.train.RecordRanges;
import org.medstream.model.train.SegmentationScores;
import org.medstream.model.train.SegmentationTrainer;
import org.medstream.model.train.TimeSplit;
import org.medstream.model.train.TrainingData;
import org.medstream.model.train.TrainingOptions;
import org.medstream.model.train.TrainingProgress;
import org.medstream.model.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Trains a model and writes it as a model directory. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train a model on annotated records and write MODEL_DIR: the weights (DJL .params) and"
                    + " model.json with the network, the training command and the metrics.",
            "--task waves --model lmu: per-sample P wave / QRS / T wave / none segmentation trained"
                    + " on LUDB (the twelve leads of a record are the input and every lead is"
                    + " labelled; leads are dropped at random so that the model also works with"
                    + " fewer).",
            "--task beats --model lmu: beat detection and AAMI classification (N, S, V, F, Q) on"
                    + " lead MLII of MIT-BIH Arrhythmia records, labelled within 50 ms of each"
                    + " annotated beat; --records and --validation-records name the records.",
            "--task breaths --model lmu: breath onset detection on the RESP channel of BIDMC"
                    + " records (bidmc_01_Signals.csv with bidmc_01_Breaths.csv beside it),"
                    + " labelled within 200 ms of each onset marked by the first annotator. The"
                    + " dataset is small, so the records are split in time: --training-span and"
                    + " --validation-span.",
            "--task anomalies --model lmu: per-sample anomaly score on lead MLII of MIT-BIH"
                    + " Arrhythmia records, where samples within 150 ms of a beat that is not"
                    + " AAMI class N are anomalous; --records and --validation-records name the"
                    + " records.",
            "--task waves --model medtsllm: the same segmentation with MedTsLLM, each lead a"
                    + " univariate 512-sample window (step 256 in training) with a text prompt,"
                    + " through the frozen Llama backbone given by --backbone; only the layers"
                    + " around it are trained and saved. On a small CPU, run it with one PyTorch"
                    + " thread: MEDSTREAM_JAVA_OPTS=-Dai.djl.pytorch.num_threads=1 bin/medstream"
                    + " train ...",
            "--task beats|breaths --model medtsllm: boundary detection at 125 Hz with MedTsLLM,"
                    + " one boundary probability per sample trained with binary cross-entropy:"
                    + " R peaks of MIT-BIH lead MLII resampled from 360 Hz in 256-sample windows"
                    + " (--records and --validation-records required), or breath onsets of"
                    + " BIDMC's RESP channel in 512-sample windows (--training-span, default "
                    + TrainCommand.DEFAULT_TRAINING_SPAN
                    + ", and --validation-span, default "
                    + TrainCommand.MEDTSLLM_VALIDATION_SPAN
                    + "). Boundaries are the peaks"
                    + " of the probability at least the 10th percentile of the training segment"
                    + " lengths apart; it prints the segment mIoU and boundary MAE in samples."
                    + " --input-channels adds channels of the same record (the second MIT-BIH"
                    + " lead, BIDMC's PLETH or II) and --covariates says how they are combined.",
            "--task anomalies --model medtsllm: anomaly detection by reconstruction with MedTsLLM"
                    + " on MIT-BIH lead MLII resampled to 125 Hz, 256-sample windows (step 128):"
                    + " it trains on the windows without an anomalous sample (mean squared"
                    + " error), then sets the threshold on the squared error, divided by its"
                    + " mean, at the (1 - --anomaly-rate) quantile over every sample of the"
                    + " training records. --records and --validation-records are required.",
            "After every epoch it prints the training loss and scores on the validation records"
                    + " (for breaths, the validation span): lmu prints the sample-wise accuracy"
                    + " and macro F1 for every task; medtsllm prints them for waves, the segment"
                    + " mIoU and boundary error for beats and breaths, and the reconstruction error"
                    + " of windows with and without anomalies for anomalies. Validation records"
                    + " must not overlap the training records, except for breaths, whose record is"
                    + " split in time."
        })
final class TrainCommand implements Callable<Integer> {
    /** Samples per MedTsLLM window. */
    private static final int MEDTSLLM_WINDOW_SAMPLES = 512;

    /** Step between the starts of MedTsLLM training windows, in samples. */
    private static final int MEDTSLLM_STEP_SAMPLES = 256;

    /** Default breaths training span, in seconds of BIDMC record 1, for both models. */
    static final String DEFAULT_TRAINING_SPAN = "0-240";

    /** Default LMU breaths validation span: the rest of the bundled 300 s copy. */
    static final String LMU_VALIDATION_SPAN = "240-300";

    /**
     * Default MedTsLLM breaths validation span: the last three minutes of the full 480 s record.
     */
    static final String MEDTSLLM_VALIDATION_SPAN = "300-480";

    private static final String MIN_SPACING_TASKS =
            "--min-spacing-ms applies to --model medtsllm --task beats and breaths only";

    /**
     * The tasks train supports, with the maximum and default algorithmic delay of each and the
     * default memory window θ.
     */
    enum Task {
        waves(250, 200, 500),
        beats(150, 120, 500),
        breaths(2000, 1000, 4000),
        anomalies(150, 120, 500);

        final double maxDelayMillis;
        final double defaultDelayMillis;
        final double defaultThetaMillis;

        Task(double maxDelayMillis, double defaultDelayMillis, double defaultThetaMillis) {
            this.maxDelayMillis = maxDelayMillis;
            this.defaultDelayMillis = defaultDelayMillis;
            this.defaultThetaMillis = defaultThetaMillis;
        }
    }

    @Spec CommandSpec spec;

    @Option(
            names = "--task",
            required = true,
            paramLabel = "TASK",
            description = "What to learn: ${COMPLETION-CANDIDATES}.")
    Task task;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "MODEL",
            description =
                    "Model family; supported: lmu, medtsllm (waves, beats, breaths, anomalies).")
    String model;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description =
                    "Folder with the records: for waves LUDB's (N.hea, N.dat and one annotation"
                            + " file per lead, N.i … N.v6), for beats and anomalies MIT-BIH's"
                            + " (N.hea, N.dat, N.atr), for breaths BIDMC's CSV export"
                            + " (bidmc_NN_Signals.csv and bidmc_NN_Breaths.csv).")
    Path data;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "MODEL_DIR",
            description = "Model directory to write; created if missing, files in it replaced.")
    Path out;

    @Option(
            names = "--records",
            paramLabel = "RANGES",
            description =
                    "Training records, such as 1-128 or 100,103,105 (default for waves: 1-128,"
                            + " for breaths: 1; required for beats and anomalies).")
    String records;

    @Option(
            names = "--validation-records",
            paramLabel = "RANGES",
            description =
                    "Records scored after every epoch, disjoint from --records unless the task"
                            + " splits records in time (default for waves: 129-160, for breaths:"
                            + " 1; required for beats and anomalies).")
    String validationRecords;

    @Option(
            names = "--training-span",
            paramLabel = "FROM-TO",
            description =
                    "breaths only: seconds of each record to train on (default: "
                            + DEFAULT_TRAINING_SPAN
                            + ").")
    String trainingSpan;

    @Option(
            names = "--validation-span",
            paramLabel = "FROM-TO",
            description =
                    "breaths only: seconds of each record scored after every epoch, not"
                            + " overlapping --training-span (default: "
                            + LMU_VALIDATION_SPAN
                            + " for lmu, "
                            + MEDTSLLM_VALIDATION_SPAN
                            + " for medtsllm).")
    String validationSpan;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Epochs to run at most (default: 20 for lmu, 10 for medtsllm).")
    Integer epochs;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "S",
            description =
                    "Seed of the weight initialisation and the batch order (default:"
                            + " ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--max-minutes",
            defaultValue = "0",
            paramLabel = "M",
            description =
                    "Wall-clock budget in minutes: no epoch starts that would be expected to end"
                            + " after it, but the first epoch always runs; 0 for no limit"
                            + " (default: ${DEFAULT-VALUE}).")
    double maxMinutes;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description =
                    "Records per batch for lmu (default: 4), windows per batch for medtsllm"
                            + " (default: 16).")
    Integer batchSize;

    @Option(
            names = "--learning-rate",
            paramLabel = "RATE",
            description = "Adam learning rate (default: 0.003 for lmu, 0.0001 for medtsllm).")
    Float learningRate;

    @Option(
            names = "--schedule",
            paramLabel = "KIND",
            description =
                    "Learning rate over the planned updates for --model medtsllm --task waves:"
                            + " constant, or cosine down to a twentieth of --learning-rate at the"
                            + " last update of the last epoch (default: constant). lmu always uses"
                            + " cosine.")
    String schedule;

    @Option(
            names = "--delay-ms",
            paramLabel = "MS",
            description =
                    "Algorithmic delay Δ: the output at time t labels the sample at t - Δ, so the"
                            + " model sees Δ of signal after each sample it labels; at most 250 ms"
                            + " for waves, 150 ms for beats and anomalies and 2000 ms for breaths"
                            + " (default: 200, 120, 120 and 1000 ms).")
    Double delayMillis;

    @Option(
            names = "--theta-ms",
            paramLabel = "MS",
            description =
                    "LMU memory window θ (default: 500 ms for waves and beats, 4000 ms for"
                            + " breaths).")
    Double thetaMillis;

    @Option(
            names = "--order",
            defaultValue = "32",
            paramLabel = "D",
            description = "Legendre coefficients d in the LMU memory (default: ${DEFAULT-VALUE}).")
    int order;

    @Option(
            names = "--channels",
            defaultValue = "48",
            paramLabel = "C",
            description = "Width C of the network's features (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(
            names = "--backbone",
            paramLabel = "FILE",
            description =
                    "medtsllm only: GGUF file of the frozen Llama backbone (default:"
                            + " $MEDSTREAM_HOME/models/stories260K/stories260K.gguf).")
    Path backbone;

    @Option(
            names = "--prompt",
            paramLabel = "PARTS",
            description =
                    "medtsllm only: prompt parts, a comma-separated list of dataset, patient, task"
                            + " and statistics, or none (default: dataset,patient,task for waves,"
                            + " dataset,task for beats and breaths). For waves the patient part"
                            + " reads ludb.csv in the --data folder; beats and breaths have no"
                            + " patient table, so their patient part is {}.")
    String prompt;

    @Option(
            names = "--prototypes",
            paramLabel = "N",
            description = "medtsllm only: text prototypes (default: 1024).")
    Integer prototypes;

    @Option(
            names = "--max-windows",
            paramLabel = "N",
            description =
                    "medtsllm only: train on a fixed random subset of N windows per epoch; 0 for"
                            + " all (default: 0).")
    Integer maxWindows;

    @Option(
            names = "--covariates",
            paramLabel = "MODE",
            description =
                    "medtsllm beats and breaths only: how the --input-channels of a window are"
                            + " combined: concatenate (patch embeddings side by side before"
                            + " reprogramming), interleave (C patch tokens per position),"
                            + " weighted-average or average (of the reprogrammed channels), or"
                            + " independent (each channel through the whole model, outputs"
                            + " averaged) (default: concatenate).")
    String covariates;

    @Option(
            names = "--input-channels",
            paramLabel = "NAMES",
            description =
                    "medtsllm beats and breaths only: comma-separated channels of each window, the"
                            + " marked channel first: MLII then 'other' (the record's second lead)"
                            + " or a lead name for beats; RESP then PLETH, II, V or AVR for breaths"
                            + " (default: MLII for beats, RESP for breaths).")
    String inputChannels;

    @Option(
            names = "--boundary-threshold",
            paramLabel = "P",
            description =
                    "medtsllm beats and breaths only: smallest boundary probability of a picked"
                            + " boundary; the scores are also printed with every local maximum"
                            + " a candidate (default: 0.5).")
    Double boundaryThreshold;

    @Option(
            names = "--min-spacing-ms",
            paramLabel = "MS",
            description =
                    "medtsllm beats and breaths only: least time between two picked boundaries,"
                            + " such as 200 for the refractory period of beats, rounded to whole"
                            + " samples at 125 Hz and at least 8 (default: the 10th percentile of"
                            + " the intervals between training boundaries).")
    Double minSpacingMillis;

    @Option(
            names = "--anomaly-rate",
            paramLabel = "R",
            description =
                    "medtsllm anomalies only: expected share of anomalous samples, in (0, 0.5];"
                            + " the threshold is the (1 - R) quantile of the training records'"
                            + " normalised squared errors (default: the share of samples the"
                            + " reference marks anomalous in the training records).")
    Double anomalyRate;

    @Option(
            names = "--no-prefix-cache",
            description =
                    "medtsllm only: mix records in each training batch and run every prompt in"
                            + " full, instead of batching windows of one record whose prompt"
                            + " prefix runs through the backbone once per batch.")
    boolean noPrefixCache;

    @Override
    public Integer call() throws Exception {
        if (model.equals("medtsllm")) {
            return trainMedTsLlm();
        }
        if (!model.equals("lmu")) {
            throw usage(
                    "Unknown or unsupported model '"
                            + model
                            + "' for train; supported: lmu, medtsllm");
        }
        Map<String, Object> medTsLlmOnly = new LinkedHashMap<>();
        medTsLlmOnly.put("--backbone", backbone);
        medTsLlmOnly.put("--prompt", prompt);
        medTsLlmOnly.put("--prototypes", prototypes);
        medTsLlmOnly.put("--max-windows", maxWindows);
        medTsLlmOnly.put("--anomaly-rate", anomalyRate);
        medTsLlmOnly.put("--covariates", covariates);
        medTsLlmOnly.put("--input-channels", inputChannels);
        medTsLlmOnly.put("--boundary-threshold", boundaryThreshold);
        medTsLlmOnly.put("--no-prefix-cache", noPrefixCache ? true : null);
        List<String> givenOptions =
                medTsLlmOnly.entrySet().stream()
                        .filter(option -> option.getValue() != null)
                        .map(Map.Entry::getKey)
                        .toList();
        if (!givenOptions.isEmpty()) {
            throw usage(
                    String.join(", ", givenOptions)
                            + (givenOptions.size() == 1 ? " applies" : " apply")
                            + " to --model medtsllm only");
        }
        if (schedule != null) {
            throw usage(
                    "--schedule applies to --model medtsllm --task waves; lmu always uses cosine");
        }
        if (minSpacingMillis != null) {
            throw usage(MIN_SPACING_TASKS);
        }
        if (!Files.isDirectory(data)) {
            throw usage("--data folder not found: " + data + "; give the folder of the records");
        }
        List<Integer> training = parseRecords("--records", records, "1-128");
        List<Integer> validation =
                parseRecords("--validation-records", validationRecords, "129-160");
        TimeSplit split = timeSplit();
        double delay = delayMillis == null ? task.defaultDelayMillis : delayMillis;
        if (!(delay >= 0 && delay <= task.maxDelayMillis)) {
            throw usage(
                    "--delay-ms must be between 0 and "
                            + task.maxDelayMillis
                            + " ms for "
                            + task
                            + ", got "
                            + delay);
        }
        double theta = thetaMillis == null ? task.defaultThetaMillis : thetaMillis;
        if (!(theta > 0)) {
            throw usage("--theta-ms must be above 0, got " + theta);
        }

        TrainingData trainingData = readData(training, validation, split, delay);
        TrainingOptions options =
                options(training, validation, split, network(trainingData, delay, theta));
        PrintWriter output = spec.commandLine().getOut();

        TrainingProgress progress = new EpochPrinter(output, options.epochs());
        try (TrainingResult result =
                new SegmentationTrainer(progress).train(trainingData, options)) {
            SegmentationScores scores = result.metadata().validation();
            output.printf(
                    Locale.ROOT,
                    "Validation on records %s (%d samples): accuracy %.4f, macro F1 %.4f (%s)%n",
                    validationDescription(split),
                    scores.samples(),
                    scores.accuracy(),
                    scores.macroF1(),
                    formatF1(scores.f1ByClass()));
            output.printf(
                    Locale.ROOT,
                    "Wrote %s: %s in %.0f s, stopped by %s%n",
                    out,
                    epochs(result.metadata().epochsRun()),
                    result.metadata().trainingSeconds(),
                    result.metadata().stopReason());
        }
        return 0;
    }

    /**
     * Trains MedTsLLM on LUDB waves. The LMU-only options --delay-ms and --theta-ms are rejected,
     * and --order and --channels are ignored.
     */
    private int trainMedTsLlm() throws IOException {
        if (delayMillis != null || thetaMillis != null) {
            throw usage("--delay-ms and --theta-ms apply to --model lmu only");
        }
        boolean picksBoundaries = task == Task.beats || task == Task.breaths;
        if ((covariates != null || inputChannels != null) && !picksBoundaries) {
            throw usage(
                    "--covariates and --input-channels apply to --task beats and breaths; waves"
                            + " and anomalies windows hold one lead each");
        }
        if (minSpacingMillis != null && !picksBoundaries) {
            throw usage(MIN_SPACING_TASKS);
        }
        if (boundaryThreshold != null && !picksBoundaries) {
            throw usage(
                    "--boundary-threshold applies to --task beats and breaths, whose models pick"
                            + " boundaries");
        }
        if (covariates != null && inputChannels == null) {
            throw usage(
                    "Missing option '--input-channels': --covariates sets how the channels listed"
                            + " there are combined");
        }
        if (covariates != null && parseChannels(inputChannels).size() < 2) {
            throw usage(
                    "--covariates combines two or more channels, but --input-channels gives one ("
                            + inputChannels
                            + "); add a channel or leave out --covariates");
        }
        if (schedule != null && task != Task.waves) {
            throw usage(
                    "--schedule applies to --task waves; the other MedTsLLM tasks train at a"
                            + " constant rate");
        }
        if (task == Task.anomalies) {
            return trainMedTsLlmAnomalies();
        }
        if (anomalyRate != null) {
            throw usage("--anomaly-rate applies to --task anomalies only");
        }
        if (picksBoundaries) {
            return trainMedTsLlmBoundaries();
        }
        if (trainingSpan != null || validationSpan != null) {
            throw usage("--training-span and --validation-span apply to --task breaths only");
        }
        Path backboneFile = medTsLlmBackbone();

        MedTsLlmTrainingOptions options;
        try {
            MedTsLlmConfig network = medTsLlmNetwork(MEDTSLLM_WINDOW_SAMPLES, WaveClass.COUNT);
            options =
                    new MedTsLlmTrainingOptions(
                            data,
                            out,
                            backboneFile,
                            parseRecords("--records", records, "1-128"),
                            parseRecords("--validation-records", validationRecords, "129-160"),
                            network,
                            PromptParts.parse(prompt == null ? "dataset,patient,task" : prompt),
                            MEDTSLLM_STEP_SAMPLES,
                            maxWindows == null ? 0 : maxWindows,
                            epochs == null ? 10 : epochs,
                            seed,
                            maxMinutes,
                            batchSize == null ? 16 : batchSize,
                            !noPrefixCache,
                            learningRate == null ? 1e-4f : learningRate,
                            learningRateSchedule(),
                            commandLine(),
                            version());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }

        PrintWriter output = spec.commandLine().getOut();
        TrainingProgress progress = new EpochPrinter(output, options.epochs());
        try (MedTsLlmTrainingResult result = new MedTsLlmTrainer(progress).train(options)) {
            MedTsLlmMetadata metadata = result.metadata();
            SegmentationScores scores = metadata.validation();
            output.printf(
                    Locale.ROOT,
                    "Validation on records %s (%d samples): accuracy %.4f, macro F1 %.4f (%s)%n",
                    validationRecords != null ? validationRecords : "129-160",
                    scores.samples(),
                    scores.accuracy(),
                    scores.macroF1(),
                    formatF1(scores.f1ByClass()));
            output.printf(
                    Locale.ROOT,
                    "Wrote %s: %s of %d windows in %.0f s, stopped by %s%n",
                    out,
                    epochs(metadata.epochsRun()),
                    metadata.trainingWindows(),
                    metadata.trainingSeconds(),
                    metadata.stopReason());
        }
        return 0;
    }

    /**
     * Returns the backbone file of --backbone or the shipped default, after checking that --data is
     * a folder and the backbone a file.
     */
    private Path medTsLlmBackbone() {
        if (!Files.isDirectory(data)) {
            throw usage("--data folder not found: " + data + "; give the folder of the records");
        }
        Path backboneFile = backbone != null ? backbone : defaultBackbone();
        if (!Files.isRegularFile(backboneFile)) {
            throw usage(
                    "--backbone file not found: "
                            + backboneFile
                            + "; give a GGUF Llama model such as"
                            + " models/stories260K/stories260K.gguf");
        }
        return backboneFile;
    }

    /** Splits --input-channels at commas. */
    private static List<String> parseChannels(String value) {
        List<String> channels = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String name = part.strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(
                        "--input-channels '" + value + "' has an empty channel name");
            }
            channels.add(name);
        }
        return channels;
    }

    /** Returns the published MedTsLLM settings with the --prototypes count, when given. */
    private MedTsLlmConfig medTsLlmNetwork(int windowLength, int classes) {
        return MedTsLlmConfig.defaults(windowLength, classes)
                .withPrototypes(
                        prototypes == null ? MedTsLlmConfig.DEFAULT_PROTOTYPES : prototypes);
    }

    /** Returns the learning-rate schedule of --schedule, constant by default. */
    private LearningRateSchedule learningRateSchedule() {
        if (schedule == null || schedule.equals("constant")) {
            return LearningRateSchedule.CONSTANT;
        }
        if (schedule.equals("cosine")) {
            return LearningRateSchedule.COSINE;
        }
        throw usage("--schedule must be constant or cosine, got '" + schedule + "'");
    }

    /**
     * Trains MedTsLLM on beat boundaries (MIT-BIH, split by record) or breath boundaries (BIDMC,
     * split in time, with the validation span 300-480 s by default). Prints the segment mIoU and
     * boundary MAE of the validation spans.
     */
    private int trainMedTsLlmBoundaries() throws IOException {
        BoundaryTask boundaryTask = BoundaryTask.of(task.name());
        Path backboneFile = medTsLlmBackbone();
        TimeSplit split = null;
        if (boundaryTask == BoundaryTask.BREATHS) {
            try {
                double[] trainingSeconds =
                        TimeSplit.parseSpan(
                                trainingSpan == null ? DEFAULT_TRAINING_SPAN : trainingSpan);
                double[] validationSeconds =
                        TimeSplit.parseSpan(
                                validationSpan == null ? MEDTSLLM_VALIDATION_SPAN : validationSpan);
                split =
                        new TimeSplit(
                                trainingSeconds[0],
                                trainingSeconds[1],
                                validationSeconds[0],
                                validationSeconds[1]);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        } else if (trainingSpan != null || validationSpan != null) {
            throw usage("--training-span and --validation-span apply to --task breaths only");
        }

        BoundaryTrainingOptions options;
        try {
            List<String> channels =
                    inputChannels == null
                            ? BoundaryRecords.defaultChannels(boundaryTask)
                            : parseChannels(inputChannels);
            CovariateMode mode =
                    CovariateMode.parse(
                            covariates == null
                                    ? CovariateMode.CONCATENATE.optionName()
                                    : covariates,
                            "--covariates");
            MedTsLlmConfig network =
                    medTsLlmNetwork(boundaryTask.windowLength(), 1)
                            .withCovariates(new Covariates(mode, channels.size()));
            options =
                    new BoundaryTrainingOptions(
                            boundaryTask,
                            data,
                            out,
                            backboneFile,
                            parseRecords("--records", records, "1-128"),
                            parseRecords("--validation-records", validationRecords, "129-160"),
                            split,
                            network,
                            channels,
                            PromptParts.parse(prompt == null ? "dataset,task" : prompt),
                            maxWindows == null ? 0 : maxWindows,
                            epochs == null ? 10 : epochs,
                            seed,
                            maxMinutes,
                            batchSize == null ? 16 : batchSize,
                            !noPrefixCache,
                            learningRate == null ? 1e-4f : learningRate,
                            boundaryThreshold == null ? 0.5 : boundaryThreshold,
                            minSpacingMillis,
                            commandLine(),
                            version());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }

        PrintWriter output = spec.commandLine().getOut();
        BoundaryProgress progress = new BoundaryEpochPrinter(output, options.epochs());
        try (MedTsLlmTrainingResult result = trainBoundaries(progress, options)) {
            MedTsLlmMetadata metadata = result.metadata();
            BoundaryMetadata boundary = metadata.boundary();
            output.printf(
                    Locale.ROOT,
                    "Validation on records %s%s at %d Hz, minimum spacing %d samples:%n",
                    validationRecords != null ? validationRecords : "1",
                    split == null
                            ? ""
                            : ", "
                                    + TimeSplit.formatSpan(
                                            split.validationFromSeconds(),
                                            split.validationToSeconds())
                                    + " s",
                    BoundaryTask.SAMPLING_FREQUENCY_HZ,
                    boundary.minimumSpacingSamples());
            output.printf(
                    Locale.ROOT,
                    "  threshold %.2f: %s%n",
                    boundary.threshold(),
                    formatBoundaryScores(boundary.validation()));
            output.printf(
                    Locale.ROOT,
                    "  every local maximum: %s%n",
                    formatBoundaryScores(boundary.validationWithoutThreshold()));
            output.printf(
                    Locale.ROOT,
                    "Wrote %s: %s of %d windows in %.0f s, stopped by %s%n",
                    out,
                    epochs(metadata.epochsRun()),
                    metadata.trainingWindows(),
                    metadata.trainingSeconds(),
                    metadata.stopReason());
        }
        return 0;
    }

    /**
     * Trains MedTsLLM for anomaly detection by reconstruction on MIT-BIH records split by record,
     * and prints the threshold that the training records give.
     */
    private int trainMedTsLlmAnomalies() throws IOException {
        if (trainingSpan != null || validationSpan != null) {
            throw usage("--training-span and --validation-span apply to --task breaths only");
        }
        Path backboneFile = medTsLlmBackbone();
        AnomalyTrainingOptions options;
        try {
            MedTsLlmConfig network = medTsLlmNetwork(AnomalyTrainingOptions.WINDOW_SAMPLES, 1);
            options =
                    new AnomalyTrainingOptions(
                            data,
                            out,
                            backboneFile,
                            parseRecords("--records", records, "1-128"),
                            parseRecords("--validation-records", validationRecords, "129-160"),
                            network,
                            PromptParts.parse(prompt == null ? "dataset,task" : prompt),
                            maxWindows == null ? 0 : maxWindows,
                            epochs == null ? 10 : epochs,
                            seed,
                            maxMinutes,
                            batchSize == null ? 16 : batchSize,
                            !noPrefixCache,
                            learningRate == null ? 1e-4f : learningRate,
                            anomalyRate,
                            commandLine(),
                            version());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }

        PrintWriter output = spec.commandLine().getOut();
        AnomalyProgress progress = new AnomalyEpochPrinter(output, options.epochs());
        MedTsLlmTrainingResult trained;
        try {
            trained = new AnomalyTrainer(progress).train(options);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        try (MedTsLlmTrainingResult result = trained) {
            MedTsLlmMetadata metadata = result.metadata();
            AnomalyMetadata anomaly = metadata.anomaly();
            output.printf(
                    Locale.ROOT,
                    "Trained on %d of %d normal windows (%d windows with an anomalous sample left"
                            + " out); training records %.2f %% anomalous%n",
                    metadata.trainingWindows(),
                    anomaly.normalWindows(),
                    anomaly.excludedWindows(),
                    100 * anomaly.trainingAnomalousFraction());
            output.printf(
                    Locale.ROOT,
                    "Threshold from the training records: mean squared error %.6f mV², anomaly"
                            + " rate %.4f, normalised error %.4f at quantile %.4f of %d samples%n",
                    anomaly.meanSquaredError(),
                    anomaly.anomalyRate(),
                    anomaly.threshold(),
                    anomaly.thresholdQuantile(),
                    anomaly.thresholdSamples());
            output.printf(
                    Locale.ROOT,
                    "Wrote %s: %s in %.0f s, stopped by %s; score it with 'medstream"
                            + " annotate --task anomalies --model medtsllm --model-dir %s' and"
                            + " 'medstream evaluate --task anomalies'%n",
                    out,
                    epochs(metadata.epochsRun()),
                    metadata.trainingSeconds(),
                    metadata.stopReason(),
                    out);
        }
        return 0;
    }

    private static String formatBoundaryScores(BoundaryScores scores) {
        return String.format(
                Locale.ROOT,
                "mIoU %.4f, MAE %.2f samples (%d reference, %d predicted boundaries, %d"
                        + " reference boundaries in spans without a prediction)",
                scores.meanIou(),
                scores.meanAbsoluteError(),
                scores.referenceBoundaries(),
                scores.predictedBoundaries(),
                scores.unmatchedBoundaries());
    }

    private static Path defaultBackbone() {
        Path home = Path.of(System.getenv().getOrDefault("MEDSTREAM_HOME", "."));
        return home.resolve("models/stories260K/stories260K.gguf");
    }

    /**
     * Runs the MedTsLLM boundary trainer. A record that does not fit the options (a span past its
     * end, no breath marks) is bad usage, exit code 2.
     */
    private MedTsLlmTrainingResult trainBoundaries(
            BoundaryProgress progress, BoundaryTrainingOptions options) throws IOException {
        try {
            return new BoundaryTrainer(progress).train(options);
        } catch (IllegalArgumentException e) {
            throw usage(withSpanHint(e.getMessage()));
        }
    }

    /**
     * Names the span options in an error about a span, since their defaults may not fit a record.
     */
    private String withSpanHint(String message) {
        if (!message.contains(" span ")) {
            return message;
        }
        String validationDefault =
                model.equals("medtsllm") ? MEDTSLLM_VALIDATION_SPAN : LMU_VALIDATION_SPAN;
        return message
                + "; set --training-span and --validation-span within the record (defaults: "
                + DEFAULT_TRAINING_SPAN
                + " and "
                + validationDefault
                + " s for "
                + model
                + "), such as --training-span 0-240 --validation-span 240-300 for a 300 s record";
    }

    /** Reads the task's records; Δ is needed to shift the labels. */
    private TrainingData readData(
            List<Integer> training, List<Integer> validation, TimeSplit split, double delay)
            throws IOException {
        if (task == Task.waves) {
            int delaySamples = samples(delay, LudbReader.SAMPLING_FREQUENCY_HZ);
            return LudbTrainingData.read(data, training, validation, delaySamples);
        }
        if (task == Task.breaths) {
            int delaySamples = samples(delay, BidmcTrainingData.SAMPLING_FREQUENCY_HZ);
            try {
                return BidmcTrainingData.read(data, training, validation, split, delaySamples);
            } catch (IllegalArgumentException e) {
                throw usage(withSpanHint(e.getMessage()));
            }
        }
        // MIT-BIH records are all sampled at 360 Hz; the reader checks the rate of each record.
        int delaySamples = samples(delay, MitBihTrainingData.SAMPLING_FREQUENCY_HZ);
        if (task == Task.anomalies) {
            return AnomalyTrainingData.read(data, training, validation, delaySamples);
        }
        return MitBihTrainingData.read(data, training, validation, delaySamples);
    }

    /** Checks the arguments; every error here is bad usage, so picocli exits with code 2. */
    private TrainingOptions options(
            List<Integer> training,
            List<Integer> validation,
            TimeSplit split,
            LmuNetworkConfig network) {
        try {
            return new TrainingOptions(
                    data,
                    out,
                    training,
                    validation,
                    split,
                    epochs == null ? 20 : epochs,
                    seed,
                    maxMinutes,
                    batchSize == null ? 4 : batchSize,
                    learningRate == null ? 0.003f : learningRate,
                    network,
                    commandLine(),
                    version());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** Builds the network shape for the data's leads, classes and rate from the ms options. */
    private LmuNetworkConfig network(TrainingData trainingData, double delay, double theta) {
        double fs = trainingData.samplingFrequencyHz();
        try {
            return LmuNetworkConfig.of(
                    trainingData.leads().size(),
                    channels,
                    order,
                    samples(theta, fs),
                    trainingData.classes().size(),
                    samples(delay, fs));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private static int samples(double millis, double samplingFrequencyHz) {
        return (int) Math.round(millis * samplingFrequencyHz / 1000.0);
    }

    /**
     * Parses record ranges; without a value, waves take LUDB's default split and breaths BIDMC
     * record 1.
     */
    private List<Integer> parseRecords(String option, String text, String wavesDefault) {
        if (text == null) {
            text =
                    switch (task) {
                        case waves -> wavesDefault;
                        case breaths -> "1";
                        case beats, anomalies ->
                                throw usage(option + " is required for --task " + task);
                    };
        }
        try {
            return RecordRanges.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    /** Returns the time split of breaths, or null for tasks that split by record. */
    private TimeSplit timeSplit() {
        if (task != Task.breaths) {
            if (trainingSpan != null || validationSpan != null) {
                throw usage("--training-span and --validation-span apply to --task breaths only");
            }
            return null;
        }
        try {
            double[] trainingSeconds =
                    TimeSplit.parseSpan(
                            trainingSpan == null ? DEFAULT_TRAINING_SPAN : trainingSpan);
            double[] validationSeconds =
                    TimeSplit.parseSpan(
                            validationSpan == null ? LMU_VALIDATION_SPAN : validationSpan);
            return new TimeSplit(
                    trainingSeconds[0],
                    trainingSeconds[1],
                    validationSeconds[0],
                    validationSeconds[1]);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private String validationDescription(TimeSplit split) {
        String records =
                validationRecords != null
                        ? validationRecords
                        : task == Task.breaths ? "1" : "129-160";
        if (split == null) {
            return records;
        }
        return records
                + ", "
                + TimeSplit.formatSpan(split.validationFromSeconds(), split.validationToSeconds())
                + " s";
    }

    /** Returns "1 epoch" or "N epochs". */
    private static String epochs(int count) {
        return count + (count == 1 ? " epoch" : " epochs");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private String commandLine() {
        // The parse result contains the whole command line, the subcommand name included.
        List<String> arguments = spec.commandLine().getParseResult().originalArgs();
        return "medstream " + String.join(" ", arguments);
    }

    private static String version() {
        String text = new MedstreamVersion().getVersion()[0];
        return text.startsWith("medstream ") ? text.substring("medstream ".length()) : text;
    }

    private static String formatF1(Map<String, Double> f1ByClass) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Double> entry : f1ByClass.entrySet()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(String.format(Locale.ROOT, "%s %.3f", entry.getKey(), entry.getValue()));
        }
        return text.toString();
    }

    /** Prints one line per epoch of a MedTsLLM boundary task. */
    private static final class BoundaryEpochPrinter implements BoundaryProgress {
        private final PrintWriter output;
        private final int epochs;

        BoundaryEpochPrinter(PrintWriter output, int epochs) {
            this.output = output;
            this.epochs = epochs;
        }

        @Override
        public void epochFinished(BoundaryEpoch metrics) {
            output.printf(
                    Locale.ROOT,
                    "epoch %d/%d: loss %.4f, validation %s, %.0f s%n",
                    metrics.epoch(),
                    epochs,
                    metrics.trainingLoss(),
                    formatBoundaryScores(metrics.validation()),
                    metrics.seconds());
            output.flush();
        }
    }

    /** Prints one line per epoch of the MedTsLLM anomaly task. */
    private static final class AnomalyEpochPrinter implements AnomalyProgress {
        private final PrintWriter output;
        private final int epochs;

        AnomalyEpochPrinter(PrintWriter output, int epochs) {
            this.output = output;
            this.epochs = epochs;
        }

        @Override
        public void epochFinished(AnomalyEpoch metrics) {
            output.printf(
                    Locale.ROOT,
                    "epoch %d/%d: loss %.6f, validation mean squared error %.6f (windows without"
                            + " anomalies) and %.6f (with), %.0f s%n",
                    metrics.epoch(),
                    epochs,
                    metrics.trainingLoss(),
                    metrics.validationNormalError(),
                    metrics.validationAnomalousError(),
                    metrics.seconds());
            output.flush();
        }
    }

    /** Prints a progress bar within each epoch on a terminal, and one line per epoch. */
    private static final class EpochPrinter implements TrainingProgress {
        private final PrintWriter output;
        private final int epochs;
        private final boolean terminal = System.console() != null;
        private ProgressBar bar;

        EpochPrinter(PrintWriter output, int epochs) {
            this.output = output;
            this.epochs = epochs;
        }

        @Override
        public void batchFinished(int epoch, int done, int total) {
            if (!terminal) {
                return;
            }
            if (bar == null) {
                bar = new ProgressBar(output, "epoch " + epoch + "/" + epochs);
            }
            bar.update(done, total);
        }

        @Override
        public void epochFinished(EpochMetrics metrics) {
            if (bar != null) {
                bar.finish();
                bar = null;
            }
            SegmentationScores scores = metrics.validation();
            output.printf(
                    Locale.ROOT,
                    "epoch %d/%d: loss %.4f, validation accuracy %.4f, macro F1 %.4f (%s), %.0f s%n",
                    metrics.epoch(),
                    epochs,
                    metrics.trainingLoss(),
                    scores.accuracy(),
                    scores.macroF1(),
                    formatF1(scores.f1ByClass()),
                    metrics.seconds());
            output.flush();
        }
    }
}
