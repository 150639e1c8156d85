package org.medstream.model.medtsllm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.model.llm.Stories260K;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbTestData;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmModel;
import org.medstream.model.medtsllm.prompt.PromptBuilder;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.train.LearningRateSchedule;
import org.medstream.model.train.TrainingProgress;
import org.medstream.schemas.PatientContext;

/** Trains MedTsLLM on the bundled LUDB records with the stories260K backbone. */
class MedTsLlmTrainerTest {
    /** Fewer prototypes than the default 1024, to keep the test fast. */
    private static final MedTsLlmConfig NETWORK =
            MedTsLlmConfig.defaults(512, 4).withPrototypes(64);

    @TempDir Path directory;

    @Test
    void backboneFrozenTrainableChanged() throws IOException {
        Map<Integer, PatientContext> patients = LudbPatients.read(LudbTestData.folder());
        List<LabelledWindow> windows =
                WaveWindows.training(
                        new LudbReader(LudbTestData.folder()).readAll(List.of(1)), 512, 256);
        PromptBuilder prompt = new PromptBuilder(PromptParts.ALL, "LUDB.", "Label waves.");
        Engine.getInstance().setRandomSeed(3);
        try (MedTsLlmModel model =
                        MedTsLlmModel.create(NETWORK, Stories260K.GGUF, prompt, "frozen");
                Trainer trainer = MedTsLlmTrainer.newTrainer(model, 1e-3f)) {
            Map<String, float[]> backboneBefore =
                    values(model.backbone().decoder().getParameters());
            Map<String, float[]> trainableBefore = values(model.network().getParameters());

            for (int step = 0; step < 3; step++) {
                MedTsLlmTrainer.trainBatch(
                        trainer, model, windows.subList(step * 4, step * 4 + 4), patients, true);
            }

            Map<String, float[]> backboneAfter = values(model.backbone().decoder().getParameters());
            Map<String, float[]> trainableAfter = values(model.network().getParameters());
            assertThat(backboneAfter).hasSize(48);
            for (String name : backboneBefore.keySet()) {
                assertThat(backboneAfter.get(name)).as(name).isEqualTo(backboneBefore.get(name));
            }
            for (String name : trainableBefore.keySet()) {
                assertThat(trainableAfter.get(name))
                        .as(name)
                        .isNotEqualTo(trainableBefore.get(name));
            }
        }
    }

    /**
     * A batch of one record gets the same loss and gradients whether its prompt prefix is cached or
     * runs with every window. Dropout is off, so the two forward passes compute the same function.
     */
    @Test
    void cachedPrefixGivesSameGradients() throws IOException {
        Map<Integer, PatientContext> patients = LudbPatients.read(LudbTestData.folder());
        List<LabelledWindow> batch =
                WaveWindows.training(
                                new LudbReader(LudbTestData.folder()).readAll(List.of(1)), 512, 256)
                        .subList(0, 4);
        PromptBuilder prompt = new PromptBuilder(PromptParts.ALL, "LUDB.", "Label waves.");
        MedTsLlmConfig noDropout =
                new MedTsLlmConfig(
                        NETWORK.windowLength(),
                        NETWORK.patchLength(),
                        NETWORK.patchStride(),
                        NETWORK.modelWidth(),
                        NETWORK.headWidth(),
                        NETWORK.heads(),
                        NETWORK.prototypes(),
                        NETWORK.classes(),
                        0f);
        Engine.getInstance().setRandomSeed(3);
        try (MedTsLlmModel model = MedTsLlmModel.create(noDropout, Stories260K.GGUF, prompt, "c");
                Trainer trainer = MedTsLlmTrainer.newTrainer(model, 1e-3f)) {
            double fullLoss = MedTsLlmTrainer.backward(trainer, model, batch, patients);
            Map<String, float[]> fullGradients = gradients(model.network().getParameters());
            zeroGradients(model.network().getParameters());
            double cachedLoss = MedTsLlmTrainer.backwardWithPrefix(trainer, model, batch, patients);
            Map<String, float[]> cachedGradients = gradients(model.network().getParameters());

            assertThat(cachedLoss).isCloseTo(fullLoss, within(1e-5 * fullLoss));
            // The key biases of the reprogramming attention get gradients of about 1e-8 only
            // (softmax ignores a bias added to every key), so each parameter is compared at its
            // own scale but no finer than a millionth of the largest gradient.
            double largest = 0;
            for (float[] full : fullGradients.values()) {
                largest = Math.max(largest, maxAbs(full));
            }
            for (String name : fullGradients.keySet()) {
                float[] full = fullGradients.get(name);
                float[] cached = cachedGradients.get(name);
                double difference = 0;
                for (int i = 0; i < full.length; i++) {
                    difference = Math.max(difference, Math.abs(full[i] - cached[i]));
                }
                double allowed = Math.max(1e-3 * maxAbs(full), 1e-6 * largest);
                assertThat(difference).as("%s gradient difference", name).isLessThan(allowed);
            }
            assertThat(largest).isPositive();
        }
    }

