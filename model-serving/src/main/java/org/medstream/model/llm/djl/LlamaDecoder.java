package org.medstream.model.llm.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.medstream.model.llm.LlamaConfig;
import org.medstream.model.llm.LlamaWeights;

/**
 * A Llama decoder as a DJL block with frozen, loaded weights: token embeddings, the decoder layers
 * ({@link DecoderLayer}), a final RMSNorm and the output projection (tied to the embeddings or
 * separate). Every parameter contains its loaded array and requires no gradient, so the block can
 * sit inside a trainable model. Gradients still flow back to the input embeddings.
 *
 * <p>Two entry points:
 *
 * <ul>
 *   <li>{@link #forward(ParameterStore, NDArray, NDArray, KeyValueCache, boolean)} with input
 *       embeddings [batch, length, d], an optional attention mask and an optional {@link
 *       KeyValueCache};
 *   <li>the DJL {@code Block} interface: inputs {token ids [batch, length] (integer type) or input
 *       embeddings [batch, length, d] (float), optional attention mask [batch, length]}, outputs
 *       {hidden states, logits}, without a cache.
 * </ul>
 *
 * <p>An attention mask contains 1 for real tokens and 0 for padding. Sequences of different lengths
 * are left-padded: a token's position is the number of real tokens before it, and no query attends
 * to padding. Sequences in a batch have equal padded lengths.
 */
public final class LlamaDecoder extends AbstractBlock {
    private static final byte VERSION = 1;

    /** Added to the scores of masked keys; large enough that softmax gives them exactly 0. */
    private static final float MASKED = -1e9f;

    private final LlamaConfig config;
    private final Parameter embedding;
    private final Parameter finalNorm;
    private final Parameter output;
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final RotaryEmbedding rotary;

    private LlamaDecoder(LlamaConfig config, LlamaWeights weights, NDManager manager) {
        super(VERSION);
        this.config = config;
        embedding =
                addParameter(
                        DecoderLayer.frozenParameter("embedding", weights.embedding(), manager));
        finalNorm =
                addParameter(
                        DecoderLayer.frozenParameter("final_norm", weights.finalNorm(), manager));
        output =
                weights.output() == null
                        ? embedding
                        : addParameter(
                                DecoderLayer.frozenParameter("output", weights.output(), manager));
        for (int i = 0; i < config.blockCount(); i++) {
            DecoderLayer layer = new DecoderLayer(i, config, weights.layers().get(i), manager);
            layers.add(addChildBlock("layer" + i, layer));
        }
        rotary = new RotaryEmbedding(config.headDimension(), config.ropeTheta());
    }

    /**
     * Builds a decoder whose weights are arrays of {@code manager}, on its device; closing the
     * manager frees them.
     *
     * @throws IllegalArgumentException when a weight's shape does not match {@code config}
     */
    public static LlamaDecoder create(LlamaConfig config, LlamaWeights weights, NDManager manager) {
        weights.checkShapes(config);
        return new LlamaDecoder(config, weights, manager);
    }

    public LlamaConfig config() {
        return config;
    }

    /** Returns a new, empty cache whose arrays live in a sub-manager of {@code manager}. */
    public KeyValueCache newCache(NDManager manager) {
        return new KeyValueCache(layers.size(), manager);
    }

