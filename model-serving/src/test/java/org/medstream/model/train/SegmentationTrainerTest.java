package org.medstream.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.model.artifact.LmuSegmentationModel;
import org.medstream.model.lmu.djl.LmuNetworkConfig;
import org.medstream.model.lmu.streaming.NetworkWeights;
import org.medstream.model.lmu.streaming.StreamingLmuNetwork;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbRecord;
import org.medstream.model.ludb.LudbTestData;
import org.medstream.model.ludb.LudbTrainingData;
import org.medstream.model.ludb.WaveClass;

/**
 * Trains for two epochs on the bundled LUDB records 1 and 2, scores on record 3, and checks the
 * model directory. One run is shared by the tests because training takes most of the time.
 */
class SegmentationTrainerTest {
    @TempDir static Path folder;

    /** A narrow network (C = 16) over the twelve leads, so that the test trains in seconds. */
    private static final LmuNetworkConfig CONFIG =
            LmuNetworkConfig.of(12, 16, 32, 250, WaveClass.COUNT, 50);

    private static Path modelDirectory;
    private static TrainingResult result;
    private static LudbRecord recordThree;

    @BeforeAll
    static void train() throws IOException {
        modelDirectory = folder.resolve("model");
        TrainingOptions options =
                new TrainingOptions(
                        LudbTestData.folder(),
                        modelDirectory,
                        List.of(1, 2),
                        List.of(3),
                        null,
                        2,
                        42,
                        0,
                        4,
                        3e-3f,
                        CONFIG,
                        "medstream train --task waves --model lmu (test)",
                        "test");
        result = new SegmentationTrainer(TrainingProgress.NONE).train(ludb(options), options);
        recordThree = new LudbReader(LudbTestData.folder()).read(3);
    }

