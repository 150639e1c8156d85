package org.medstream.model.medtsllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.model.llm.Stories260K;
import org.medstream.model.medtsllm.prompt.PromptBuilder;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.medtsllm.train.BoundaryRecord;
import org.medstream.model.medtsllm.train.BoundaryRecords;
import org.medstream.model.medtsllm.train.BoundaryTask;
import org.medstream.model.medtsllm.train.BoundaryWindows;
import org.medstream.model.medtsllm.train.LabelledWindow;

/**
 * The covariate modes of {@link MedTsLlmNetwork} on windows of the bundled BIDMC record 01 (RESP,
 * PLETH and II at 125 Hz), with untrained layers.
 */
class CovariateModesTest {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final int WINDOW = 512;
    private static final int SEED = 11;

    /**
     * Max difference between outputs that are the same sums in a different order or batch layout:
     * independent against the mean of single-channel runs, average against itself on permuted
     * channels. Logits here are below 10. The average of permuted channels differed by 1.4e-4,
     * because the backbone and the head's 4096-wide sums carry on the rounding of the mean.
     */
    private static final double ROUNDING = 1e-3;

    /**
     * Without statistics, because they describe a window's first channel in every mode, so a
     * single-channel run of another channel, or the same channels in another order, would get
     * another prompt.
     */
    private static final PromptBuilder PROMPT =
            new PromptBuilder(
                    PromptParts.parse("dataset,task"),
                    BoundaryTask.BREATHS.datasetDescription(),
                    BoundaryTask.BREATHS.taskDescription());

    /** Four windows of RESP, PLETH and II, channels one after the other. */
    private static List<float[]> windows;

    @BeforeAll
    static void readWindows() throws IOException {
        BoundaryRecord record =
                BoundaryRecords.bidmc(
                        DATA.resolve("bidmc"), 1, 240, 260, List.of("RESP", "PLETH", "II"));
        List<LabelledWindow> labelled =
                BoundaryWindows.training(List.of(record), WINDOW, 512, 0).subList(0, 4);
        windows = new ArrayList<>();
        for (LabelledWindow window : labelled) {
            windows.add(window.input());
        }
    }

    @Test
    void everyModeGivesOneOutputPerSample() throws IOException {
        for (CovariateMode mode : CovariateMode.values()) {
            try (MedTsLlmModel model = model(mode, 3)) {
                List<float[][]> logits = model.logits(windows, null, true);

                assertThat(logits).as(mode.optionName()).hasSize(4);
                for (float[][] window : logits) {
                    assertThat(window.length).isEqualTo(1);
                    assertThat(window[0]).hasSize(WINDOW);
                }
            }
        }
    }

    @Test
    void channelCountShapesTheWeights() throws IOException {
        try (MedTsLlmModel concatenate = model(CovariateMode.CONCATENATE, 3);
                MedTsLlmModel interleave = model(CovariateMode.INTERLEAVE, 3);
                MedTsLlmModel weighted = model(CovariateMode.WEIGHTED_AVERAGE, 3);
                MedTsLlmModel single = model(CovariateMode.INDEPENDENT, 3)) {
            Map<String, Shape> one = shapes(single);
            Map<String, Shape> concatenated = shapes(concatenate);
            Map<String, Shape> interleaved = shapes(interleave);
            String query = nameMatching(one, ".*reprogramming.*query.*weight");
            String headOutput = nameMatching(one, ".*head.*output.*weight");

            assertThat(concatenated.get(query)).isEqualTo(new Shape(512, 3 * 32));
            assertThat(one.get(query)).isEqualTo(new Shape(512, 32));
            assertThat(interleaved.get(headOutput)).isEqualTo(new Shape(512, 3 * 64 * 64));
            assertThat(one.get(headOutput)).isEqualTo(new Shape(512, 64 * 64));
            assertThat(shapes(weighted).get("channelWeights")).isEqualTo(new Shape(3));
            assertThat(one).doesNotContainKey("channelWeights");
        }
    }

    /**
     * With one channel every mode computes today's single-channel network: the same seed gives the
     * same weights, and windows [batch, 1, T] give the logits of windows [batch, T].
     */
    @Test
    void oneChannelMatchesSingleChannelNetwork() throws IOException {
        List<float[]> resp = channel(windows, 3, 0);
        try (MedTsLlmModel reference = model(null, 1)) {
            Map<String, float[]> referenceWeights = weights(reference);
            float[] expected = forward(reference, resp, false);
            for (CovariateMode mode : CovariateMode.values()) {
                try (MedTsLlmModel model = model(mode, 1)) {
                    Map<String, float[]> modeWeights = weights(model);
                    modeWeights.remove("channelWeights");
                    assertThat(modeWeights.keySet())
                            .as(mode.optionName())
                            .isEqualTo(referenceWeights.keySet());
                    for (String name : referenceWeights.keySet()) {
                        // Arrays.equals, because AssertJ's containsExactly on arrays of millions
                        // of values takes minutes.
                        assertThat(Arrays.equals(modeWeights.get(name), referenceWeights.get(name)))
                                .as(mode.optionName() + " " + name + " equals the reference")
                                .isTrue();
                    }

                    float[] actual = forward(model, resp, true);

                    assertThat(maxDifference(actual, expected)).as(mode.optionName()).isEqualTo(0);
                }
            }
        }
    }

