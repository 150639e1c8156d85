package org.medstream.model.artifact;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.medstream.model.lmu.djl.LmuNetworkConfig;
import org.medstream.model.train.EpochMetrics;
import org.medstream.model.train.SegmentationScores;
import org.medstream.model.train.TimeSplit;

/**
 * Contents of {@code model.json} in a model directory: what the model does, the shape needed to
 * rebuild its network, and how it was trained and scored.
 *
 * @param task task name, {@code waves}
 * @param model model family, {@code lmu}
 * @param medstreamVersion version of medstream that trained the model
 * @param classes class names in output order
 * @param leads leads the model was trained on; each is segmented on its own
 * @param samplingFrequencyHz sampling frequency the model expects
 * @param delaySamples algorithmic delay Δ in samples
 * @param delayMillis algorithmic delay Δ in milliseconds
 * @param thetaMillis memory window θ in milliseconds
 * @param network network shape (input channels, C, d, θ in samples, kernel taps, classes, Δ)
 * @param parameterCount number of trained values
 * @param weightsFile DJL parameter file in the same directory
 * @param streamingWeightsFile the same weights for the streaming path, read without DJL
 * @param trainingRecords records trained on
 * @param validationRecords records scored, disjoint from the training records unless {@code
 *     timeSplit} is set
 * @param timeSplit training and validation spans within the records, null when records are used
 *     whole
 * @param command command line that trained the model
 * @param seed random seed of initialisation and shuffling
 * @param epochsRequested epochs asked for
 * @param epochsRun epochs completed
 * @param stopReason {@code epochs} or {@code max-minutes}
 * @param trainingSeconds wall-clock time of training and validation
 * @param epochs metrics of each epoch
 * @param validation scores of the saved weights on the validation records
 */
public record ModelMetadata(
        String task,
        String model,
        String medstreamVersion,
        List<String> classes,
        List<String> leads,
        double samplingFrequencyHz,
        int delaySamples,
        double delayMillis,
        double thetaMillis,
        LmuNetworkConfig network,
        long parameterCount,
        String weightsFile,
        String streamingWeightsFile,
        List<Integer> trainingRecords,
        List<Integer> validationRecords,
        TimeSplit timeSplit,
        String command,
        long seed,
        int epochsRequested,
        int epochsRun,
        String stopReason,
        double trainingSeconds,
        List<EpochMetrics> epochs,
        SegmentationScores validation) {

    /** File name of the metadata inside a model directory. */
    public static final String FILE_NAME = "model.json";

    /** Model family name of LMU models in {@code model.json}. */
    public static final String LMU_MODEL = "lmu";

    /** Jackson's "[Source: …; " inside a message, such as the position of an unclosed object. */
    private static final Pattern SOURCE_DESCRIPTION = Pattern.compile("\\[Source: [^;]*; ");

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes this metadata to {@code directory/model.json}. */
    public void write(Path directory) throws IOException {
        MAPPER.writeValue(directory.resolve(FILE_NAME).toFile(), this);
    }

    /**
     * Reads {@code directory/model.json}.
     *
     * @throws NoSuchFileException when the directory has no {@code model.json}
     */
    public static ModelMetadata read(Path directory) throws IOException {
        Path file = existingFile(directory);
        try {
            return MAPPER.readValue(file.toFile(), ModelMetadata.class);
        } catch (JsonProcessingException e) {
            throw invalidFile(file, e);
        }
    }

    /**
     * Reads the {@code model.json} of a model directory as a JSON tree, whatever the model family.
     *
     * @throws NoSuchFileException when the directory has no {@code model.json}
     * @throws IOException when the file is not valid JSON
     */
    public static JsonNode readJson(Path directory) throws IOException {
        Path file = existingFile(directory);
        try {
            return MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw invalidFile(file, e);
        }
    }

    private static Path existingFile(Path directory) throws NoSuchFileException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    "no model.json in the model directory; train a model with 'medstream train'");
        }
        return file;
    }

    /**
     * Returns an error that names {@code file} and the line and column where parsing failed,
     * without Jackson's source description.
     */
    public static IOException invalidFile(Path file, JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where =
                location == null || location.getLineNr() < 1
                        ? ""
                        : " (line "
                                + location.getLineNr()
                                + ", column "
                                + location.getColumnNr()
                                + ")";
        String message = SOURCE_DESCRIPTION.matcher(e.getOriginalMessage()).replaceAll("[");
        return new IOException("Invalid " + file + ": " + message + where, e);
    }
}
