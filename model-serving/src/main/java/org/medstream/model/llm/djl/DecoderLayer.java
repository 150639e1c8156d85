package org.medstream.model.llm.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.medstream.model.llm.FloatTensor;
import org.medstream.model.llm.LayerWeights;
import org.medstream.model.llm.LlamaConfig;

/**
 * One Llama decoder layer with frozen weights: x + attention(RMSNorm(x)), then h + MLP(RMSNorm(h))
 * with the SwiGLU MLP W_2(silu(W_1 h) · W_3 h). Attention is causal, with rotary position
 * embeddings and grouped-query heads.
 */
final class DecoderLayer extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int index;
    private final LlamaConfig config;
    private final Parameter attentionNorm;
    private final Parameter query;
    private final Parameter key;
    private final Parameter value;
    private final Parameter attentionOutput;
    private final Parameter feedForwardNorm;
    private final Parameter gate;
    private final Parameter up;
    private final Parameter down;

    DecoderLayer(int index, LlamaConfig config, LayerWeights weights, NDManager manager) {
        super(VERSION);
        this.index = index;
        this.config = config;
        attentionNorm = frozen("attention_norm", weights.attentionNorm(), manager);
        query = frozen("query", weights.query(), manager);
        key = frozen("key", weights.key(), manager);
        value = frozen("value", weights.value(), manager);
        attentionOutput = frozen("attention_output", weights.attentionOutput(), manager);
        feedForwardNorm = frozen("feed_forward_norm", weights.feedForwardNorm(), manager);
        gate = frozen("gate", weights.gate(), manager);
        up = frozen("up", weights.up(), manager);
        down = frozen("down", weights.down(), manager);
    }

    /** Adds a parameter set to {@code tensor} that requires no gradient. */
    private Parameter frozen(String name, FloatTensor tensor, NDManager manager) {
        return addParameter(frozenParameter(name, tensor, manager));
    }

    static Parameter frozenParameter(String name, FloatTensor tensor, NDManager manager) {
        NDArray array = manager.create(tensor.values(), new Shape(tensor.shape()));
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .optArray(array)
                .optRequiresGrad(false)
                .build();
    }

    /**
     * Runs the layer on {@code x} [batch, length, d].
     *
     * @param rotary cosines and sines from {@link RotaryEmbedding#cosinesAndSines}
     * @param bias additive attention bias [batch or 1, 1, length, cached + length] (0 where
     *     allowed, a large negative number where masked), or null when every key is allowed
     * @param cache the cache to read and extend, or null
     */
    NDArray forward(
            ParameterStore store,
            NDArray x,
            NDList rotary,
            NDArray bias,
            KeyValueCache cache,
            boolean training) {
        Device device = x.getDevice();
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int headDimension = config.headDimension();

        NDArray normed = RmsNorm.apply(x, weight(store, attentionNorm, device, training), config);
        NDArray q =
                heads(linear(normed, store, query, training), batch, length, config.headCount());
        NDArray k =
                heads(linear(normed, store, key, training), batch, length, config.kvHeadCount());
        NDArray v =
                heads(linear(normed, store, value, training), batch, length, config.kvHeadCount());
        q = RotaryEmbedding.rotate(q, rotary.get(0), rotary.get(1));
        k = RotaryEmbedding.rotate(k, rotary.get(0), rotary.get(1));

        if (cache != null) {
            NDArray[] cached = cache.append(index, k, v);
            k = cached[0];
            v = cached[1];
        }
        k = repeatKvHeads(k);
        v = repeatKvHeads(v);

        NDArray scores =
                ConstantFactor.multiply(
                        q.matMul(k.transpose(0, 1, 3, 2)), 1 / Math.sqrt(headDimension));
        if (bias != null) {
            scores = scores.add(bias);
        }
        NDArray attended =
                scores.softmax(-1)
                        .matMul(v)
                        .transpose(0, 2, 1, 3)
                        .reshape(batch, length, config.embeddingLength());
        NDArray h = x.add(linear(attended, store, attentionOutput, training));

        NDArray normedH =
                RmsNorm.apply(h, weight(store, feedForwardNorm, device, training), config);
        NDArray gated = linear(normedH, store, gate, training);
        NDArray activated = gated.mul(Activation.sigmoid(gated));
        NDArray product = activated.mul(linear(normedH, store, up, training));
        return h.add(linear(product, store, down, training));
    }

    /** [batch, length, heads · headDimension] to [batch, heads, length, headDimension]. */
    private NDArray heads(NDArray projected, long batch, long length, int heads) {
        return projected
                .reshape(batch, length, heads, config.headDimension())
                .transpose(0, 2, 1, 3);
    }

    /**
     * Repeats each key/value head for the groupSize query heads that share it: query head h reads
     * key/value head h / groupSize, the order of Hugging Face's {@code repeat_kv} and llama.cpp.
     */
    private NDArray repeatKvHeads(NDArray x) {
        int group = config.groupSize();
        if (group == 1) {
            return x;
        }
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long kvHeads = shape.get(1);
        long length = shape.get(2);
        long width = shape.get(3);
        return x.expandDims(2)
                .broadcast(new Shape(batch, kvHeads, group, length, width))
                .reshape(batch, kvHeads * group, length, width);
    }

    private static NDArray linear(
            NDArray input, ParameterStore store, Parameter weight, boolean training) {
        return Linear.linear(input, weight(store, weight, input.getDevice(), training))
                .singletonOrThrow();
    }

    private static NDArray weight(
            ParameterStore store, Parameter parameter, Device device, boolean training) {
        return store.getValue(parameter, device, training);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        throw new UnsupportedOperationException(
                "a decoder layer runs inside LlamaDecoder, which supplies its rotary angles and mask");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
