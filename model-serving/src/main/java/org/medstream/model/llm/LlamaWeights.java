package org.medstream.model.llm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medstream.model.llm.gguf.GgufFile;
import org.medstream.model.llm.safetensors.SafetensorsFile;

/**
 * All weights of a Llama decoder as float32 host tensors, in the Hugging Face layout (see {@link
 * LayerWeights}).
 *
 * @param embedding token embeddings, [vocabulary, d]
 * @param layers the decoder layers, first to last
 * @param finalNorm RMSNorm scale after the last layer, [d]
 * @param output the output projection [vocabulary, d], or null when it is tied to {@code embedding}
 */
public record LlamaWeights(
        FloatTensor embedding,
        List<LayerWeights> layers,
        FloatTensor finalNorm,
        FloatTensor output) {

    public LlamaWeights {
        layers = List.copyOf(layers);
    }

    /**
     * Checks every shape, and whether an output projection is present, against {@code config}.
     *
     * @throws IllegalArgumentException naming the first tensor whose shape differs
     */
    public void checkShapes(LlamaConfig config) {
        long vocabulary = config.vocabularySize();
        long d = config.embeddingLength();
        if (layers.size() != config.blockCount()) {
            throw new IllegalArgumentException(
                    layers.size() + " layers of weights for a config of " + config.blockCount());
        }
        if (config.tiedEmbeddings() != (output == null)) {
            throw new IllegalArgumentException(
                    config.tiedEmbeddings()
                            ? "the config ties the output projection to the embeddings, but the"
                                    + " weights have a separate one"
                            : "the config has a separate output projection, but the weights have"
                                    + " none");
        }
        checkShape(embedding, vocabulary, d);
        checkShape(finalNorm, d);
        if (output != null) {
            checkShape(output, vocabulary, d);
        }
        for (LayerWeights layer : layers) {
            layer.checkShapes(config);
        }
    }

    /**
     * Reads the weights of a GGUF file, un-permuting the query and key rows into the rotate-half
     * layout (see {@link RotaryLayout}).
     *
     * @throws IOException when a tensor is missing, has an unsupported type or the wrong shape
     */
    public static LlamaWeights fromGguf(GgufFile file, LlamaConfig config) throws IOException {
        List<LayerWeights> layers = new ArrayList<>();
        for (int n = 0; n < config.blockCount(); n++) {
            String prefix = "blk." + n + ".";
            // GGUF stores Q and K rows in interleaved RoPE order, but the decoder applies
            // rotate-half
            // RoPE. Reordering the rows here, once, lets Hugging Face weights load unchanged.
            FloatTensor query =
                    RotaryLayout.interleavedToHalves(
                            read(file, prefix + "attn_q.weight"), config.headCount());
            FloatTensor key =
                    RotaryLayout.interleavedToHalves(
                            read(file, prefix + "attn_k.weight"), config.kvHeadCount());
            layers.add(
                    new LayerWeights(
                            read(file, prefix + "attn_norm.weight"),
                            query,
                            key,
                            read(file, prefix + "attn_v.weight"),
                            read(file, prefix + "attn_output.weight"),
                            read(file, prefix + "ffn_norm.weight"),
                            read(file, prefix + "ffn_gate.weight"),
                            read(file, prefix + "ffn_up.weight"),
                            read(file, prefix + "ffn_down.weight")));
        }
        FloatTensor output =
                file.tensors().containsKey("output.weight") ? read(file, "output.weight") : null;
        LlamaWeights weights =
                new LlamaWeights(
                        read(file, "token_embd.weight"),
                        layers,
                        read(file, "output_norm.weight"),
                        output);
        weights.checkShapes(config);
        return weights;
    }

    /**
     * Reads the weights of a Hugging Face {@code LlamaForCausalLM} safetensors file. {@code
     * lm_head.weight} is read unless the config ties the embeddings.
     *
     * @throws IOException when a tensor is missing, has an unsupported dtype or the wrong shape
     */
    public static LlamaWeights fromSafetensors(SafetensorsFile file, LlamaConfig config)
            throws IOException {
        List<LayerWeights> layers = new ArrayList<>();
        for (int n = 0; n < config.blockCount(); n++) {
            String prefix = "model.layers." + n + ".";
            layers.add(
                    new LayerWeights(
                            read(file, prefix + "input_layernorm.weight"),
                            read(file, prefix + "self_attn.q_proj.weight"),
                            read(file, prefix + "self_attn.k_proj.weight"),
                            read(file, prefix + "self_attn.v_proj.weight"),
                            read(file, prefix + "self_attn.o_proj.weight"),
                            read(file, prefix + "post_attention_layernorm.weight"),
                            read(file, prefix + "mlp.gate_proj.weight"),
                            read(file, prefix + "mlp.up_proj.weight"),
                            read(file, prefix + "mlp.down_proj.weight")));
        }
        FloatTensor output = config.tiedEmbeddings() ? null : read(file, "lm_head.weight");
        LlamaWeights weights =
                new LlamaWeights(
                        read(file, "model.embed_tokens.weight"),
                        layers,
                        read(file, "model.norm.weight"),
                        output);
        weights.checkShapes(config);
        return weights;
    }

    static void checkShape(FloatTensor tensor, long... expected) {
        if (!tensor.hasShape(expected)) {
            throw new IllegalArgumentException(
                    "tensor "
                            + tensor.name()
                            + " has shape "
                            + Arrays.toString(tensor.shape())
                            + " but the config needs "
                            + Arrays.toString(expected));
        }
    }

    private static FloatTensor read(GgufFile file, String name) throws IOException {
        if (!file.tensors().containsKey(name)) {
            throw new IOException(file.path().getFileName() + ": tensor " + name + " is missing");
        }
        return file.readTensor(name);
    }

    private static FloatTensor read(SafetensorsFile file, String name) throws IOException {
        if (!file.contains(name)) {
            throw new IOException(file.path().getFileName() + ": tensor " + name + " is missing");
        }
        return file.readTensor(name);
    }
}
