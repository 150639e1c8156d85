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
        Path file = directory.resolve(ModelMetadata.FILE_NAME);
        JsonNode family = ModelMetadata.readJson(directory).get("model");
        if (family == null || !family.isTextual()) {
            throw new IOException(
                    "Missing text field 'model' in "
                            + file
                            + "; expected '"
                            + ModelMetadata.LMU_MODEL
                            + "' or '"
                            + MedTsLlmMetadata.MODEL
                            + "'");
        }
        String name = family.asText();
        if (!MedTsLlmMetadata.MODEL.equals(name) && !ModelMetadata.LMU_MODEL.equals(name)) {
            throw new IOException(
                    "Invalid model '"
                            + name
                            + "' in "
                            + file
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
}