    /**
     * Independent with three channels is the mean of the three single-channel runs of the same
     * weights, with the prompt prefix cached (so the cache goes back to the prefix between
     * channels) and without.
     */
    @Test
    void independentIsMeanOfSingleChannelRuns() throws IOException {
        try (MedTsLlmModel independent = model(CovariateMode.INDEPENDENT, 3);
                MedTsLlmModel single = model(null, 1)) {
            assertThat(weights(independent).keySet()).isEqualTo(weights(single).keySet());
            for (boolean cached : new boolean[] {true, false}) {
                List<float[][]> combined = independent.logits(windows, null, cached);
                float[][] mean = new float[windows.size()][WINDOW];
                for (int c = 0; c < 3; c++) {
                    List<float[][]> one = single.logits(channel(windows, 3, c), null, cached);
                    for (int w = 0; w < windows.size(); w++) {
                        for (int t = 0; t < WINDOW; t++) {
                            mean[w][t] += one.get(w)[0][t] / 3;
                        }
                    }
                }

                for (int w = 0; w < windows.size(); w++) {
                    assertThat(maxDifference(combined.get(w)[0], mean[w]))
                            .as("cached " + cached + ", window " + w)
                            .isLessThan(ROUNDING);
                }
            }
        }
    }

    /**
     * Average, independent and (while its weights are equal, as at the start) weighted average do
     * not depend on the channel order; concatenate and interleave do, because the order decides
     * which weights or token positions a channel meets.
     */
    @Test
    void channelOrder() throws IOException {
        List<float[]> permuted = new ArrayList<>();
        for (float[] window : windows) {
            float[] moved = new float[window.length];
            System.arraycopy(window, 2 * WINDOW, moved, 0, WINDOW);
            System.arraycopy(window, 0, moved, WINDOW, 2 * WINDOW);
            permuted.add(moved);
        }
        for (CovariateMode mode : CovariateMode.values()) {
            try (MedTsLlmModel model = model(mode, 3)) {
                float[] original = forward(model, windows, false);
                float[] reordered = forward(model, permuted, false);

                double difference = maxDifference(reordered, original);
                if (mode == CovariateMode.CONCATENATE || mode == CovariateMode.INTERLEAVE) {
                    assertThat(difference).as(mode.optionName()).isGreaterThan(1e-2);
                } else {
                    assertThat(difference).as(mode.optionName()).isLessThan(ROUNDING);
                }
            }
        }
    }

    @Test
    void wrongChannelCountIsRejected() throws IOException {
        try (MedTsLlmModel model = model(CovariateMode.AVERAGE, 2)) {
            assertThatThrownBy(() -> forward(model, windows, false, 3))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("windows of shape (4, 3, 512)")
                    .hasMessageContaining("network of 2 channel(s) per window (average)");
        }
    }

    @Test
    void unknownModeNamesOptionAndValue() {
        assertThatThrownBy(() -> CovariateMode.parse("sum", "--covariates"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unknown covariate mode 'sum' in --covariates; expected one of"
                                + " concatenate, interleave, weighted-average, average,"
                                + " independent");
        assertThatThrownBy(() -> new Covariates(CovariateMode.AVERAGE, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 channel, got 0");
    }

    /**
     * Creates a model with initialised layers from seed {@link #SEED}; a null mode means the
     * configuration without covariates, as before they existed.
     */
    private static MedTsLlmModel model(CovariateMode mode, int channels) throws IOException {
        MedTsLlmConfig config = MedTsLlmConfig.defaults(WINDOW, 1).withPrototypes(64);
        if (mode != null) {
            config = config.withCovariates(new Covariates(mode, channels));
        }
        Engine.getInstance().setRandomSeed(SEED);
        MedTsLlmModel model = MedTsLlmModel.create(config, Stories260K.GGUF, PROMPT, "covariates");
        model.initialize();
        return model;
    }

    private static float[] forward(MedTsLlmModel model, List<float[]> batch, boolean addAxis) {
        return forward(model, batch, addAxis, model.network().config().channels());
    }

    /**
     * Runs the network without a cache on windows of {@code channels} channels. With {@code
     * addAxis} the windows [batch, T] are passed as [batch, 1, T].
     */
    private static float[] forward(
            MedTsLlmModel model, List<float[]> batch, boolean addAxis, int channels) {
        try (NDManager manager = model.model().getNDManager().newSubManager()) {
            List<int[]> ids = new ArrayList<>();
            for (float[] window : batch) {
                ids.add(model.promptIds(null, window));
            }
            NDList inputs = WindowBatch.of(manager, batch, ids, channels);
            NDArray samples = inputs.get(0);
            if (addAxis) {
                samples = samples.reshape(batch.size(), 1, WINDOW);
            }
            return model.network()
                    .forward(
                            new ParameterStore(manager, false),
                            new NDList(samples, inputs.get(1), inputs.get(2)),
                            false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    /** Channel {@code c} of windows of {@code channels} channels. */
    private static List<float[]> channel(List<float[]> batch, int channels, int c) {
        List<float[]> one = new ArrayList<>();
        for (float[] window : batch) {
            int length = window.length / channels;
            one.add(Arrays.copyOfRange(window, c * length, (c + 1) * length));
        }
        return one;
    }

    private static Map<String, float[]> weights(MedTsLlmModel model) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : model.network().getParameters()) {
            weights.put(parameter.getKey(), parameter.getValue().getArray().toFloatArray());
        }
        return weights;
    }

    private static Map<String, Shape> shapes(MedTsLlmModel model) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : model.network().getParameters()) {
            shapes.put(parameter.getKey(), parameter.getValue().getArray().getShape());
        }
        return shapes;
    }

    private static String nameMatching(Map<String, Shape> shapes, String regex) {
        return shapes.keySet().stream()
                .filter(name -> name.matches(regex))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no parameter matches " + regex + ": " + shapes));
    }

    private static double maxDifference(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        return max;
    }
}
