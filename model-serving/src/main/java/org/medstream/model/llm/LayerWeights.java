package org.medstream.model.llm;

/**
 * Weights of one decoder layer, in the Hugging Face layout: matrices are [out, in] and the query
 * and key rows are in the rotate-half order of {@link RotaryLayout}.
 *
 * @param attentionNorm RMSNorm scale before attention, [d]
 * @param query W_q, [heads · headDimension, d]
 * @param key W_k, [kvHeads · headDimension, d]
 * @param value W_v, [kvHeads · headDimension, d]
 * @param attentionOutput W_o, [d, heads · headDimension]
 * @param feedForwardNorm RMSNorm scale before the MLP, [d]
 * @param gate W_1 of the SwiGLU MLP, [ff, d]
 * @param up W_3, [ff, d]
 * @param down W_2, [d, ff]
 */
public record LayerWeights(
        FloatTensor attentionNorm,
        FloatTensor query,
        FloatTensor key,
        FloatTensor value,
        FloatTensor attentionOutput,
        FloatTensor feedForwardNorm,
        FloatTensor gate,
        FloatTensor up,
        FloatTensor down) {

    /** Checks every shape against {@code config}, naming the first tensor that differs. */
    void checkShapes(LlamaConfig config) {
        long d = config.embeddingLength();
        long kv = (long) config.kvHeadCount() * config.headDimension();
        long ff = config.feedForwardLength();
        LlamaWeights.checkShape(attentionNorm, d);
        LlamaWeights.checkShape(query, d, d);
        LlamaWeights.checkShape(key, kv, d);
        LlamaWeights.checkShape(value, kv, d);
        LlamaWeights.checkShape(attentionOutput, d, d);
        LlamaWeights.checkShape(feedForwardNorm, d);
        LlamaWeights.checkShape(gate, ff, d);
        LlamaWeights.checkShape(up, ff, d);
        LlamaWeights.checkShape(down, d, ff);
    }
}
