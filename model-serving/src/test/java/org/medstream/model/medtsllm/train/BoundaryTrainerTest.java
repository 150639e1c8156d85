package org.medstream.model.medtsllm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.model.llm.Stories260K;
import org.medstream.model.medtsllm.BoundaryMetadata;
import org.medstream.model.medtsllm.CovariateMode;
import org.medstream.model.medtsllm.Covariates;
import org.medstream.model.medtsllm.MaskedBinaryCrossEntropyLoss;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.medtsllm.MedTsLlmWaveModel;
import org.medstream.model.medtsllm.prompt.PromptBuilder;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.train.TimeSplit;

/** Trains MedTsLLM on the bundled MIT-BIH and BIDMC records for a few steps. */
class BoundaryTrainerTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    @TempDir Path directory;

    @Test
    void lossFallsBackboneFrozen() throws IOException {
        BoundaryRecord record =
                BoundaryRecords.mitBih(DATA.resolve("mitdb"), 100).withSpan(0, 2048);
        List<LabelledWindow> batch =
                BoundaryWindows.training(List.of(record), 256, 256, 2).subList(0, 4);
        MedTsLlmConfig network = MedTsLlmConfig.defaults(256, 1).withPrototypes(64);
        PromptBuilder prompt =
                new PromptBuilder(
                        PromptParts.parse("dataset,task"),
                        BoundaryTask.BEATS.datasetDescription(),
                        BoundaryTask.BEATS.taskDescription());
        Engine.getInstance().setRandomSeed(5);
        try (MedTsLlmModel model =
                        MedTsLlmModel.create(network, Stories260K.GGUF, prompt, "beats");
                Trainer trainer =
                        MedTsLlmTrainer.newTrainer(
                                model, 1e-3f, new MaskedBinaryCrossEntropyLoss())) {
            Map<String, float[]> backboneBefore =
                    values(model.backbone().decoder().getParameters());

            List<Double> losses = new ArrayList<>();
            for (int step = 0; step < 6; step++) {
                MedTsLlmTrainer.BatchResult result =
                        MedTsLlmTrainer.trainBatch(trainer, model, batch, Map.of(), true);
                assertThat(result.stepped()).as("step %d", step).isTrue();
                losses.add(result.loss());
            }

            assertThat(losses).allMatch(Double::isFinite);
            assertThat(losses.get(5)).isLessThan(losses.get(0));
            Map<String, float[]> backboneAfter = values(model.backbone().decoder().getParameters());
            for (String name : backboneBefore.keySet()) {
                assertThat(backboneAfter.get(name)).as(name).isEqualTo(backboneBefore.get(name));
            }
        }
    }

    @Test
    void breathsTrainingWritesScoredModel() throws IOException {
        Path out = directory.resolve("breaths");
        BoundaryTrainingOptions options =
                new BoundaryTrainingOptions(
                        BoundaryTask.BREATHS,
                        DATA.resolve("bidmc"),
                        out,
                        Stories260K.GGUF,
                        List.of(1),
                        List.of(1),
                        new TimeSplit(0, 30, 270, 300),
                        MedTsLlmConfig.defaults(512, 1).withPrototypes(64),
                        null,
                        PromptParts.parse("task"),
                        8,
                        1,
                        2,
                        0,
                        4,
                        true,
                        1e-4f,
                        0.5,
                        null,
                        "test",
                        "test");

        try (MedTsLlmTrainingResult result =
                new BoundaryTrainer(BoundaryProgress.NONE).train(options)) {
            BoundaryMetadata boundary = result.metadata().boundary();
            assertThat(result.metadata().task()).isEqualTo("breaths");
            assertThat(result.metadata().trainingWindows()).isEqualTo(8);
            assertThat(boundary.epochs()).hasSize(1);
            assertThat(boundary.epochs().get(0).trainingLoss()).isFinite();
            assertThat(boundary.minimumSpacingSamples()).isGreaterThan(100);
            assertThat(boundary.validationWithoutThreshold().referenceBoundaries())
                    .isBetween(5, 20);
            assertThat(boundary.validationWithoutThreshold().meanIou()).isBetween(0.0, 1.0);
            assertThat(boundary.validationWithoutThreshold().predictedBoundaries()).isPositive();
        }

        MedTsLlmMetadata read = MedTsLlmMetadata.read(out);
        assertThat(read.boundary().split()).isEqualTo(new TimeSplit(0, 30, 270, 300));
        assertThat(read.network().classes()).isEqualTo(1);
        try (MedTsLlmModel loaded = MedTsLlmModel.load(out, Stories260K.GGUF)) {
            BoundaryRecord record = BoundaryRecords.bidmc(DATA.resolve("bidmc"), 1, 270, 300);
            float[] probability =
                    BoundaryTrainer.probabilities(loaded, record, BoundaryTask.BREATHS);
            assertThat(probability).hasSize(3750);
            for (float value : probability) {
                assertThat(value).isBetween(0f, 1f);
            }
        }
        assertThatThrownBy(() -> MedTsLlmWaveModel.load(out))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("task 'breaths', not waves");
    }

    /**
     * A weighted average of RESP and PLETH trains, moves its channel weights, and loads back with
     * its mode, channels and weights: the loaded model gives the saved model's probabilities. The
     * same file without the covariate fields, as older medstream wrote it, reads as one channel.
     */
    @Test
    void covariatesSurviveSaveAndLoad() throws IOException {
        Path out = directory.resolve("covariates");
        Covariates covariates = new Covariates(CovariateMode.WEIGHTED_AVERAGE, 2);
        BoundaryTrainingOptions options =
                new BoundaryTrainingOptions(
                        BoundaryTask.BREATHS,
                        DATA.resolve("bidmc"),
                        out,
                        Stories260K.GGUF,
                        List.of(1),
                        List.of(1),
                        new TimeSplit(0, 30, 270, 300),
                        MedTsLlmConfig.defaults(512, 1)
                                .withPrototypes(64)
                                .withCovariates(covariates),
                        List.of("RESP", "PLETH"),
                        PromptParts.parse("task"),
                        8,
                        1,
                        3,
                        0,
                        4,
                        true,
                        1e-2f,
                        0.5,
                        1500.0,
                        "test",
                        "test");
        BoundaryRecord record =
                BoundaryRecords.bidmc(DATA.resolve("bidmc"), 1, 270, 300, List.of("RESP", "PLETH"));

        float[] trained;
        try (MedTsLlmTrainingResult result =
                new BoundaryTrainer(BoundaryProgress.NONE).train(options)) {
            float[] weights =
                    result.model()
                            .network()
                            .getParameters()
                            .get("channelWeights")
                            .getArray()
                            .toFloatArray();
            assertThat(weights).hasSize(2);
            assertThat(weights[0]).isNotEqualTo(0f);
            trained = BoundaryTrainer.probabilities(result.model(), record, BoundaryTask.BREATHS);
        }

        MedTsLlmMetadata read = MedTsLlmMetadata.read(out);
        assertThat(read.network().covariates()).isEqualTo(covariates);
        assertThat(read.boundary().inputChannels()).containsExactly("RESP", "PLETH");
        assertThat(read.boundary().minimumSpacingSamples()).as("1.5 s at 125 Hz").isEqualTo(188);
        try (MedTsLlmModel loaded = MedTsLlmModel.load(out, Stories260K.GGUF)) {
            assertThat(BoundaryTrainer.probabilities(loaded, record, BoundaryTask.BREATHS))
                    .isEqualTo(trained);
        }

        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(out.resolve("model.json").toFile());
        ((ObjectNode) json.get("network")).remove("covariates");
        ((ObjectNode) json.get("boundary")).remove("inputChannels");
        mapper.writeValue(out.resolve("model.json").toFile(), json);
        MedTsLlmMetadata old = MedTsLlmMetadata.read(out);
        assertThat(old.network().covariates()).isEqualTo(Covariates.ONE_CHANNEL);
        assertThat(old.boundary().inputChannels()).isNull();

        ((ObjectNode) json.get("network"))
                .putObject("covariates")
                .put("mode", "sum")
                .put("channels", 2);
        mapper.writeValue(out.resolve("model.json").toFile(), json);
        assertThatThrownBy(() -> MedTsLlmMetadata.read(out))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(out.resolve("model.json").toString())
                .hasMessageContaining("Unknown covariate mode 'sum' in network.covariates.mode");
    }

    @Test
    void overlappingRecordsRejectedForBeats() {
        assertThatThrownBy(
                        () ->
                                new BoundaryTrainingOptions(
                                        BoundaryTask.BEATS,
                                        DATA,
                                        directory,
                                        Stories260K.GGUF,
                                        List.of(100, 118),
                                        List.of(118),
                                        null,
                                        MedTsLlmConfig.defaults(256, 1),
                                        null,
                                        PromptParts.parse("task"),
                                        0,
                                        1,
                                        1,
                                        0,
                                        4,
                                        true,
                                        1e-4f,
                                        0.5,
                                        null,
                                        "test",
                                        "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Records [118] are in both");
    }

    private static Map<String, float[]> values(ParameterList parameters) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : parameters) {
            values.put(parameter.getKey(), parameter.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
