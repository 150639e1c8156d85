package org.medstream.model.medtsllm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.model.llm.Stories260K;
import org.medstream.model.medtsllm.prompt.PromptBuilder;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.schemas.PatientContext;

/** Checks the MedTsLLM network on the stories260K backbone: shapes, frozen weights, caching. */
class MedTsLlmNetworkTest {
    /**
     * Max difference between cached and uncached logits when every window has the same prompt
     * length, so neither path pads. Measured 0 to 1.0e-5 on logits up to 18, depending on the
     * initial weights: the head's 4096-wide sums round differently on inputs that differ in the
     * last bits.
     */
    private static final double CACHE_TOLERANCE = 5e-5;

    /**
     * Max difference between cached and uncached logits with per-window statistics, whose prompts
     * are padded to different lengths in the two paths. Logits reach 18 here. The same window in a
     * batch of 1 and in a batch of 16, both uncached, already differs by up to 6.8e-5, because the
     * head's 4096-wide sums are blocked differently. Cached and uncached differ by up to 8.9e-5.
     */
    private static final double BATCH_TOLERANCE = 2e-4;

    private static MedTsLlmModel model;

    @BeforeAll
    static void create() throws IOException {
        Engine.getInstance().setRandomSeed(7);
        model =
                MedTsLlmModel.create(
                        MedTsLlmConfig.defaults(512, 4),
                        Stories260K.GGUF,
                        new PromptBuilder(
                                PromptParts.ALL,
                                "LUDB, 12-lead ECG at 500 Hz.",
                                "Label P, QRS, T."),
                        "medtsllm-test");
        model.initialize();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void forwardShape() {
        try (NDManager manager = model.model().getNDManager().newSubManager()) {
            List<float[]> windows = windows(3, 1);
            List<int[]> ids = new ArrayList<>();
            for (float[] window : windows) {
                ids.add(model.promptIds(patient(), window));
            }
            NDList inputs = WindowBatch.of(manager, windows, ids);

            NDArray logits =
                    model.network()
                            .forward(new ParameterStore(manager, false), inputs, false)
                            .singletonOrThrow();

            assertThat(logits.getShape()).isEqualTo(new Shape(3, 4, 512));
        }
    }

    @Test
    void reprogrammingShape() {
        MedTsLlmConfig config = MedTsLlmConfig.defaults(512, 4);
        try (NDManager manager = NDManager.newBaseManager()) {
            ReprogrammingLayer layer = new ReprogrammingLayer(config, 64);
            layer.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            Shape patches = new Shape(2, 64, 32);
            Shape prototypes = new Shape(1024, 64);
            layer.initialize(manager, DataType.FLOAT32, patches, prototypes);

            NDArray output =
                    layer.forward(
                                    new ParameterStore(manager, false),
                                    new NDList(
                                            manager.randomNormal(patches),
                                            manager.randomNormal(prototypes)),
                                    false)
                            .singletonOrThrow();

            assertThat(output.getShape()).isEqualTo(new Shape(2, 64, 64));
        }
    }

    @Test
    void onlyTrainableLayersAreParameters() {
        List<String> names = new ArrayList<>();
        for (Pair<String, Parameter> parameter : model.network().getParameters()) {
            names.add(parameter.getKey());
            assertThat(parameter.getValue().requiresGradient()).as(parameter.getKey()).isTrue();
        }
        assertThat(names).noneMatch(name -> name.contains("layer") || name.contains("embedding"));
        assertThat(names).anyMatch(name -> name.contains("prototypes"));
        assertThat(model.backbone().decoder().getParameters().size()).isEqualTo(48);
    }

    @Test
    void cachedPrefixMatchesUncached() {
        List<float[]> windows = windows(20, 2);

        List<float[][]> uncached = model.logits(windows, patient(), false);
        List<float[][]> cached = model.logits(windows, patient(), true);

        assertThat(cached).hasSize(20);
        assertThat(maxDifference(cached, uncached)).isLessThan(BATCH_TOLERANCE);
    }

    @Test
    void cachedPrefixWithoutStatistics() throws IOException {
        PromptBuilder prompt =
                new PromptBuilder(
                        new PromptParts(true, true, true, false), "LUDB.", "Label waves.");
        Engine.getInstance().setRandomSeed(7);
        try (MedTsLlmModel constant =
                MedTsLlmModel.create(
                        MedTsLlmConfig.defaults(512, 4), Stories260K.GGUF, prompt, "constant")) {
            constant.initialize();
            List<float[]> windows = windows(20, 3);

            List<float[][]> uncached = constant.logits(windows, patient(), false);
            List<float[][]> cached = constant.logits(windows, patient(), true);

            assertThat(maxDifference(cached, uncached)).isLessThan(CACHE_TOLERANCE);
        }
    }

    static double maxDifference(List<float[][]> actual, List<float[][]> expected) {
        double maxDifference = 0;
        for (int w = 0; w < expected.size(); w++) {
            for (int c = 0; c < expected.get(w).length; c++) {
                for (int t = 0; t < expected.get(w)[c].length; t++) {
                    double difference = Math.abs(actual.get(w)[c][t] - expected.get(w)[c][t]);
                    maxDifference = Math.max(maxDifference, difference);
                }
            }
        }
        return maxDifference;
    }

    static PatientContext patient() {
        return PatientContext.newBuilder()
                .setStreamId("1")
                .setPatientId("1")
                .setAgeYears(51)
                .setSex("F")
                .setDiagnoses(List.of("Rhythm: Sinus rhythm.", "Left ventricular hypertrophy"))
                .setMedications(List.of())
                .setSource("test")
                .setUpdatedAtMicros(java.time.Instant.EPOCH)
                .build();
    }

    static List<float[]> windows(int count, long seed) {
        Random random = new Random(seed);
        List<float[]> windows = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            float[] window = new float[512];
            double phase = random.nextDouble() * 10;
            for (int t = 0; t < window.length; t++) {
                window[t] = (float) (Math.sin(t / 20.0 + phase) + 0.1 * random.nextGaussian());
            }
            windows.add(window);
        }
        return windows;
    }
}
