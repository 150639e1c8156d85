package org.medstream.model.medtsllm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.medstream.model.llm.LlamaModel;
import org.medstream.model.llm.LlamaTokenizer;
import org.medstream.model.medtsllm.prompt.PromptBuilder;
import org.medstream.schemas.PatientContext;

/**
 * A MedTsLLM segmentation model: the frozen backbone, the DJL model of the trainable layers, and
 * the prompt. Closing it frees both. Not thread-safe, like DJL predictors.
 *
 * <p>A model directory contains only the trainable weights and {@code model.json}; the backbone is
 * loaded from its own file, whose SHA-256 must match the one recorded at training.
 */
public final class MedTsLlmModel implements AutoCloseable {
    /** Windows per inference batch. */
    public static final int INFERENCE_BATCH = 16;

    private final LlamaModel backbone;
    private final LlamaTokenizer tokenizer;
    private final Model model;
    private final MedTsLlmNetwork network;
    private final PromptBuilder prompt;
    private final String name;

    private final PrefixCaches prefixes;

    private MedTsLlmModel(
            LlamaModel backbone,
            MedTsLlmConfig config,
            PromptBuilder prompt,
            String name,
            Device device,
            HeadKind headKind) {
        this.backbone = backbone;
        this.tokenizer =
                backbone.tokenizer()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "the backbone has no tokenizer; MedTsLLM needs a"
                                                        + " GGUF backbone, which contains one"));
        this.network = new MedTsLlmNetwork(config, backbone.decoder(), headKind);
        this.model = device == null ? Model.newInstance(name) : Model.newInstance(name, device);
        this.model.setBlock(network);
        this.prefixes =
                new PrefixCaches(
                        network.backbone(), model.getNDManager(), PrefixCaches.DEFAULT_MAX_BYTES);
        this.prompt = prompt;
        this.name = name;
    }

    /**
     * Creates a model with uninitialised trainable layers around the backbone at {@code
     * backboneFile}, for training.
     */
    public static MedTsLlmModel create(
            MedTsLlmConfig config, Path backboneFile, PromptBuilder prompt, String name)
            throws IOException {
        return create(config, backboneFile, prompt, name, null, HeadKind.SEGMENTATION);
    }

    /** Creates a model for training as above, with the head of {@code headKind}. */
    public static MedTsLlmModel create(
            MedTsLlmConfig config,
            Path backboneFile,
            PromptBuilder prompt,
            String name,
            HeadKind headKind)
            throws IOException {
        return create(config, backboneFile, prompt, name, null, headKind);
    }

    private static MedTsLlmModel create(
            MedTsLlmConfig config,
            Path backboneFile,
            PromptBuilder prompt,
            String name,
            Device device,
            HeadKind headKind)
            throws IOException {
        LlamaModel backbone =
                device == null
                        ? LlamaModel.load(backboneFile)
                        : LlamaModel.load(backboneFile, device);
        try {
            return new MedTsLlmModel(backbone, config, prompt, name, device, headKind);
        } catch (RuntimeException e) {
            backbone.close();
            throw e;
        }
    }

    /**
     * Restores a model from a directory written by {@link #save}, with the backbone at {@code
     * backboneFile}.
     *
     * @throws IOException when the metadata or weights cannot be read, or the backbone file is not
     *     the one the model was trained with
     */
    public static MedTsLlmModel load(Path directory, Path backboneFile) throws IOException {
        return load(directory, backboneFile, null);
    }

    /**
     * Restores a model as {@link #load(Path, Path)} does, with the backbone and the trainable
     * layers on {@code device}, or on DJL's default devices when it is null.
     */
    public static MedTsLlmModel load(Path directory, Path backboneFile, Device device)
            throws IOException {
        MedTsLlmMetadata metadata = MedTsLlmMetadata.read(directory);
        String sha256 = sha256(backboneFile);
        if (!sha256.equals(metadata.backboneSha256())) {
            throw new IOException(
                    "Backbone "
                            + backboneFile
                            + " has SHA-256 "
                            + sha256
                            + ", the model in "
                            + directory
                            + " was trained with "
                            + metadata.backboneFile()
                            + " of SHA-256 "
                            + metadata.backboneSha256()
                            + "; give the backbone file it was trained with");
        }
        PromptBuilder prompt =
                new PromptBuilder(
                        metadata.prompt(),
                        metadata.datasetDescription(),
                        metadata.taskDescription());
        String name = modelName(metadata.weightsFile());
        MedTsLlmModel loaded =
                create(
                        metadata.network(),
                        backboneFile,
                        prompt,
                        name,
                        device,
                        HeadKind.forTask(metadata.task()));
        try {
            loaded.model.load(directory, name);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            loaded.close();
            throw new IOException(
                    "Failed to load the weights in " + directory + ": " + e.getMessage(), e);
        }
        return loaded;
    }

    /**
     * Finds the backbone file that {@code model.json} names: in the model directory itself, in a
     * directory next to it, as {@code models/stories260K/} is next to a model under {@code
     * models/}, or in the shipped {@code $MEDSTREAM_HOME/models/stories260K/}, where {@code train}
     * takes it from by default. {@link #load} then checks its SHA-256.
     *
     * @throws NoSuchFileException when no place has a file of that name
     */
    public static Path locateBackbone(Path directory, MedTsLlmMetadata metadata)
            throws IOException {
        String home = System.getenv("MEDSTREAM_HOME");
        return locateBackbone(
                directory, metadata, home == null ? null : Path.of(home, "models", "stories260K"));
    }

    /**
     * Finds the backbone file as {@link #locateBackbone(Path, MedTsLlmMetadata)} does, with {@code
     * shippedBackbones} in place of {@code $MEDSTREAM_HOME/models/stories260K}; null leaves that
     * place out.
     */
    public static Path locateBackbone(
            Path directory, MedTsLlmMetadata metadata, Path shippedBackbones) throws IOException {
        String fileName = metadata.backboneFile();
        List<Path> candidates = new ArrayList<>();
        candidates.add(directory.resolve(fileName));
        Path parent = directory.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            try (Stream<Path> siblings = Files.list(parent)) {
                siblings.filter(Files::isDirectory)
                        .sorted()
                        .forEach(sibling -> candidates.add(sibling.resolve(fileName)));
            }
        }
        if (shippedBackbones != null) {
            candidates.add(shippedBackbones.resolve(fileName));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new NoSuchFileException(
                directory.resolve(fileName).toString(),
                null,
                "backbone "
                        + fileName
                        + " not found in the model directory, a directory next to it or"
                        + " $MEDSTREAM_HOME/models/stories260K; copy the backbone file the model"
                        + " was trained with into "
                        + directory);
    }

    /** Initialises the trainable layers with Xavier weights and zero biases, without a trainer. */
    public void initialize() {
        network.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        network.initialize(model.getNDManager(), DataType.FLOAT32, inputShapes(1, 1));
    }

    /**
     * Input shapes of the network for {@code batch} windows and prompts of {@code promptLength}.
     */
    public Shape[] inputShapes(int batch, int promptLength) {
        MedTsLlmConfig config = network.config();
        return new Shape[] {
            config.channels() == 1
                    ? new Shape(batch, config.windowLength())
                    : new Shape(batch, config.channels(), config.windowLength()),
            new Shape(batch, promptLength),
            new Shape(batch, promptLength)
        };
    }

    /** Returns the DJL model of the trainable layers, for a trainer. */
    public Model model() {
        return model;
    }

    public MedTsLlmNetwork network() {
        return network;
    }

    public LlamaModel backbone() {
        return backbone;
    }

    public LlamaTokenizer tokenizer() {
        return tokenizer;
    }

    public PromptBuilder prompt() {
        return prompt;
    }

    /** Name of the DJL weights file in a model directory. */
    public String weightsFileName() {
        return name + "-0000.params";
    }

    /** Number of trainable values; the layers must be initialised or loaded. */
    public long parameterCount() {
        long count = 0;
        for (Pair<String, Parameter> parameter : network.getParameters()) {
            count += parameter.getValue().getArray().size();
        }
        return count;
    }

    /**
     * Token ids of the whole prompt of one window: the prefix, then the window part.
     *
     * @param window the window's channels one after the other
     */
    public int[] promptIds(PatientContext patient, float[] window) {
        int[] prefix = prompt.prefixIds(tokenizer, patient);
        int[] windowPart = windowIds(window);
        int[] ids = new int[prefix.length + windowPart.length];
        System.arraycopy(prefix, 0, ids, 0, prefix.length);
        System.arraycopy(windowPart, 0, ids, prefix.length, windowPart.length);
        return ids;
    }

    /**
     * Token ids of the window part of the prompt. Its statistics describe the first channel, the
     * one the task's labels refer to.
     *
     * @param window the window's channels one after the other
     */
    public int[] windowIds(float[] window) {
        int length = network.config().windowLength();
        return prompt.windowIds(
                tokenizer, window.length > length ? Arrays.copyOf(window, length) : window);
    }

    /**
     * Returns the inputs of the network for windows whose channels lie one after the other, as
     * {@link WindowBatch#of(NDManager, List, List, int)} builds them for this network's channels.
     */
    public NDList inputs(NDManager manager, List<float[]> windows, List<int[]> promptIds) {
        return WindowBatch.of(manager, windows, promptIds, network.config().channels());
    }

    /**
     * Computes the logits [window][class][sample] of windows of one patient, in batches of {@link
     * #INFERENCE_BATCH}. A window of several channels contains them one after the other. A model
     * with a {@link ReconstructionHead} returns its reconstruction [window][0][sample] instead.
     *
     * @param patient the patient of every window, or null when unknown
     * @param cachePrefix whether to reuse the keys and values of the prompt prefix, computed once
     *     and kept across calls ({@link PrefixCaches}); the outputs equal those without the cache
     *     to float rounding
     */
    public List<float[][]> logits(
            List<float[]> windows, PatientContext patient, boolean cachePrefix) {
        List<float[][]> logits = new ArrayList<>();
        PrefixCache prefix =
                cachePrefix ? prefixes.get(prompt.prefixIds(tokenizer, patient)) : null;
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            for (int start = 0; start < windows.size(); start += INFERENCE_BATCH) {
                List<float[]> batch =
                        windows.subList(start, Math.min(windows.size(), start + INFERENCE_BATCH));
                try (NDManager step = manager.newSubManager()) {
                    NDArray output =
                            cachePrefix
                                    ? cachedForward(step, store, batch, patient, prefix)
                                    : uncachedForward(step, store, batch, patient);
                    addLogits(output, logits);
                }
            }
        } finally {
            prefixes.release();
        }
        return logits;
    }

    private NDArray uncachedForward(
            NDManager manager, ParameterStore store, List<float[]> batch, PatientContext patient) {
        List<int[]> ids = new ArrayList<>();
        for (float[] window : batch) {
            ids.add(promptIds(patient, window));
        }
        NDList inputs = inputs(manager, batch, ids);
        return network.forward(store, inputs, false).singletonOrThrow();
    }

    private NDArray cachedForward(
            NDManager manager,
            ParameterStore store,
            List<float[]> batch,
            PatientContext patient,
            PrefixCache prefix) {
        List<int[]> ids = new ArrayList<>();
        for (float[] window : batch) {
            ids.add(windowIds(window));
        }
        NDList inputs = inputs(manager, batch, ids);
        return network.forwardAfterPrefix(
                store,
                inputs.get(0),
                inputs.get(1),
                inputs.get(2),
                prefix.forBatch(batch.size(), store),
                false);
    }

    private static void addLogits(NDArray output, List<float[][]> logits) {
        int batch = Math.toIntExact(output.getShape().get(0));
        int classes = Math.toIntExact(output.getShape().get(1));
        int length = Math.toIntExact(output.getShape().get(2));
        float[] values = output.toFloatArray();
        for (int b = 0; b < batch; b++) {
            float[][] window = new float[classes][length];
            for (int c = 0; c < classes; c++) {
                System.arraycopy(values, (b * classes + c) * length, window[c], 0, length);
            }
            logits.add(window);
        }
    }

    /**
     * Returns the prompt prefixes computed for this model's inference, kept across calls of {@link
     * #logits} and of other callers that run batches through {@link
     * MedTsLlmNetwork#forwardAfterPrefix}.
     */
    public PrefixCaches prefixCaches() {
        return prefixes;
    }

    /** Writes the trainable weights and {@code model.json} into {@code directory}. */
    public void save(Path directory, MedTsLlmMetadata metadata) throws IOException {
        Files.createDirectories(directory);
        model.save(directory, name);
        metadata.write(directory);
    }

    /** Returns the hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        try (InputStream input = new DigestInputStream(Files.newInputStream(file), digest)) {
            input.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String modelName(String weightsFile) {
        return weightsFile.substring(0, weightsFile.length() - "-0000.params".length());
    }

    @Override
    public void close() {
        prefixes.close();
        model.close();
        backbone.close();
    }
}
