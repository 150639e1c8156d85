package org.medstream.model.llm.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medstream.model.llm.FloatTensor;
import org.medstream.model.llm.LayerWeights;
import org.medstream.model.llm.LlamaConfig;
import org.medstream.model.llm.LlamaModel;
import org.medstream.model.llm.LlamaTokenizer;
import org.medstream.model.llm.LlamaWeights;
import org.medstream.model.llm.Stories260K;
import org.medstream.model.llm.gguf.GgufFile;

/**
 * Converts stories260K from GGUF to a Hugging Face directory (config.json and model.safetensors,
 * with query and key rows in the rotate-half order of {@code transformers}) and checks that both
 * load to the same model.
 */
class HuggingFaceLoadingTest {
    /** BOS, then the tokens of "Once upon a time, there was a little girl named Lily." */
    private static long[] prompt;

    private static LlamaConfig config;
    private static LlamaWeights weights;

    @TempDir Path directory;

    @BeforeAll
    static void load() throws IOException {
        GgufFile file = GgufFile.open(Stories260K.GGUF);
        config = LlamaConfig.fromGguf(file);
        weights = LlamaWeights.fromGguf(file, config);

        LlamaTokenizer tokenizer = LlamaTokenizer.fromGguf(file);
        int[] ids = tokenizer.encode("Once upon a time, there was a little girl named Lily.");
        prompt = new long[ids.length + 1];
        prompt[0] = tokenizer.bosId();
        for (int i = 0; i < ids.length; i++) {
            prompt[i + 1] = ids[i];
        }
    }

    /**
     * Compares with the GGUF model whose weights are rounded to the same dtype in memory, so the
     * only difference left is the loading path: the logits must agree to float32 rounding.
     */
    @ParameterizedTest
    @ValueSource(strings = {"F32", "F16", "BF16"})
    void safetensorsMatchGguf(String dtype) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter(dtype);
        writeModel(writer, weights, false);
        LlamaWeights rounded = map(weights, tensor -> round(tensor, writer));

        float[] loaded;
        try (LlamaModel model = LlamaModel.load(directory)) {
            assertThat(model.config()).isEqualTo(config);
            loaded = logits(model);
        }
        float[] expected;
        try (LlamaModel model = LlamaModel.create(config, rounded, null, Device.cpu())) {
            expected = logits(model);
        }