    @Test
    void nonFiniteGradientFoundAndCleared() throws IOException {
        Map<Integer, PatientContext> patients = LudbPatients.read(LudbTestData.folder());
        List<LabelledWindow> batch =
                WaveWindows.training(
                                new LudbReader(LudbTestData.folder()).readAll(List.of(1)), 512, 256)
                        .subList(0, 2);
        PromptBuilder prompt = new PromptBuilder(PromptParts.NONE, "LUDB.", "Label waves.");
        Engine.getInstance().setRandomSeed(5);
        try (MedTsLlmModel model = MedTsLlmModel.create(NETWORK, Stories260K.GGUF, prompt, "g");
                Trainer trainer = MedTsLlmTrainer.newTrainer(model, 1e-3f)) {
            ParameterList trainable = model.network().getParameters();
            MedTsLlmTrainer.backward(trainer, model, batch, patients);
            assertThat(TrainableGradients.firstNonFinite(trainable)).isEmpty();

            Pair<String, Parameter> poisoned = trainable.get(2);
            poisoned.getValue().getArray().getGradient().set(new NDIndex(0), Float.NaN);
            assertThat(TrainableGradients.firstNonFinite(trainable)).contains(poisoned.getKey());

            TrainableGradients.clear(trainable);
            assertThat(TrainableGradients.firstNonFinite(trainable)).isEmpty();
            for (float[] gradient : gradients(trainable).values()) {
                assertThat(maxAbs(gradient)).isZero();
            }
        }
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float value : values) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    @Test
    void recordBatchesHoldOneRecord() {
        List<LabelledWindow> windows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            windows.add(
                    new LabelledWindow(
                            1 + i % 3, "ii", i * 256, new float[1], new int[1], new float[1]));
        }

        List<List<LabelledWindow>> batches =
                MedTsLlmTrainer.batches(windows, 2, true, new Random(1));

