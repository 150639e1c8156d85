package org.medstream.model.medtsllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
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

/** Checks the reconstruction head inside the MedTsLLM network on the stories260K backbone. */
class ReconstructionHeadTest {
    private static MedTsLlmModel model;

    @BeforeAll
    static void create() throws IOException {
        Engine.getInstance().setRandomSeed(11);
        model =
                MedTsLlmModel.create(
                        MedTsLlmConfig.defaults(256, 1).withPrototypes(64),
                        Stories260K.GGUF,
                        new PromptBuilder(PromptParts.parse("task"), "ECG.", "Reconstruct it."),
                        "reconstruction-test",
                        HeadKind.RECONSTRUCTION);
        model.initialize();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void oneValuePerSample() {
        try (NDManager manager = model.model().getNDManager().newSubManager()) {
            List<float[]> windows = windows(3, 0, 1, 1);
            NDList inputs = WindowBatch.of(manager, windows, prompts(windows));

            NDArray output =
                    model.network()
                            .forward(new ParameterStore(manager, false), inputs, false)
                            .singletonOrThrow();

            assertThat(output.getShape()).isEqualTo(new Shape(3, 1, 256));
            assertThat(model.network().headKind()).isEqualTo(HeadKind.RECONSTRUCTION);
        }
    }

    @Test
    void normalisationUndoneOnOutput() {
        // Instance normalisation turns a·x + b into the same input as x, so the reconstruction of
        // a·x + b is a times that of x plus b, up to the 1e-5 added to the standard deviation.
        List<float[]> plain = windows(2, 0, 1, 0);
        List<float[]> scaled = windows(2, 0, 4, 2.5f);

        List<float[][]> plainOutput = model.logits(plain, null, true);
        List<float[][]> scaledOutput = model.logits(scaled, null, true);

        for (int w = 0; w < 2; w++) {
            for (int t = 0; t < 256; t++) {
                assertThat(scaledOutput.get(w)[0][t])
                        .as("window %d sample %d", w, t)
                        .isCloseTo(4 * plainOutput.get(w)[0][t] + 2.5f, within(1e-2f));
            }
        }
    }

    @Test
    void moreThanOneClassRejected() {
        assertThatThrownBy(() -> new ReconstructionHead(MedTsLlmConfig.defaults(256, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one value per sample")
                .hasMessageContaining("2 classes");
    }

    @Test
    void segmentationModelHasNoReconstructionErrors() throws IOException {
        try (MedTsLlmModel segmentation =
                MedTsLlmModel.create(
                        MedTsLlmConfig.defaults(256, 1).withPrototypes(16),
                        Stories260K.GGUF,
                        new PromptBuilder(PromptParts.NONE, "", ""),
                        "segmentation-test")) {
            segmentation.initialize();
            assertThatThrownBy(() -> ReconstructionErrors.squared(segmentation, new float[512]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--task anomalies");
        }
    }

    @Test
    void shortLeadRejected() {
        assertThatThrownBy(() -> ReconstructionErrors.squared(model, new float[100]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100 samples is shorter than one window of 256");
    }

    @Test
    void everySampleGetsAnError() {
        float[] signal = windows(1, 7, 1, 0).get(0);
        float[] longer = new float[600];
        for (int t = 0; t < longer.length; t++) {
            longer[t] = signal[t % signal.length];
        }

        float[] errors = ReconstructionErrors.squared(model, longer);

        assertThat(errors).hasSize(600);
        for (float error : errors) {
            assertThat(error).isFinite().isGreaterThanOrEqualTo(0f);
        }
        assertThat(ReconstructionErrors.starts(600, 256)).containsExactly(0, 256, 344);
    }

    /** Windows of a noisy 1.2 Hz wave at 125 Hz, each a·x + b. */
    private static List<float[]> windows(int count, long seed, float a, float b) {
        Random random = new Random(seed);
        List<float[]> windows = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            float[] window = new float[256];
            for (int t = 0; t < window.length; t++) {
                double x =
                        Math.sin(2 * Math.PI * 1.2 * (t + 40 * w) / 125.0)
                                + 0.1 * random.nextGaussian();
                window[t] = (float) (a * x + b);
            }
            windows.add(window);
        }
        return windows;
    }

    private static List<int[]> prompts(List<float[]> windows) {
        List<int[]> ids = new ArrayList<>();
        for (float[] window : windows) {
            ids.add(model.promptIds(null, window));
        }
        return ids;
    }
}