        assertThat(maxDifference(loaded, expected)).isLessThan(1e-6);
    }

    /**
     * Bounds the effect of the rounding itself against the F32 logits, whose magnitudes reach about
     * 20. Rounding a weight changes it by up to 2^−11 of its value in F16 and 2^−8 in BF16.
     * Measured max differences on this prompt: F16 0.017, BF16 0.093. The tolerances are about
     * three times those.
     */
    @ParameterizedTest
    @ValueSource(strings = {"F16", "BF16"})
    void halfPrecisionCloseToFloat(String dtype) throws IOException {
        writeModel(new SafetensorsWriter(dtype), weights, false);

        float[] loaded;
        try (LlamaModel model = LlamaModel.load(directory)) {
            loaded = logits(model);
        }
        float[] exact;
        try (LlamaModel model = LlamaModel.create(config, weights, null, Device.cpu())) {
            exact = logits(model);
        }

        double tolerance = dtype.equals("F16") ? 0.05 : 0.3;
        assertThat(maxDifference(loaded, exact)).isLessThan(tolerance);
    }

    @Test
    void tiedEmbeddingsUseEmbeddingMatrix() throws IOException {
        writeModel(new SafetensorsWriter("F32"), weights, true);

        float[] loaded;
        try (LlamaModel model = LlamaModel.load(directory)) {
            assertThat(model.config().tiedEmbeddings()).isTrue();
            loaded = logits(model);
        }
        LlamaWeights tied =
                new LlamaWeights(weights.embedding(), weights.layers(), weights.finalNorm(), null);
        float[] expected;
        try (LlamaModel model = LlamaModel.create(tiedConfig(), tied, null, Device.cpu())) {
            expected = logits(model);
        }

        assertThat(maxDifference(loaded, expected)).isZero();
    }

    @Test
    void missingTensorNamed() throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter("F32");
        writer.add("model.embed_tokens.weight", weights.embedding());
        writer.write(directory.resolve("model.safetensors"));
        writeConfig(false);

        assertThatThrownBy(() -> LlamaModel.load(directory))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "model.safetensors: tensor model.layers.0.input_layernorm.weight is missing");
    }

    @Test
    void ropeScalingRejected() throws IOException {
        writeModel(new SafetensorsWriter("F32"), weights, false);
        Path config = directory.resolve("config.json");
        String scaled =
                Files.readString(config)
                        .replace(
                                "\"rope_scaling\": null",
                                "\"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0}");
        Files.writeString(config, scaled);

        assertThatThrownBy(() -> LlamaModel.load(directory))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "config.json: rope_scaling {\"rope_type\":\"llama3\",\"factor\":8.0} is not"
                                + " supported; only plain rotary embeddings are");
    }

    @Test
    void untiedConfigNeedsLmHead() throws IOException {
        writeModel(new SafetensorsWriter("F32"), weights, true);
        writeConfig(false);

        assertThatThrownBy(() -> LlamaModel.load(directory))
                .isInstanceOf(IOException.class)
                .hasMessage("model.safetensors: tensor lm_head.weight is missing");
    }

    @Test
    void missingConfigNamed() {
        assertThatThrownBy(() -> LlamaModel.load(directory))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("config.json");
    }

    @Test
    void truncatedDataRejected() throws IOException {
        writeModel(new SafetensorsWriter("F32"), weights, false);
        Path file = directory.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));

        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("model.safetensors: tensor lm_head.weight has data_offsets")
                .hasMessageEndingWith("(truncated file?)");
    }

    private void writeModel(SafetensorsWriter writer, LlamaWeights source, boolean tied)
            throws IOException {
        writer.add("model.embed_tokens.weight", source.embedding());
        for (int n = 0; n < source.layers().size(); n++) {
            LayerWeights layer = source.layers().get(n);
            String prefix = "model.layers." + n + ".";
            writer.add(prefix + "input_layernorm.weight", layer.attentionNorm());
            writer.add(prefix + "self_attn.q_proj.weight", layer.query());
            writer.add(prefix + "self_attn.k_proj.weight", layer.key());
            writer.add(prefix + "self_attn.v_proj.weight", layer.value());
            writer.add(prefix + "self_attn.o_proj.weight", layer.attentionOutput());
            writer.add(prefix + "post_attention_layernorm.weight", layer.feedForwardNorm());
            writer.add(prefix + "mlp.gate_proj.weight", layer.gate());
            writer.add(prefix + "mlp.up_proj.weight", layer.up());
            writer.add(prefix + "mlp.down_proj.weight", layer.down());
        }
        writer.add("model.norm.weight", source.finalNorm());
        if (!tied) {
            writer.add("lm_head.weight", source.output());
        }
        writer.write(directory.resolve("model.safetensors"));
        writeConfig(tied);
    }

    private void writeConfig(boolean tied) throws IOException {
        String json =
                "{\"architectures\": [\"LlamaForCausalLM\"], \"model_type\": \"llama\","
                        + " \"hidden_size\": 64, \"intermediate_size\": 172,"
                        + " \"num_hidden_layers\": 5, \"num_attention_heads\": 8,"
                        + " \"num_key_value_heads\": 4, \"vocab_size\": 512,"
                        + " \"max_position_embeddings\": 2048, \"rms_norm_eps\": "
                        + config.rmsNormEpsilon()
                        + ", \"rope_theta\": 10000.0, \"rope_scaling\": null,"
                        + " \"tie_word_embeddings\": "
                        + tied
                        + ", \"torch_dtype\": \"float32\"}";
        Files.writeString(directory.resolve("config.json"), json);
    }

    private static LlamaConfig tiedConfig() {
        return new LlamaConfig(
                config.vocabularySize(),
                config.embeddingLength(),
                config.blockCount(),
                config.headCount(),
                config.kvHeadCount(),
                config.feedForwardLength(),
                config.ropeTheta(),
                config.rmsNormEpsilon(),
                config.contextLength(),
                true);
    }

    private static FloatTensor round(FloatTensor tensor, SafetensorsWriter writer) {
        float[] values = tensor.values().clone();
        for (int i = 0; i < values.length; i++) {
            values[i] = writer.round(values[i]);
        }
        return new FloatTensor(tensor.name(), tensor.shape(), values);
    }

    private static LlamaWeights map(LlamaWeights source, UnaryOperator<FloatTensor> function) {
        List<LayerWeights> layers = new ArrayList<>();
        for (LayerWeights layer : source.layers()) {
            layers.add(
                    new LayerWeights(
                            function.apply(layer.attentionNorm()),
                            function.apply(layer.query()),
                            function.apply(layer.key()),
                            function.apply(layer.value()),
                            function.apply(layer.attentionOutput()),
                            function.apply(layer.feedForwardNorm()),
                            function.apply(layer.gate()),
                            function.apply(layer.up()),
                            function.apply(layer.down())));
        }
        return new LlamaWeights(
                function.apply(source.embedding()),
                layers,
                function.apply(source.finalNorm()),
                function.apply(source.output()));
    }

    /** Logits of every position of {@link #prompt}, flattened. */
    private static float[] logits(LlamaModel model) {
        try (NDManager manager = model.manager().newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            NDArray ids = manager.create(prompt).reshape(1, prompt.length);
            NDArray embeddings = model.decoder().embed(store, ids);
            return model.decoder()
                    .forward(store, embeddings, null, null, true)
                    .logits()
                    .toFloatArray();
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
