package org.medstream.model.llm;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.medstream.model.llm.djl.LlamaDecoder;
import org.medstream.model.llm.gguf.GgufFile;
import org.medstream.model.llm.safetensors.SafetensorsFile;

/**
 * A loaded Llama model: its config, its DJL decoder with frozen weights, and the tokenizer when the
 * file has one. Closing it frees the weights. Not thread-safe, like DJL predictors.
 */
public final class LlamaModel implements AutoCloseable {
    private final NDManager manager;
    private final LlamaConfig config;
    private final LlamaDecoder decoder;
    private final LlamaTokenizer tokenizer;

    private LlamaModel(
            NDManager manager, LlamaConfig config, LlamaDecoder decoder, LlamaTokenizer tokenizer) {
        this.manager = manager;
        this.config = config;
        this.decoder = decoder;
        this.tokenizer = tokenizer;
    }

    /**
     * Loads a model onto the CPU from a GGUF file, or from a Hugging Face directory with {@code
     * config.json} and {@code model.safetensors}.
     */
    public static LlamaModel load(Path path) throws IOException {
        return load(path, Device.cpu());
    }

    /**
     * Loads a model onto {@code device} from a GGUF file, or from a Hugging Face directory with
     * {@code config.json} and {@code model.safetensors}.
     *
     * @throws NoSuchFileException when the path or a required file in the directory is missing
     * @throws IOException when a file is malformed or uses an unsupported type or architecture
     */
    public static LlamaModel load(Path path, Device device) throws IOException {
        if (Files.isDirectory(path)) {
            return loadHuggingFace(path, device);
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no GGUF file or model directory");
        }
        GgufFile file = GgufFile.open(path);
        LlamaConfig config = LlamaConfig.fromGguf(file);
        LlamaWeights weights = LlamaWeights.fromGguf(file, config);
        return create(config, weights, LlamaTokenizer.fromGguf(file), device);
    }

    private static LlamaModel loadHuggingFace(Path directory, Device device) throws IOException {
        Path configJson = directory.resolve("config.json");
        Path safetensors = directory.resolve("model.safetensors");
        for (Path required : new Path[] {configJson, safetensors}) {
            if (!Files.isRegularFile(required)) {
                // TODO: read sharded checkpoints (model.safetensors.index.json) too.
                throw new NoSuchFileException(
                        required.toString(), null, "a Hugging Face model directory needs it");
            }
        }
        LlamaConfig config = LlamaConfig.fromHuggingFace(configJson);
        LlamaWeights weights =
                LlamaWeights.fromSafetensors(SafetensorsFile.open(safetensors), config);
        return create(config, weights, null, device);
    }

    /** Builds a model from weights in memory, e.g. weights changed by a test. */
    public static LlamaModel create(
            LlamaConfig config, LlamaWeights weights, LlamaTokenizer tokenizer, Device device) {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            LlamaDecoder decoder = LlamaDecoder.create(config, weights, manager);
            return new LlamaModel(manager, config, decoder, tokenizer);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public LlamaConfig config() {
        return config;
    }

    public LlamaDecoder decoder() {
        return decoder;
    }

    /** Returns the tokenizer of a GGUF file, or empty for a Hugging Face directory. */
    public Optional<LlamaTokenizer> tokenizer() {
        return Optional.ofNullable(tokenizer);
    }

    /** Returns the manager that owns the weights, on the model's device. */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
