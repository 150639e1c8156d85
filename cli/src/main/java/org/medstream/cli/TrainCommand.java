package org.medstream.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medstream.model.lmu.djl.LmuNetworkConfig;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.WaveClass;
import org.medstream.model.train.EpochMetrics;
import org.medstream.model.train.RecordRanges;
import org.medstream.model.train.SegmentationScores;
import org.medstream.model.train.TrainingOptions;
import org.medstream.model.train.TrainingProgress;
import org.medstream.model.train.TrainingResult;
import org.medstream.model.train.WaveTrainer;
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
            "Supported: --task waves --model lmu, per-sample P wave / QRS / T wave / none"
                    + " segmentation trained on LUDB (the twelve leads of a record are the input"
                    + " and every lead is labelled; leads are dropped at random so that the model"
                    + " also works with fewer). After every"
                    + " epoch it prints the training loss and the sample-wise accuracy and macro F1"
                    + " on the validation records, which must not overlap the training records."
        })
final class TrainCommand implements Callable<Integer> {
    /** Maximum algorithmic delay for wave segmentation, from the streaming contract. */
    private static final double MAX_WAVES_DELAY_MILLIS = 250;

    @Spec CommandSpec spec;

    @Option(
            names = "--task",
            required = true,
            paramLabel = "TASK",
            description = "What to learn; supported: waves.")
    String task;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "MODEL",
            description = "Model family; supported: lmu.")
    String model;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description =
                    "Folder with the LUDB records (N.hea, N.dat and one annotation file per lead,"
                            + " N.i … N.v6).")
    Path data;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "MODEL_DIR",
            description = "Model directory to write; created if missing, files in it replaced.")
    Path out;

    @Option(
            names = "--records",
            defaultValue = "1-128",
            paramLabel = "RANGES",
            description = "Training records, such as 1-128 or 1,3,7-9 (default: ${DEFAULT-VALUE}).")
    String records;

    @Option(
            names = "--validation-records",
            defaultValue = "129-160",
            paramLabel = "RANGES",
            description =
                    "Records scored after every epoch, disjoint from --records (default:"
                            + " ${DEFAULT-VALUE}).")
    String validationRecords;

    @Option(
            names = "--epochs",
            defaultValue = "20",
            paramLabel = "N",
            description = "Epochs to run at most (default: ${DEFAULT-VALUE}).")
    int epochs;

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
            defaultValue = "4",
            paramLabel = "N",
            description = "Records per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.003",
            paramLabel = "RATE",
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(
            names = "--delay-ms",
            defaultValue = "200",
            paramLabel = "MS",
            description =
                    "Algorithmic delay Δ: the output at time t labels the sample at t - Δ, so the"
                            + " model sees Δ of signal after each sample it labels; at most 250 ms"
                            + " for waves (default: ${DEFAULT-VALUE}).")
    double delayMillis;

    @Option(
            names = "--theta-ms",
            defaultValue = "500",
            paramLabel = "MS",
            description = "LMU memory window θ (default: ${DEFAULT-VALUE}).")
    double thetaMillis;

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

    @Override
    public Integer call() throws Exception {
        TrainingOptions options = options();
        PrintWriter output = spec.commandLine().getOut();

        TrainingProgress progress = new EpochPrinter(output, options.epochs());
        try (TrainingResult result = new WaveTrainer(progress).train(options)) {
            SegmentationScores scores = result.metadata().validation();
            output.printf(
                    Locale.ROOT,
                    "Validation on records %s (%d samples): accuracy %.4f, macro F1 %.4f (%s)%n",
                    validationRecords,
                    scores.samples(),
                    scores.accuracy(),
                    scores.macroF1(),
                    formatF1(scores.f1ByClass()));
            output.printf(
                    Locale.ROOT,
                    "Wrote %s: %d epochs in %.0f s, stopped by %s%n",
                    out,
                    result.metadata().epochsRun(),
                    result.metadata().trainingSeconds(),
                    result.metadata().stopReason());
        }
        return 0;
    }

    /** Checks the arguments; every error here is bad usage, so picocli exits with code 2. */
    private TrainingOptions options() {
        if (!task.equals("waves")) {
            throw usage("Unknown or unsupported task '" + task + "' for train; supported: waves");
        }
        if (!model.equals("lmu")) {
            throw usage("Unknown or unsupported model '" + model + "' for train; supported: lmu");
        }
        if (!Files.isDirectory(data)) {
            throw usage(
                    "--data folder not found: " + data + "; give the folder of the LUDB records");
        }

        List<Integer> training = parseRecords("--records", records);
        List<Integer> validation = parseRecords("--validation-records", validationRecords);
        try {
            return new TrainingOptions(
                    data,
                    out,
                    training,
                    validation,
                    epochs,
                    seed,
                    maxMinutes,
                    batchSize,
                    learningRate,
                    network(),
                    commandLine(),
                    version());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** Builds the network shape at LUDB's 500 Hz from the millisecond options. */
    private LmuNetworkConfig network() {
        if (!(delayMillis >= 0 && delayMillis <= MAX_WAVES_DELAY_MILLIS)) {
            throw usage(
                    "--delay-ms must be between 0 and "
                            + MAX_WAVES_DELAY_MILLIS
                            + " ms for waves, got "
                            + delayMillis);
        }
        if (!(thetaMillis > 0)) {
            throw usage("--theta-ms must be above 0, got " + thetaMillis);
        }
        return LmuNetworkConfig.of(
                LudbReader.LEADS.size(),
                channels,
                order,
                samples(thetaMillis),
                WaveClass.COUNT,
                samples(delayMillis));
    }

    private static int samples(double millis) {
        return (int) Math.round(millis * LudbReader.SAMPLING_FREQUENCY_HZ / 1000.0);
    }

    private List<Integer> parseRecords(String option, String text) {
        try {
            return RecordRanges.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
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
