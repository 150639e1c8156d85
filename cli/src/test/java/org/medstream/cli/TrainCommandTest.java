package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code medstream train}: argument errors and one short run on the bundled LUDB records. */
class TrainCommandTest {
    private static final Path LUDB = Path.of(System.getProperty("medstream.data.dir"), "ludb");

    /** The shipped stories260K backbone, next to the bundled data directory. */
    private static final Path STORIES =
            Path.of(
                    System.getProperty("medstream.data.dir"),
                    "..",
                    "models",
                    "stories260K",
                    "stories260K.gguf");

    @TempDir Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Medstream.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void missingDataExitsTwo() {
        int exitCode = run("train", "--task", "waves", "--model", "lmu", "--out", out().toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--data=DIR'");
    }

    @Test
    void badRecordsExitsTwo() {
        int exitCode = run(args("--records", "5-2"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--records: Invalid record range '5-2'");
    }

    @Test
    void nonNumericRecordsExitsTwo() {
        int exitCode = run(args("--records", "one-3"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid record selection 'one-3'");
    }

    @Test
    void overlappingRecordsExitsTwo() {
        int exitCode = run(args("--records", "1-3", "--validation-records", "3"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("Records [3] are in both the training and the validation set");
    }

    @Test
    void unknownTaskExitsTwo() {
        int exitCode =
                run(
                        "train",
                        "--task",
                        "wave",
                        "--model",
                        "lmu",
                        "--data",
                        LUDB.toString(),
                        "--out",
                        out().toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--task'").contains("'wave'");
    }

    @Test
    void unknownModelExitsTwo() {
        int exitCode =
                run(
                        "train",
                        "--task",
                        "waves",
                        "--model",
                        "gpt",
                        "--data",
                        LUDB.toString(),
                        "--out",
                        out().toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("Unknown or unsupported model 'gpt' for train; supported: lmu, medtsllm");
    }

    @Test
    void medtsllmAnomaliesNeedRecords() {
        int exitCode = run(medTsLlmArgs("anomalies"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--records is required for --task anomalies");
    }

    @Test
    void anomalyRateAboveHalfExitsTwo() {
        int exitCode =
                run(
                        medTsLlmArgs(
                                "anomalies",
                                "--records",
                                "100",
                                "--validation-records",
                                "208",
                                "--anomaly-rate",
                                "0.9"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "anomaly rate must be in (0, 0.5], a share of the samples such as 0.05,"
                                + " got 0.9");
    }

    @Test
    void anomalyRateOnlyForAnomalies() {
        int exitCode = run(medTsLlmArgs("waves", "--anomaly-rate", "0.05"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--anomaly-rate applies to --task anomalies only");
    }

    @Test
    void medtsllmTrainsBreaths() throws IOException {
        String[] arguments = {
            "train",
            "--task",
            "breaths",
            "--model",
            "medtsllm",
            "--data",
            Path.of(System.getProperty("medstream.data.dir"), "bidmc").toString(),
            "--out",
            out().toString(),
            "--backbone",
            STORIES.toString(),
            "--training-span",
            "0-20",
            "--validation-span",
            "270-300",
            "--epochs",
            "1",
            "--max-windows",
            "8",
            "--batch-size",
            "4",
            "--prototypes",
            "64"
        };

        int exitCode = run(arguments);

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString()).contains("epoch 1/1: loss ");
        assertThat(out.toString()).contains("Validation on records 1, 270-300 s at 125 Hz");
        assertThat(out.toString()).contains("  every local maximum: mIoU ");
        JsonNode json = new ObjectMapper().readTree(out().resolve("model.json").toFile());
        assertThat(json.get("task").asText()).isEqualTo("breaths");
        assertThat(json.get("classes").toString()).isEqualTo("[\"boundary\"]");
        assertThat(json.get("network").get("windowLength").asInt()).isEqualTo(512);
        assertThat(json.get("boundary").get("split").get("validationFromSeconds").asDouble())
                .isEqualTo(270);
        assertThat(json.get("boundary").get("minimumSpacingSamples").asInt()).isPositive();
        assertThat(json.get("command").asText())
                .isEqualTo("medstream " + String.join(" ", arguments));
    }

    @Test
    void medtsllmBeatsNeedRecords() {
        int exitCode = run(medTsLlmArgs("beats"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--records is required for --task beats");
    }

    @Test
    void medtsllmRejectsDelay() {
        int exitCode = run(medTsLlmArgs("waves", "--delay-ms", "100"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--delay-ms and --theta-ms apply to --model lmu only");
    }

    @Test
    void medtsllmRejectsUnknownPromptPart() {
        int exitCode = run(medTsLlmArgs("waves", "--prompt", "dataset,age"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown prompt part 'age' in 'dataset,age'");
    }

    @Test
    void lmuRejectsBackbone() {
        int exitCode = run(args("--backbone", STORIES.toString()));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--backbone applies to --model medtsllm only");
    }

    @Test
    void scheduleOnlyForMedTsLlmWaves() {
        assertThat(run(args("--schedule", "cosine"))).isEqualTo(2);
        assertThat(run(medTsLlmArgs("beats", "--schedule", "cosine"))).isEqualTo(2);
        assertThat(run(medTsLlmArgs("waves", "--schedule", "linear"))).isEqualTo(2);

        assertThat(err.toString())
                .contains(
                        "--schedule applies to --model medtsllm --task waves; lmu always uses"
                                + " cosine",
                        "--schedule applies to --task waves; the other MedTsLLM tasks train at a"
                                + " constant rate",
                        "--schedule must be constant or cosine, got 'linear'");
    }

    @Test
    void minSpacingOnlyForMedTsLlmBoundaries() {
        assertThat(run(args("--min-spacing-ms", "200"))).isEqualTo(2);
        assertThat(run(medTsLlmArgs("waves", "--min-spacing-ms", "200"))).isEqualTo(2);
        assertThat(
                        run(
                                medTsLlmArgs(
                                        "beats",
                                        "--records",
                                        "100",
                                        "--validation-records",
                                        "208",
                                        "--min-spacing-ms",
                                        "4")))
                .isEqualTo(2);

        assertThat(err.toString())
                .contains(
                        "--min-spacing-ms applies to --model medtsllm --task beats and breaths"
                                + " only",
                        "--min-spacing-ms must be at least one sample at 125 Hz (8.0 ms), got"
                                + " 4.0");
    }

    @Test
    void medtsllmRejectsUnknownCovariateMode() {
        int exitCode =
                run(
                        medTsLlmArgs(
                                "breaths",
                                "--input-channels",
                                "RESP,PLETH",
                                "--covariates",
                                "sum"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "Unknown covariate mode 'sum' in --covariates; expected one of"
                                + " concatenate, interleave, weighted-average, average,"
                                + " independent");
    }

    @Test
    void medtsllmCovariatesNeedInputChannels() {
        int exitCode = run(medTsLlmArgs("breaths", "--covariates", "average"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("Missing option '--input-channels': --covariates sets how the channels");
    }

    @Test
    void medtsllmCovariatesNeedTwoChannels() {
        int exitCode =
                run(medTsLlmArgs("breaths", "--covariates", "average", "--input-channels", "RESP"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "--covariates combines two or more channels, but --input-channels gives"
                                + " one (RESP)");
    }

    @Test
    void boundaryThresholdRejectedForWaves() {
        assertThat(run(medTsLlmArgs("waves", "--boundary-threshold", "0.3"))).isEqualTo(2);
        assertThat(err.toString())
                .contains("--boundary-threshold applies to --task beats and breaths");

        assertThat(run(args("--boundary-threshold", "0.3"))).isEqualTo(2);
        assertThat(err.toString())
                .contains("--boundary-threshold applies to --model medtsllm only");
    }

    @Test
    void medtsllmWavesRejectInputChannels() {
        int exitCode = run(medTsLlmArgs("waves", "--input-channels", "ii,v1"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("--covariates and --input-channels apply to --task beats and breaths");
    }

    @Test
    void medtsllmBreathsNeedRespFirst() {
        int exitCode =
                run(
                        "train",
                        "--task",
                        "breaths",
                        "--model",
                        "medtsllm",
                        "--data",
                        Path.of(System.getProperty("medstream.data.dir"), "bidmc").toString(),
                        "--out",
                        out().toString(),
                        "--backbone",
                        STORIES.toString(),
                        "--input-channels",
                        "PLETH,RESP",
                        "--epochs",
                        "1");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("The breaths task reads RESP first")
                .contains("[PLETH, RESP]");
    }

    @Test
    void medtsllmTrainsBreathsWithCovariates() throws IOException {
        int exitCode =
                run(
                        "train",
                        "--task",
                        "breaths",
                        "--model",
                        "medtsllm",
                        "--data",
                        Path.of(System.getProperty("medstream.data.dir"), "bidmc").toString(),
                        "--out",
                        out().toString(),
                        "--backbone",
                        STORIES.toString(),
                        "--training-span",
                        "0-20",
                        "--validation-span",
                        "270-300",
                        "--epochs",
                        "1",
                        "--max-windows",
                        "4",
                        "--batch-size",
                        "4",
                        "--prototypes",
                        "64",
                        "--input-channels",
                        "RESP,pleth",
                        "--covariates",
                        "average");

        assertThat(exitCode).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out().resolve("model.json").toFile());
        assertThat(json.get("network").get("covariates").get("mode").asText()).isEqualTo("average");
        assertThat(json.get("network").get("covariates").get("channels").asInt()).isEqualTo(2);
        assertThat(json.get("boundary").get("inputChannels").toString())
                .isEqualTo("[\"RESP\",\"pleth\"]");
    }

    @Test
    void medtsllmTrainsWaves() throws IOException {
        String[] arguments =
                medTsLlmArgs(
                        "waves",
                        "--records",
                        "1-2",
                        "--validation-records",
                        "3",
                        "--epochs",
                        "1",
                        "--max-windows",
                        "8",
                        "--batch-size",
                        "4",
                        "--prototypes",
                        "64");

        int exitCode = run(arguments);

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString()).contains("epoch 1/1: loss ");
        assertThat(out.toString()).contains("Validation on records 3");
        JsonNode json = new ObjectMapper().readTree(out().resolve("model.json").toFile());
        assertThat(json.get("model").asText()).isEqualTo("medtsllm");
        assertThat(json.get("task").asText()).isEqualTo("waves");
        assertThat(json.get("trainingWindows").asInt()).isEqualTo(8);
        assertThat(json.get("network").get("prototypes").asInt()).isEqualTo(64);
        assertThat(json.get("command").asText())
                .isEqualTo("medstream " + String.join(" ", arguments));
    }

    private String[] medTsLlmArgs(String task, String... extra) {
        String[] base = {
            "train",
            "--task",
            task,
            "--model",
            "medtsllm",
            "--data",
            LUDB.toString(),
            "--out",
            out().toString(),
            "--backbone",
            STORIES.toString()
        };
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void missingDataFolderExitsTwo() {
        int exitCode =
                run(
                        "train",
                        "--task",
                        "waves",
                        "--model",
                        "lmu",
                        "--data",
                        directory.resolve("absent").toString(),
                        "--out",
                        out().toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--data folder not found");
    }

    @Test
    void missingRecordExitsOne() {
        int exitCode = run(args("--records", "1-2", "--validation-records", "7"));

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).startsWith("medstream: ").contains("7.hea");
    }

    @Test
    void delayAboveWavesLimitExitsTwo() {
        int exitCode = run(args("--delay-ms", "300"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("--delay-ms must be between 0 and 250.0 ms for waves, got 300.0");
    }

    @Test
    void networkOptionsReachMetadata() throws IOException {
        String[] arguments =
                args(
                        "--records",
                        "1",
                        "--validation-records",
                        "2",
                        "--epochs",
                        "1",
                        "--channels",
                        "8",
                        "--order",
                        "16",
                        "--theta-ms",
                        "300",
                        "--delay-ms",
                        "60");

        int exitCode = run(arguments);

        assertThat(exitCode).as(err.toString()).isZero();
        JsonNode network =
                new ObjectMapper().readTree(out().resolve("model.json").toFile()).get("network");
        assertThat(network.get("inputChannels").asInt()).isEqualTo(12);
        assertThat(network.get("channels").asInt()).isEqualTo(8);
        assertThat(network.get("order").asInt()).isEqualTo(16);
        assertThat(network.get("thetaSamples").asInt()).isEqualTo(150);
        assertThat(network.get("delaySamples").asInt()).isEqualTo(30);
    }

    @Test
    void beatsNeedRecords() {
        int exitCode =
                run(
                        "train",
                        "--task",
                        "beats",
                        "--model",
                        "lmu",
                        "--data",
                        mitdb().toString(),
                        "--out",
                        out().toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--records is required for --task beats");
    }

    @Test
    void beatsDelayAboveLimitExitsTwo() {
        int exitCode = run(beatsArgs("--delay-ms", "200"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("--delay-ms must be between 0 and 150.0 ms for beats, got 200.0");
    }

    @Test
    void beatsTrainOnMitBih() throws IOException {
        int exitCode = run(beatsArgs("--epochs", "1", "--channels", "8"));

        assertThat(exitCode).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out().resolve("model.json").toFile());
        assertThat(json.get("task").asText()).isEqualTo("beats");
        assertThat(json.get("classes").toString())
                .isEqualTo("[\"none\",\"N\",\"S\",\"V\",\"F\",\"Q\"]");
        assertThat(json.get("leads").toString()).isEqualTo("[\"ii\"]");
        assertThat(json.get("samplingFrequencyHz").asDouble()).isEqualTo(360.0);
        assertThat(json.get("delaySamples").asInt()).isEqualTo(43);
        assertThat(json.get("weightsFile").asText()).isEqualTo("lmu-beats-0000.params");
        assertThat(out().resolve("lmu-beats.weights")).isRegularFile();
    }

    private String[] beatsArgs(String... extra) {
        String[] base = {
            "train",
            "--task",
            "beats",
            "--model",
            "lmu",
            "--data",
            mitdb().toString(),
            "--out",
            out().toString(),
            "--records",
            "100",
            "--validation-records",
            "103"
        };
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void breathsTrainOnBidmcTimeSplit() throws IOException {
        int exitCode =
                run(
                        "train",
                        "--task",
                        "breaths",
                        "--model",
                        "lmu",
                        "--data",
                        Path.of(System.getProperty("medstream.data.dir"), "bidmc").toString(),
                        "--out",
                        out().toString(),
                        "--epochs",
                        "1",
                        "--channels",
                        "8",
                        "--order",
                        "8",
                        "--training-span",
                        "0-120",
                        "--validation-span",
                        "120-180");

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Validation on records 1, 120-180 s");
        JsonNode json = new ObjectMapper().readTree(out().resolve("model.json").toFile());
        assertThat(json.get("task").asText()).isEqualTo("breaths");
        assertThat(json.get("leads").toString()).isEqualTo("[\"RESP\"]");
        assertThat(json.get("samplingFrequencyHz").asDouble()).isEqualTo(125.0);
        assertThat(json.get("delaySamples").asInt()).isEqualTo(125);
        assertThat(json.get("thetaMillis").asDouble()).isEqualTo(4000.0);
        assertThat(json.get("timeSplit").get("validationFromSeconds").asDouble()).isEqualTo(120);
    }

    @Test
    void overlappingSpansExitTwo() {
        int exitCode =
                run(
                        "train",
                        "--task",
                        "breaths",
                        "--model",
                        "lmu",
                        "--data",
                        Path.of(System.getProperty("medstream.data.dir"), "bidmc").toString(),
                        "--out",
                        out().toString(),
                        "--validation-span",
                        "200-300");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("The training span 0-240 s and the validation span 200-300 s overlap");
    }

    @Test
    void medTsLlmSpanPastRecordExitsTwo() {
        int exitCode =
                run(
                        "train",
                        "--task",
                        "breaths",
                        "--model",
                        "medtsllm",
                        "--data",
                        Path.of(System.getProperty("medstream.data.dir"), "bidmc").toString(),
                        "--out",
                        out().toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("The validation span 300-480 s of")
                .contains("ends after the record, which lasts 300.0 s")
                .contains("set --training-span and --validation-span within the record");
    }

    @Test
    void spanForWavesExitsTwo() {
        int exitCode = run(args("--training-span", "0-10"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("apply to --task breaths only");
    }

    private static Path mitdb() {
        return Path.of(System.getProperty("medstream.data.dir"), "mitdb");
    }

    @Test
    void oneEpochWritesModel() throws IOException {
        String[] arguments = args("--records", "1-2", "--validation-records", "3", "--epochs", "1");

        int exitCode = run(arguments);

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString()).contains("epoch 1/1: loss ");
        assertThat(out.toString()).contains("Validation on records 3");
        JsonNode json = new ObjectMapper().readTree(out().resolve("model.json").toFile());
        assertThat(json.get("command").asText())
                .isEqualTo("medstream " + String.join(" ", arguments));
        assertThat(json.get("epochsRun").asInt()).isEqualTo(1);
        assertThat(json.get("validationRecords").toString()).isEqualTo("[3]");
    }

    private Path out() {
        return directory.resolve("model");
    }

    private String[] args(String... extra) {
        String[] base = {
            "train",
            "--task",
            "waves",
            "--model",
            "lmu",
            "--data",
            LUDB.toString(),
            "--out",
            out().toString()
        };
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }
}