    /** Looks up the embeddings [batch, length, d] of token ids [batch, length]. */
    public NDArray embed(ParameterStore store, NDArray tokenIds) {
        Shape shape = tokenIds.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException(
                    "token ids must have shape [batch, length], got " + shape);
        }
        NDArray table = store.getValue(embedding, tokenIds.getDevice(), false);
        NDArray flat = tokenIds.toType(DataType.INT64, false).reshape(-1);
        NDArray rows = table.get(flat);
        // DJL puts the result in the table's manager; move it to the caller's, with the ids.
        rows.attach(tokenIds.getManager());
        return rows.reshape(shape.get(0), shape.get(1), config.embeddingLength());
    }

    /**
     * Runs the decoder on input embeddings.
     *
     * @param inputs input embeddings [batch, length, d], e.g. from {@link #embed}
     * @param attentionMask 1 for real tokens, 0 for left padding, [batch, length]; null when every
     *     token is real
     * @param cache keys and values of earlier tokens, extended by this call; null to run without
     * @param computeLogits whether to apply the output projection
     */
    public DecoderOutput forward(
            ParameterStore store,
            NDArray inputs,
            NDArray attentionMask,
            KeyValueCache cache,
            boolean computeLogits) {
        Shape shape = inputs.getShape();
        if (shape.dimension() != 3 || shape.get(2) != config.embeddingLength()) {
            throw new IllegalArgumentException(
                    "input embeddings must have shape [batch, length, "
                            + config.embeddingLength()
                            + "], got "
                            + shape);
        }
        long batch = shape.get(0);
        long length = shape.get(1);
        if (attentionMask != null && !attentionMask.getShape().equals(new Shape(batch, length))) {
            throw new IllegalArgumentException(
                    "attention mask must have shape ["
                            + batch
                            + ", "
                            + length
                            + "], got "
                            + attentionMask.getShape());
        }
        NDManager manager = inputs.getManager();
        int past = cache == null ? 0 : cache.length();

        NDArray keyMask;
        if (cache != null) {
            keyMask = cache.extendMask(attentionMask, batch, length, manager);
        } else {
            keyMask = attentionMask == null ? null : attentionMask.toType(DataType.FLOAT32, false);
        }

        NDArray positions = positions(manager, keyMask, past, length);
        NDList cosinesAndSines = rotary.cosinesAndSines(positions);
        NDArray bias = attentionBias(manager, keyMask, past, length);

        NDArray x = inputs;
        for (DecoderLayer layer : layers) {
            x = layer.forward(store, x, cosinesAndSines, bias, cache, false);
        }
        if (cache != null) {
            cache.advance(length);
        }

        NDArray hidden = RmsNorm.apply(x, store.getValue(finalNorm, x.getDevice(), false), config);
        NDArray logits = null;
        if (computeLogits) {
            NDArray projection = store.getValue(output, x.getDevice(), false);
            logits = Linear.linear(hidden, projection).singletonOrThrow();
        }
        return new DecoderOutput(hidden, logits);
    }

    /**
     * Position of each new token, float [batch or 1, length]: the count of real tokens before it,
     * which is past + i without padding.
     */
    private static NDArray positions(NDManager manager, NDArray keyMask, int past, long length) {
        if (keyMask == null) {
            return manager.arange((float) past, (float) (past + length)).reshape(1, length);
        }
        NDArray counts = keyMask.cumSum(1).sub(1).maximum(0f);
        return counts.get(":, {}:", past);
    }

    /**
     * Additive bias [batch or 1, 1, length, past + length]: {@link #MASKED} where a key lies after
     * the query (causal mask) or is padding, 0 elsewhere; null when every key is allowed.
     */
    private static NDArray attentionBias(
            NDManager manager, NDArray keyMask, int past, long length) {
        long total = past + length;
        NDArray bias = null;
        if (length > 1) {
            float[] causal = new float[Math.toIntExact(length * total)];
            for (int i = 0; i < length; i++) {
                for (long j = past + i + 1; j < total; j++) {
                    causal[(int) (i * total + j)] = MASKED;
                }
            }
            bias = manager.create(causal, new Shape(1, 1, length, total));
        }
        if (keyMask != null) {
            long batch = keyMask.getShape().get(0);
            NDArray padding =
                    keyMask.toDevice(manager.getDevice(), false)
                            .sub(1f)
                            .mul(-MASKED)
                            .reshape(batch, 1, 1, total);
            bias = bias == null ? padding : bias.add(padding);
        }
        return bias;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray first = inputs.get(0);
        NDArray embeddings = first.getDataType().isFloating() ? first : embed(store, first);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
        DecoderOutput result = forward(store, embeddings, mask, null, true);
        return new NDList(result.hidden(), result.logits());
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        // The layers' parameters hold their loaded arrays from construction; nothing to set.
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        long batch = input.get(0);
        long length = input.get(1);
        return new Shape[] {
            new Shape(batch, length, config.embeddingLength()),
            new Shape(batch, length, config.vocabularySize())
        };
    }
}
