package org.medstream.model.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.medstream.model.medtsllm.MedTsLlmMetadata;

/**
 * Reads which family a model directory contains, from the {@code model} field of its {@code
 * model.json}, so that loaders can pick the LMU or the MedTsLLM path before reading the rest.
 */
public final class ModelFamily {
    private ModelFamily() {}

    /**
     * Returns {@code lmu} or {@code medtsllm}.
     *
     * @throws NoSuchFileException when the directory has no {@code model.json}
     * @throws IOException when the file cannot be read or names another family
     */
    public static String of(Path directory) throws IOException {
        String name = named(directory);
        if (!MedTsLlmMetadata.MODEL.equals(name) && !ModelMetadata.LMU_MODEL.equals(name)) {
            throw new IOException(
                    "Invalid model '"
                            + name
                            + "' in "
                            + directory.resolve(ModelMetadata.FILE_NAME)
                            + "; expected '"
                            + ModelMetadata.LMU_MODEL
                            + "' or '"
                            + MedTsLlmMetadata.MODEL
                            + "'");
        }
        return name;
    }

    /** Returns whether the directory contains a MedTsLLM model, as {@link #of} reads it. */
    public static boolean isMedTsLlm(Path directory) throws IOException {
        return MedTsLlmMetadata.MODEL.equals(of(directory));
    }

    /**
     * Returns the {@code model} field of the directory's {@code model.json}, whatever family it
     * names, without binding the rest.
     *
     * @throws NoSuchFileException when the directory has no {@code model.json}
     * @throws IOException when the file is not valid JSON or has no text field {@code model}
     */
    public static String named(Path directory) throws IOException {
        JsonNode family = ModelMetadata.readJson(directory).get("model");
        if (family == null || !family.isTextual()) {
            throw new IOException(
                    "Missing text field 'model' in "
                            + directory.resolve(ModelMetadata.FILE_NAME)
                            + "; expected the model family (lmu or medtsllm)");
        }
        return family.asText();
    }
}
