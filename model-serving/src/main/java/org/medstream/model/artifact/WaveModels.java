package org.medstream.model.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.medstream.model.medtsllm.MedTsLlmMetadata;
import org.medstream.model.medtsllm.MedTsLlmWaveModel;
import org.medstream.model.waves.WaveModel;

/**
 * Loads a wave model directory of either family, as the {@code model} field of its metadata names.
 */
public final class WaveModels {
    private WaveModels() {}

    /**
     * Loads the model in {@code directory}: an LMU model for the streaming path in plain Java, or a
     * MedTsLLM model with its backbone in DJL.
     *
     * @throws NoSuchFileException when the directory has no {@code model.json}
     * @throws IOException when the model cannot be read or its family is unknown
     */
    public static WaveModel load(Path directory) throws IOException {
        return MedTsLlmMetadata.MODEL.equals(family(directory))
                ? MedTsLlmWaveModel.load(directory)
                : StreamingLmuModel.load(directory);
    }

    /**
     * Returns the leads the model in {@code directory} takes, in model lead order, from its
     * metadata alone.
     *
     * @throws IOException as {@link #load} does
     */
    public static List<String> leads(Path directory) throws IOException {
        return MedTsLlmMetadata.MODEL.equals(family(directory))
                ? MedTsLlmWaveModel.LEADS
                : ModelMetadata.read(directory).leads();
    }

    private static String family(Path directory) throws IOException {
        Path file = directory.resolve(ModelMetadata.FILE_NAME);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    "no model.json in the model directory; train a model with 'medstream train'");
        }
        JsonNode family = new ObjectMapper().readTree(file.toFile()).get("model");
        String name = family == null ? null : family.asText();
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
}
