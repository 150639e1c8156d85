package org.medstream.model.serve.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medstream.model.artifact.ModelFamily;
import org.medstream.model.artifact.ModelMetadata;
import org.medstream.model.medtsllm.PrefixCaches;
import org.medstream.model.serve.inference.ServedModel;
import org.medstream.model.serve.lmu.LmuServedModels;
import org.medstream.model.serve.medtsllm.MedTsLlmServedModels;

/**
 * The models a server serves, by name. Model directories written by {@code medstream train} are
 * loaded by the family in the {@code model} field of their {@code model.json}: {@code lmu} or
 * {@code medtsllm}. A new family adds one case to {@link #load(Path, Device)}. Not thread-safe
 * while models are added; the server only reads it.
 */
public final class ModelRegistry {

    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private final List<Path> backboneFiles;
    private final long prefixCacheBytes;

    /** Creates a registry whose MedTsLLM models find their backbones next to them. */
    public ModelRegistry() {
        this(List.of());
    }

    /**
     * Creates a registry whose MedTsLLM models look for their backbone among {@code backboneFiles}
     * first, by file name, and then next to them.
     */
    public ModelRegistry(List<Path> backboneFiles) {
        this(backboneFiles, PrefixCaches.DEFAULT_MAX_BYTES);
    }

    /**
     * Creates a registry as {@link #ModelRegistry(List)} whose MedTsLLM workers each keep up to
     * {@code prefixCacheBytes} of computed prompt prefixes between batches.
     */
    public ModelRegistry(List<Path> backboneFiles, long prefixCacheBytes) {
        if (prefixCacheBytes < 0) {
            throw new IllegalArgumentException(
                    "Invalid prefix cache budget "
                            + prefixCacheBytes
                            + " bytes; expected 0 or more");
        }
        this.backboneFiles = List.copyOf(backboneFiles);
        this.prefixCacheBytes = prefixCacheBytes;
    }

    /**
     * Loads the model directory and adds it under the directory's name.
     *
     * @throws IOException when the directory has no readable model of a served family
     * @throws IllegalArgumentException when a model of that name is already registered, or the
     *     model cannot run on {@code device}
     */
    public ServedModel load(Path directory, Device device) throws IOException {
        Path normalized = directory.toAbsolutePath().normalize();
        String name = normalized.getFileName().toString();
        requireNewName(name);
        String family = family(normalized);
        ServedModel model;
        if (LmuServedModels.FAMILY.equals(family)) {
            model = LmuServedModels.load(normalized, name, device);
        } else if (MedTsLlmServedModels.FAMILY.equals(family)) {
            model =
                    MedTsLlmServedModels.load(
                            normalized, name, device, backboneFiles, prefixCacheBytes);
        } else {
            throw new IOException(
                    "Cannot serve model '"
                            + family
                            + "' from "
                            + normalized.resolve(ModelMetadata.FILE_NAME)
                            + "; this server loads model families: "
                            + LmuServedModels.FAMILY
                            + ", "
                            + MedTsLlmServedModels.FAMILY);
        }
        add(model);
        return model;
    }

    /**
     * Adds a loaded model under its name.
     *
     * @throws IllegalArgumentException when a model of that name is already registered
     */
    public void add(ServedModel model) {
        requireNewName(model.name());
        models.put(model.name(), model);
    }

    private void requireNewName(String name) {
        if (models.containsKey(name)) {
            throw new IllegalArgumentException(
                    "Two models are named '"
                            + name
                            + "'; model names are directory names and must differ");
        }
    }

    /** Returns the model called {@code name}, or null. */
    public ServedModel get(String name) {
        return models.get(name);
    }

    /** Returns the models in the order they were added. */
    public Collection<ServedModel> models() {
        return Collections.unmodifiableCollection(models.values());
    }

    /** Reads the {@code model} field of {@code model.json} without binding the rest. */
    private static String family(Path directory) throws IOException {
        if (Files.isRegularFile(directory)) {
            throw new NoSuchFileException(
                    directory.toString(),
                    null,
                    "is a file, not a model directory; give --model the directory that holds"
                            + " model.json");
        }
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(
                    directory.toString(), null, "no such model directory; check --model");
        }
        return ModelFamily.named(directory);
    }
}
