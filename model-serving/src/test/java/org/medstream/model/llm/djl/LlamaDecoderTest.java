package org.medstream.model.llm.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medstream.model.llm.FloatTensor;
import org.medstream.model.llm.LayerWeights;
import org.medstream.model.llm.LlamaConfig;
import org.medstream.model.llm.LlamaModel;
import org.medstream.model.llm.LlamaTokenizer;
import org.medstream.model.llm.LlamaWeights;
import org.medstream.model.llm.Stories260K;
import org.medstream.model.llm.gguf.GgufFile;

/** Checks the decoder's entry points, head sharing, padding and cache on stories260K. */
class LlamaDecoderTest {
    /**
     * Max logit difference allowed between two paths that sum the same terms in another order
     * (other matrix shapes, other softmax row lengths). Logits reach 20, where one float32 ulp is
     * 1.9e-6. Measured up to 1.1e-5.
     */
    private static final double TOLERANCE = 5e-5;

    private static LlamaConfig config;
    private static LlamaWeights weights;
    private static LlamaModel model;
    private static LlamaTokenizer tokenizer;

    private NDManager manager;
    private ParameterStore store;

    @BeforeAll
    static void load() throws IOException {
        GgufFile file = GgufFile.open(Stories260K.GGUF);
        config = LlamaConfig.fromGguf(file);
        weights = LlamaWeights.fromGguf(file, config);
        tokenizer = LlamaTokenizer.fromGguf(file);
        model = LlamaModel.create(config, weights, tokenizer, Device.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @BeforeEach
    void openManager() {
        manager = model.manager().newSubManager();
        store = new ParameterStore(manager, false);
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void storiesConfigRead() {
        assertThat(config.embeddingLength()).isEqualTo(64);
        assertThat(config.blockCount()).isEqualTo(5);
        assertThat(config.headCount()).isEqualTo(8);
        assertThat(config.kvHeadCount()).isEqualTo(4);
        assertThat(config.vocabularySize()).isEqualTo(512);
        assertThat(config.feedForwardLength()).isEqualTo(172);
        assertThat(config.ropeTheta()).isEqualTo(10000.0);
        assertThat(config.tiedEmbeddings()).isFalse();
    }

    @Test
    void embeddingsMatchIds() {
        long[] ids = prompt("Once upon a time");
        float[] rows = new float[ids.length * 64];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(weights.embedding().values(), (int) ids[i] * 64, rows, i * 64, 64);
        }
        NDArray embeddings = manager.create(rows, new Shape(1, ids.length, 64));

        NDList fromIds =
                model.decoder()
                        .forward(store, new NDList(manager.create(ids).reshape(1, -1)), false);
        NDList fromEmbeddings = model.decoder().forward(store, new NDList(embeddings), false);

        assertThat(maxDifference(fromIds.get(0), fromEmbeddings.get(0))).isZero();
        assertThat(maxDifference(fromIds.get(1), fromEmbeddings.get(1))).isZero();
    }

    @Test
    void blockOutputsHiddenAndLogits() {
        NDArray ids = manager.create(prompt("Lily")).reshape(1, -1);

        NDList outputs = model.decoder().forward(store, new NDList(ids), false);
        Shape[] expected = model.decoder().getOutputShapes(new Shape[] {ids.getShape()});

        assertThat(outputs).hasSize(2);
        assertThat(outputs.get(0).getShape()).isEqualTo(expected[0]);
        assertThat(outputs.get(1).getShape()).isEqualTo(expected[1]);
        assertThat(outputs.get(1).getShape()).isEqualTo(new Shape(1, ids.size(), 512));
    }

    @Test
    void parametersFrozen() {
        List<Parameter> parameters = new ArrayList<>();
        for (Pair<String, Parameter> pair : model.decoder().getParameters()) {
            parameters.add(pair.getValue());
        }

        // Embedding, final norm, output, and 9 per layer.
        assertThat(parameters).hasSize(3 + 5 * 9);
        assertThat(parameters).noneMatch(Parameter::requiresGradient);
        assertThat(parameters).allMatch(Parameter::isInitialized);
    }

    /**
     * Puts the decoder behind a trainable linear layer, as MedTsLLM puts it behind the
     * reprogramming layer: initialising the outer block keeps the loaded weights, and the gradient
     * of the hidden states reaches the linear layer but no decoder weight.
     */
    @Test
    void trainableLayerGetsGradient() {
        try (LlamaModel frozen = LlamaModel.create(config, weights, null, Device.cpu());
                NDManager training = frozen.manager().newSubManager()) {
            Linear reprogramming = Linear.builder().setUnits(64).build();
            SequentialBlock network =
                    new SequentialBlock().add(reprogramming).add(frozen.decoder());
            network.initialize(training, DataType.FLOAT32, new Shape(2, 5, 16));
            float[] embeddingBefore =
                    frozen.decoder().getParameters().get(0).getValue().getArray().toFloatArray();
            ParameterStore trainingStore = new ParameterStore(training, false);
            NDArray patches = training.randomNormal(new Shape(2, 5, 16));

            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList outputs = network.forward(trainingStore, new NDList(patches), true);
                collector.backward(outputs.get(0).square().sum());
            }

            NDArray linearWeight = reprogramming.getParameters().get("weight").getArray();
            assertThat(linearWeight.getGradient().abs().sum().getFloat()).isPositive();
            for (Pair<String, Parameter> parameter : frozen.decoder().getParameters()) {
                assertThat(parameter.getValue().getArray().hasGradient())
                        .as(parameter.getKey())
                        .isFalse();
            }
            assertThat(frozen.decoder().getParameters().get(0).getValue().getArray().toFloatArray())
                    .containsExactly(embeddingBefore);
        }
    }

    @Test
    void sharedKvHeadsMatchRepeatedHeads() {
        LlamaConfig repeatedConfig = config.withKvHeadCount(config.headCount());
        List<LayerWeights> layers = new ArrayList<>();
        for (LayerWeights layer : weights.layers()) {
            layers.add(
                    new LayerWeights(
                            layer.attentionNorm(),
                            layer.query(),
                            repeatHeads(layer.key(), config.groupSize()),
                            repeatHeads(layer.value(), config.groupSize()),
                            layer.attentionOutput(),
                            layer.feedForwardNorm(),
                            layer.gate(),
                            layer.up(),
                            layer.down()));
        }
        LlamaWeights repeatedWeights =
                new LlamaWeights(
                        weights.embedding(), layers, weights.finalNorm(), weights.output());
        long[] ids = prompt("Once upon a time, there was a little girl named Lily.");

        NDArray shared = logits(model, ids);
        try (LlamaModel repeated =
                LlamaModel.create(repeatedConfig, repeatedWeights, null, Device.cpu())) {
            NDArray expected = logits(repeated, ids);
            expected.attach(manager);

            assertThat(maxDifference(shared, expected)).isLessThan(TOLERANCE);
        }
    }

    @Test
    void leftPaddingMatchesUnpadded() {
        long[] longer = prompt("Once upon a time, there was a girl");
        long[] shorter = prompt("Lily saw a ball");
        int padding = longer.length - shorter.length;
        long[] padded = new long[longer.length];
        System.arraycopy(shorter, 0, padded, padding, shorter.length);
        float[] mask = new float[2 * longer.length];
        java.util.Arrays.fill(mask, 1f);
        java.util.Arrays.fill(mask, longer.length, longer.length + padding, 0f);

        NDArray ids = manager.create(new long[][] {longer, padded});
        NDList outputs =
                model.decoder()
                        .forward(
                                store,
                                new NDList(ids, manager.create(mask, new Shape(2, longer.length))),
                                false);

        NDArray batchedShorter = outputs.get(1).get("1, {}:, :", padding);
        assertThat(maxDifference(outputs.get(1).get("0"), logits(model, longer).get("0")))
                .isLessThan(TOLERANCE);
        assertThat(maxDifference(batchedShorter, logits(model, shorter).get("0")))
                .isLessThan(TOLERANCE);
    }

    @Test
    void cachedPrefixMatchesFullSequence() {
        long[] prefix = prompt("Once upon a time");
        long[] first = prompt("Lily ran");
        long[] second = prompt("Tom saw a dog");
        LlamaDecoder decoder = model.decoder();

        NDArray firstLogits;
        NDArray secondLogits;
        try (KeyValueCache cache = decoder.newCache(manager)) {
            decoder.forward(store, embed(prefix), null, cache, false);
            firstLogits = decoder.forward(store, embed(first), null, cache, true).logits();
            cache.truncate(prefix.length);
            secondLogits = decoder.forward(store, embed(second), null, cache, true).logits();

            assertThat(cache.length()).isEqualTo(prefix.length + second.length);
        }

        NDArray fullFirst = logits(model, concat(prefix, first)).get(":, {}:, :", prefix.length);
        NDArray fullSecond = logits(model, concat(prefix, second)).get(":, {}:, :", prefix.length);
        assertThat(maxDifference(firstLogits, fullFirst)).isLessThan(TOLERANCE);
        assertThat(maxDifference(secondLogits, fullSecond)).isLessThan(TOLERANCE);
    }

    /** Training with a cached prompt prefix gets the gradient that the full sequence gives. */
    @Test
    void gradientFlowsThroughCache() {
        long[] prefix = prompt("Once upon a time");
        long[] window = prompt("Lily ran to the park");
        LlamaDecoder decoder = model.decoder();

        NDArray cachedScale = manager.create(1.5f);
        cachedScale.setRequiresGradient(true);
        try (KeyValueCache cache = decoder.newCache(manager)) {
            decoder.forward(store, embed(prefix), null, cache, false);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray inputs = embed(window).mul(cachedScale);
                collector.backward(
                        decoder.forward(store, inputs, null, cache, false).hidden().sum());
            }
        }

        NDArray fullScale = manager.create(1.5f);
        fullScale.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray inputs = embed(prefix).concat(embed(window).mul(fullScale), 1);
            NDArray hidden = decoder.forward(store, inputs, null, null, false).hidden();
            collector.backward(hidden.get(":, {}:, :", prefix.length).sum());
        }

