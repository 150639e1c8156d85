package org.medstream.model.artifact;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
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
        return ModelFamily.isMedTsLlm(directory)
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
        return ModelFamily.isMedTsLlm(directory)
                ? MedTsLlmWaveModel.LEADS
                : ModelMetadata.read(directory).leads();
    }
}
