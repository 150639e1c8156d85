package org.medstream.model.medtsllm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.medstream.model.artifact.ModelMetadata;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.train.EpochMetrics;
import org.medstream.model.train.SegmentationScores;

/**
 * Contents of {@code model.json} in a MedTsLLM model directory. The fields shared with LMU models
 * keep the names of {@link ModelMetadata}; the LMU-only ones (delay, θ, streaming weights) are left
 * out, and the network, windowing, prompt and backbone are added.
 *
 * @param task task name, {@code waves}, {@code beats}, {@code breaths} or {@code anomalies}
 * @param model model family, {@code medtsllm}
 * @param medstreamVersion version of medstream that trained the model
 * @param classes class names in output order
 * @param samplingFrequencyHz sampling frequency the model expects
 * @param network shape of the trainable layers (window, patch length and stride, widths,
 *     covariates)
 * @param trainingStepSamples step between the starts of training windows
 * @param promptParts prompt parts that are on, in prompt order
 * @param datasetDescription text of the dataset part
 * @param taskDescription text of the task part
 * @param backboneFile file name of the frozen backbone, loaded from its own file
 * @param backboneSha256 SHA-256 of the backbone file, hex; loading checks it
 * @param parameterCount number of trained values
 * @param weightsFile DJL parameter file of the trainable layers in the same directory
 * @param trainingRecords records trained on
 * @param validationRecords records scored, disjoint from the training records
 * @param trainingWindows windows per training epoch
 * @param command command line that trained the model
 * @param seed random seed of initialisation, dropout and shuffling
 * @param epochsRequested epochs asked for
 * @param epochsRun epochs completed
 * @param stopReason {@code epochs} or {@code max-minutes}
 * @param trainingSeconds wall-clock time of training and validation
 * @param epochs metrics of each epoch of {@code waves}; empty for boundary tasks
 * @param validation scores of the saved weights on the validation records for {@code waves}; null
 *     for boundary tasks
 * @param skippedBatches training batches left out because their loss or a gradient was NaN or
 *     infinite; 0 in files written before this field existed
 * @param boundary spacing, threshold, split and scores of a boundary task; null for the others
 * @param anomaly window counts, threshold and per-epoch errors of {@code anomalies}; null for the
 *     others
 */
public record MedTsLlmMetadata(
        String task,
        String model,
        String medstreamVersion,
        List<String> classes,
        double samplingFrequencyHz,
        MedTsLlmConfig network,
        int trainingStepSamples,
        List<String> promptParts,
        String datasetDescription,
        String taskDescription,
        String backboneFile,
        String backboneSha256,
        long parameterCount,
        String weightsFile,
        List<Integer> trainingRecords,
        List<Integer> validationRecords,
        int trainingWindows,
        String command,
        long seed,
        int epochsRequested,
        int epochsRun,
        String stopReason,
        double trainingSeconds,
        List<EpochMetrics> epochs,
        SegmentationScores validation,
        int skippedBatches,
        BoundaryMetadata boundary,
        AnomalyMetadata anomaly) {

    /** Model family name in {@code model.json}. */
    public static final String MODEL = "medtsllm";

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Returns the prompt parts as a {@link PromptParts}. */
    public PromptParts prompt() {
        return promptParts.isEmpty()
                ? PromptParts.NONE
                : PromptParts.parse(String.join(",", promptParts));
    }

    /** Writes this metadata to {@code directory/model.json}. */
    public void write(Path directory) throws IOException {
        MAPPER.writeValue(directory.resolve(ModelMetadata.FILE_NAME).toFile(), this);
    }

    /**
     * Reads {@code directory/model.json}.
     *
     * @throws NoSuchFileException when the directory has no {@code model.json}
     * @throws IOException when the file is not a MedTsLLM model's metadata
     */
    public static MedTsLlmMetadata read(Path directory) throws IOException {
        Path file = directory.resolve(ModelMetadata.FILE_NAME);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    "no model.json in the model directory; train a model with 'medstream train"
                            + " --model medtsllm'");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw ModelMetadata.invalidFile(file, e);
        }
        String model = tree.path("model").asText(null);
        if (!MODEL.equals(model)) {
            throw new IOException(file + " describes a '" + model + "' model, not " + MODEL);
        }
        try {
            return MAPPER.treeToValue(tree, MedTsLlmMetadata.class);
        } catch (JsonProcessingException e) {
            throw ModelMetadata.invalidFile(file, e);
        }
    }
}