        float expected = fullScale.getGradient().getFloat();
        assertThat(expected).isNotZero();
        assertThat(cachedScale.getGradient().getFloat())
                .isCloseTo(expected, within(1e-4f * Math.abs(expected)));
    }

    @Test
    void expandedPrefixServesBatch() {
        long[] prefix = prompt("Once upon a time");
        long[] first = prompt("Lily ran to the park");
        // The batch needs equal lengths, so the second window takes as many tokens as the first.
        long[] second =
                java.util.Arrays.copyOf(prompt("Tom and his dog sat in the sun"), first.length);
        LlamaDecoder decoder = model.decoder();

        NDArray batchLogits;
        try (KeyValueCache cache = decoder.newCache(manager)) {
            decoder.forward(store, embed(prefix), null, cache, false);
            cache.expandBatch(2);
            batchLogits =
                    decoder.forward(store, embed(new long[][] {first, second}), null, cache, true)
                            .logits();
        }

        NDArray fullFirst = logits(model, concat(prefix, first)).get(":, {}:, :", prefix.length);
        NDArray fullSecond = logits(model, concat(prefix, second)).get(":, {}:, :", prefix.length);
        assertThat(maxDifference(batchLogits.get("0:1"), fullFirst)).isLessThan(TOLERANCE);
        assertThat(maxDifference(batchLogits.get("1:2"), fullSecond)).isLessThan(TOLERANCE);
    }

    @Test
    void paddedPrefixCachePositionsTokens() {
        long[] longer = prompt("Once upon a time");
        long[] shorter = prompt("One day");
        long[] next = prompt("Lily");
        int padding = longer.length - shorter.length;
        long[] padded = new long[longer.length];
        System.arraycopy(shorter, 0, padded, padding, shorter.length);
        float[] mask = new float[2 * longer.length];
        java.util.Arrays.fill(mask, 1f);
        java.util.Arrays.fill(mask, longer.length, longer.length + padding, 0f);
        LlamaDecoder decoder = model.decoder();

        NDArray appended;
        try (KeyValueCache cache = decoder.newCache(manager)) {
            NDArray prefix = embed(new long[][] {longer, padded});
            decoder.forward(
                    store, prefix, manager.create(mask, new Shape(2, longer.length)), cache, false);
            NDArray nextIds = embed(new long[][] {next, next});
            appended = decoder.forward(store, nextIds, null, cache, true).logits();
        }

        NDArray expected =
                logits(model, concat(shorter, next)).get(":, {}:, :", shorter.length).get("0");
        assertThat(maxDifference(appended.get("1"), expected)).isLessThan(TOLERANCE);
    }

    private long[] prompt(String text) {
        int[] ids = tokenizer.encode(text);
        long[] result = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            result[i] = ids[i];
        }
        return result;
    }

    private NDArray embed(long[] ids) {
        return embed(new long[][] {ids});
    }

    private NDArray embed(long[][] ids) {
        return model.decoder().embed(store, manager.create(ids));
    }

    /** Logits [1, length, vocabulary] of one sequence without cache. */
    private NDArray logits(LlamaModel source, long[] ids) {
        NDManager owner = source == model ? manager : source.manager();
        ParameterStore sourceStore = new ParameterStore(owner, false);
        NDArray embeddings =
                source.decoder().embed(sourceStore, owner.create(ids).reshape(1, ids.length));
        return source.decoder().forward(sourceStore, embeddings, null, null, true).logits();
    }

    /** Repeats each head's rows [kvHeads · headDimension, d] {@code group} times in a row. */
    private static FloatTensor repeatHeads(FloatTensor weight, int group) {
        int headDimension = config.headDimension();
        int columns = (int) weight.shape()[1];
        int heads = (int) weight.shape()[0] / headDimension;
        int headValues = headDimension * columns;
        float[] repeated = new float[weight.values().length * group];
        for (int h = 0; h < heads; h++) {
            for (int copy = 0; copy < group; copy++) {
                System.arraycopy(
                        weight.values(),
                        h * headValues,
                        repeated,
                        (h * group + copy) * headValues,
                        headValues);
            }
        }
        return new FloatTensor(
                weight.name(),
                new long[] {(long) heads * group * headDimension, columns},
                repeated);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] result = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }

    private static double maxDifference(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}