        assertThat(batches)
                .flatExtracting(batch -> batch)
                .containsExactlyInAnyOrderElementsOf(windows);
        for (List<LabelledWindow> batch : batches) {
            assertThat(batch)
                    .extracting(LabelledWindow::record)
                    .containsOnly(batch.get(0).record());
        }
    }

    private static Map<String, float[]> gradients(ParameterList parameters) {
        Map<String, float[]> gradients = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : parameters) {
            gradients.put(
                    parameter.getKey(),
                    parameter.getValue().getArray().getGradient().toFloatArray());
        }
        return gradients;
    }

    private static void zeroGradients(ParameterList parameters) {
        for (Pair<String, Parameter> parameter : parameters) {
            NDArray gradient = parameter.getValue().getArray().getGradient();
            gradient.subi(gradient);
        }
    }

    @Test
    void savedModelLoadsBack() throws IOException {
        Path out = directory.resolve("model");
        MedTsLlmTrainingOptions options = options(out, 2);

        try (MedTsLlmTrainingResult result =
                        new MedTsLlmTrainer(TrainingProgress.NONE).train(options);
                MedTsLlmModel loaded = MedTsLlmModel.load(out, Stories260K.GGUF)) {
            List<LabelledWindow> windows =
                    WaveWindows.scoring(
                            new LudbReader(LudbTestData.folder()).readAll(List.of(3)), 512);
            List<float[]> inputs = new ArrayList<>();
            for (LabelledWindow window : windows.subList(0, 5)) {
                inputs.add(window.input());
            }
            PatientContext patient = LudbPatients.read(LudbTestData.folder()).get(3);

            List<float[][]> trained = result.model().logits(inputs, patient, true);
            List<float[][]> restored = loaded.logits(inputs, patient, true);

            for (int w = 0; w < inputs.size(); w++) {
                for (int c = 0; c < 4; c++) {
                    assertThat(restored.get(w)[c])
                            .as("window %d class %d", w, c)
                            .isEqualTo(trained.get(w)[c]);
                }
            }
        }
    }

    @Test
    void directoryContainsTrainableWeightsOnly() throws IOException {
        Path out = directory.resolve("model");

        MedTsLlmMetadata metadata;
        long parameterCount;
        try (MedTsLlmTrainingResult result =
                new MedTsLlmTrainer(TrainingProgress.NONE).train(options(out, 1))) {
            metadata = result.metadata();
            parameterCount = result.model().parameterCount();
        }

        List<String> files;
        try (Stream<Path> listing = Files.list(out)) {
            files = listing.map(path -> path.getFileName().toString()).sorted().toList();
        }
        assertThat(files).containsExactly("medtsllm-waves-0000.params", "model.json");
        long weightBytes = Files.size(out.resolve("medtsllm-waves-0000.params"));
        assertThat(weightBytes).isBetween(parameterCount * 4, parameterCount * 4 + 64 * 1024);
        MedTsLlmMetadata read = MedTsLlmMetadata.read(out);
        assertThat(read.model()).isEqualTo("medtsllm");
        assertThat(read.task()).isEqualTo("waves");
        assertThat(read.classes()).containsExactly("none", "p", "qrs", "t");
        assertThat(read.network()).isEqualTo(NETWORK);
        assertThat(read.backboneFile()).isEqualTo("stories260K.gguf");
        assertThat(read.backboneSha256()).isEqualTo(MedTsLlmModel.sha256(Stories260K.GGUF));
        assertThat(read.promptParts()).containsExactly("dataset", "patient", "task");
        assertThat(read.epochs()).hasSize(1);
        assertThat(read.validation().samples()).isPositive();
        assertThat(read).isEqualTo(metadata);
    }

    @Test
    void otherBackboneRejected() throws IOException {
        Path out = directory.resolve("model");
        new MedTsLlmTrainer(TrainingProgress.NONE).train(options(out, 1)).close();
        Path copy = directory.resolve("other.gguf");
        Files.write(copy, Files.readAllBytes(Stories260K.GGUF));
        Files.write(copy, new byte[] {0}, StandardOpenOption.APPEND);

        assertThatThrownBy(() -> MedTsLlmModel.load(out, copy))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("was trained with stories260K.gguf of SHA-256");
    }

    private static MedTsLlmTrainingOptions options(Path out, int epochs) {
        return new MedTsLlmTrainingOptions(
                LudbTestData.folder(),
                out,
                Stories260K.GGUF,
                List.of(1, 2),
                List.of(3),
                NETWORK,
                PromptParts.parse("dataset,patient,task"),
                256,
                8,
                epochs,
                5,
                0,
                4,
                true,
                1e-4f,
                LearningRateSchedule.CONSTANT,
                "medstream train --model medtsllm --task waves",
                "test");
    }

    private static Map<String, float[]> values(ParameterList parameters) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : parameters) {
            values.put(parameter.getKey(), parameter.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