    @Test
    void lossFalls() {
        List<EpochMetrics> epochs = result.metadata().epochs();

        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(1).trainingLoss()).isLessThan(epochs.get(0).trainingLoss());
    }

    @Test
    void directoryHasWeightsAndMetadata() {
        assertThat(modelDirectory.resolve("model.json")).isRegularFile();
        assertThat(modelDirectory.resolve("lmu-waves-0000.params")).isRegularFile();
        assertThat(modelDirectory.resolve("lmu-waves.weights")).isRegularFile();
    }

    @Test
    void metadataHasAllFields() throws IOException {
        JsonNode json = new ObjectMapper().readTree(modelDirectory.resolve("model.json").toFile());

        assertThat(json.get("task").asText()).isEqualTo("waves");
        assertThat(json.get("model").asText()).isEqualTo("lmu");
        assertThat(json.get("medstreamVersion").asText()).isEqualTo("test");
        assertThat(json.get("leads")).hasSize(12);
        assertThat(json.get("samplingFrequencyHz").asDouble()).isEqualTo(500.0);
        assertThat(json.get("delaySamples").asInt()).isEqualTo(50);
        assertThat(json.get("delayMillis").asDouble()).isEqualTo(100.0);
        assertThat(json.get("thetaMillis").asDouble()).isEqualTo(500.0);
        assertThat(json.get("network").get("thetaSamples").asInt()).isEqualTo(250);
        assertThat(json.get("network").get("order").asInt()).isEqualTo(32);
        assertThat(json.get("parameterCount").asLong()).isPositive();
        assertThat(json.get("trainingRecords").toString()).isEqualTo("[1,2]");
        assertThat(json.get("validationRecords").toString()).isEqualTo("[3]");
        assertThat(json.get("command").asText()).startsWith("medstream train");
        assertThat(json.get("seed").asLong()).isEqualTo(42);
        assertThat(json.get("epochsRequested").asInt()).isEqualTo(2);
        assertThat(json.get("epochsRun").asInt()).isEqualTo(2);
        assertThat(json.get("stopReason").asText()).isEqualTo("epochs");
        assertThat(json.get("epochs")).hasSize(2);
        assertThat(json.get("epochs").get(0).get("validation").get("macroF1").isNumber()).isTrue();
        assertThat(json.get("validation").get("f1ByClass").size()).isEqualTo(4);
        assertThat(json.get("validation").get("samples").asLong()).isPositive();
    }

    @Test
    void reloadGivesIdenticalWeights() throws IOException {
        NetworkWeights trained = result.model().exportWeights();

        try (LmuSegmentationModel loaded = LmuSegmentationModel.load(modelDirectory)) {
            NetworkWeights reloaded = loaded.exportWeights();
            NetworkWeights streaming =
                    NetworkWeights.read(modelDirectory.resolve("lmu-waves.weights"));

            for (String name : StreamingLmuNetwork.PARAMETER_NAMES) {
                float[] values = trained.values(name, trained.shape(name));
                assertThat(reloaded.values(name, trained.shape(name)))
                        .as(name)
                        .containsExactly(values);
                assertThat(streaming.values(name, trained.shape(name)))
                        .as(name)
                        .containsExactly(values);
            }
        }
    }

    @Test
    void reloadGivesSameOutputs() throws IOException {
        List<float[]> signals = recordThree.signals();
        List<float[][]> trained = result.model().logits(signals);

        // The loaded model keeps 4θ taps of the memory where training keeps 2θ, so the outputs
        // differ by the dropped taps, far below a change of label.
        try (LmuSegmentationModel loaded = LmuSegmentationModel.load(modelDirectory)) {
            List<float[][]> reloaded = loaded.logits(signals);

            for (int lead = 0; lead < signals.size(); lead++) {
                for (int c = 0; c < WaveClass.COUNT; c++) {
                    assertThat(reloaded.get(lead)[c])
                            .as("lead %d class %d", lead, c)
                            .containsExactly(trained.get(lead)[c], within(1e-3f));
                }
            }
        }
    }

    @Test
    void labelsCoverEverySample() throws IOException {
        try (LmuSegmentationModel loaded = LmuSegmentationModel.load(modelDirectory)) {
            List<int[]> labels = loaded.labels(recordThree.signals());

            assertThat(labels).hasSize(12);
            assertThat(labels.get(0)).hasSize(5000);
            assertThat(Arrays.stream(labels.get(0)).min().getAsInt()).isGreaterThanOrEqualTo(0);
            assertThat(Arrays.stream(labels.get(0)).max().getAsInt()).isLessThan(4);
        }
    }

    @Test
    void sameSeedSameModel() throws IOException {
        List<float[]> signals = recordThree.signals();

        float[][] first;
        float[][] second;
        double firstLoss;
        double secondLoss;
        try (TrainingResult run = trainOneEpoch(folder.resolve("first"))) {
            first = run.model().logits(signals).get(0);
            firstLoss = run.metadata().epochs().get(0).trainingLoss();
        }
        try (TrainingResult run = trainOneEpoch(folder.resolve("second"))) {
            second = run.model().logits(signals).get(0);
            secondLoss = run.metadata().epochs().get(0).trainingLoss();
        }

        assertThat(secondLoss).isEqualTo(firstLoss);
        for (int c = 0; c < WaveClass.COUNT; c++) {
            assertThat(second[c]).as("class %d", c).containsExactly(first[c]);
        }
    }

    private static TrainingResult trainOneEpoch(Path out) throws IOException {
        TrainingOptions options =
                new TrainingOptions(
                        LudbTestData.folder(),
                        out,
                        List.of(1),
                        List.of(2),
                        null,
                        1,
                        7,
                        0,
                        4,
                        3e-3f,
                        CONFIG,
                        "test",
                        "test");
        return new SegmentationTrainer(TrainingProgress.NONE).train(ludb(options), options);
    }

    private static TrainingData ludb(TrainingOptions options) throws IOException {
        return LudbTrainingData.read(
                options.dataFolder(),
                options.trainingRecords(),
                options.validationRecords(),
                options.network().delaySamples());
    }

    @Test
    void loadWithoutMetadataFails() throws IOException {
        Path empty = Files.createDirectories(folder.resolve("empty"));

        assertThatThrownBy(() -> LmuSegmentationModel.load(empty))
                .hasMessageContaining("no model.json");
    }
}
