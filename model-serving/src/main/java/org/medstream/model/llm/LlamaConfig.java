package org.medstream.model.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.medstream.model.llm.gguf.GgufFile;
import org.medstream.model.llm.gguf.GgufMetadata;

/**
 * Shape and constants of a Llama-architecture decoder.
 *
 * @param vocabularySize number of tokens, rows of the embedding and output matrices
 * @param embeddingLength hidden size d_model
 * @param blockCount number of decoder layers
 * @param headCount number of query heads
 * @param kvHeadCount number of key/value heads; each is shared by headCount / kvHeadCount query
 *     heads (grouped-query attention)
 * @param feedForwardLength hidden size of the SwiGLU MLP
 * @param ropeTheta base of the rotary embedding frequencies θ^(−2i/headDim)
 * @param rmsNormEpsilon ε added to the mean square in RMSNorm
 * @param contextLength the longest sequence the model was trained on, in tokens
 * @param tiedEmbeddings whether the output projection reuses the embedding matrix
 */
public record LlamaConfig(
        int vocabularySize,
        int embeddingLength,
        int blockCount,
        int headCount,
        int kvHeadCount,
        int feedForwardLength,
        double ropeTheta,
        double rmsNormEpsilon,
        int contextLength,
        boolean tiedEmbeddings) {

    /** Rotary base when a file does not set one: the value of the original Llama models. */
    public static final double DEFAULT_ROPE_THETA = 10000.0;

    public LlamaConfig {
        if (headCount < 1 || embeddingLength % headCount != 0) {
            throw new IllegalArgumentException(
                    "embedding length "
                            + embeddingLength
                            + " is not a multiple of the head count "
                            + headCount);
        }
        if (kvHeadCount < 1 || headCount % kvHeadCount != 0) {
            throw new IllegalArgumentException(
                    "head count "
                            + headCount
                            + " is not a multiple of the key/value head count "
                            + kvHeadCount);
        }
        if ((embeddingLength / headCount) % 2 != 0) {
            throw new IllegalArgumentException(
                    "head dimension "
                            + embeddingLength / headCount
                            + " must be even for rotary embeddings");
        }
    }

    /** Width of one attention head: embeddingLength / headCount. */
    public int headDimension() {
        return embeddingLength / headCount;
    }

    /** Query heads per key/value head. */
    public int groupSize() {
        return headCount / kvHeadCount;
    }

    /** Returns a copy with another key/value head count, for tests of head sharing. */
    public LlamaConfig withKvHeadCount(int newKvHeadCount) {
        return new LlamaConfig(
                vocabularySize,
                embeddingLength,
                blockCount,
                headCount,
                newKvHeadCount,
                feedForwardLength,
                ropeTheta,
                rmsNormEpsilon,
                contextLength,
                tiedEmbeddings);
    }

    /**
     * Reads the configuration from the {@code llama.*} metadata of a GGUF file; the vocabulary size
     * is the length of {@code tokenizer.ggml.tokens}, and the embeddings are tied when the file has
     * no {@code output.weight}.
     *
     * @throws IllegalArgumentException when the architecture is not llama, a key is missing, or the
     *     rotary embedding covers only part of each head
     */
    public static LlamaConfig fromGguf(GgufFile file) {
        GgufMetadata metadata = file.metadata();
        String name = file.path().getFileName().toString();
        String architecture = metadata.getString("general.architecture");
        if (!architecture.equals("llama")) {
            throw new IllegalArgumentException(
                    name + ": general.architecture is " + architecture + "; supported: llama");
        }

        int embeddingLength = intValue(metadata, "llama.embedding_length");
        int headCount = intValue(metadata, "llama.attention.head_count");
        int kvHeadCount =
                Math.toIntExact(metadata.getLong("llama.attention.head_count_kv", headCount));
        long ropeDimensions =
                metadata.getLong("llama.rope.dimension_count", embeddingLength / headCount);
        if (ropeDimensions != embeddingLength / headCount) {
            throw new IllegalArgumentException(
                    name
                            + ": llama.rope.dimension_count is "
                            + ropeDimensions
                            + " but only rotary embeddings over the whole head ("
                            + embeddingLength / headCount
                            + ") are supported");
        }
        int vocabularySize = metadata.getArray("tokenizer.ggml.tokens").size();

        return new LlamaConfig(
                vocabularySize,
                embeddingLength,
                intValue(metadata, "llama.block_count"),
                headCount,
                kvHeadCount,
                intValue(metadata, "llama.feed_forward_length"),
                metadata.getDouble("llama.rope.freq_base", DEFAULT_ROPE_THETA),
                metadata.getDouble("llama.attention.layer_norm_rms_epsilon"),
                intValue(metadata, "llama.context_length"),
                !file.tensors().containsKey("output.weight"));
    }

    /**
     * Reads the configuration from a Hugging Face {@code config.json} of a {@code
     * LlamaForCausalLM}.
     *
     * @throws IOException when the file cannot be read, a required key is missing, or it sets
     *     rope_scaling or a head_dim other than hidden_size / num_attention_heads
     */
    public static LlamaConfig fromHuggingFace(Path configJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(configJson.toFile());
        String name = configJson.getFileName().toString();
        String modelType = root.path("model_type").asText("llama");
        if (!modelType.equals("llama")) {
            throw new IOException(name + ": model_type is " + modelType + "; supported: llama");
        }
        if (!root.path("rope_scaling").isMissingNode() && !root.path("rope_scaling").isNull()) {
            throw new IOException(
                    name
                            + ": rope_scaling "
                            + root.get("rope_scaling")
                            + " is not supported; only plain rotary embeddings are");
        }

        int hiddenSize = requiredInt(root, "hidden_size", name);
        int heads = requiredInt(root, "num_attention_heads", name);
        if (root.hasNonNull("head_dim") && root.get("head_dim").asInt() != hiddenSize / heads) {
            throw new IOException(
                    name
                            + ": head_dim "
                            + root.get("head_dim").asInt()
                            + " differs from hidden_size / num_attention_heads = "
                            + hiddenSize / heads
                            + ", which is not supported");
        }
        return new LlamaConfig(
                requiredInt(root, "vocab_size", name),
                hiddenSize,
                requiredInt(root, "num_hidden_layers", name),
                heads,
                root.path("num_key_value_heads").asInt(heads),
                requiredInt(root, "intermediate_size", name),
                root.path("rope_theta").asDouble(DEFAULT_ROPE_THETA),
                root.path("rms_norm_eps").asDouble(1e-6),
                root.path("max_position_embeddings").asInt(2048),
                root.path("tie_word_embeddings").asBoolean(false));
    }

    private static int intValue(GgufMetadata metadata, String key) {
        return Math.toIntExact(metadata.getLong(key));
    }

    private static int requiredInt(JsonNode root, String key, String fileName) throws IOException {
        JsonNode node = root.get(key);
        if (node == null || !node.canConvertToInt()) {
            throw new IOException(fileName + ": integer key " + key + " is missing");
        }
        return node.asInt();
    }
}
