package org.medstream.model.medtsllm.train;

import java.nio.file.Path;
import java.util.List;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.train.EpochSettings;

/**
 * Settings of one MedTsLLM training run on the anomaly task (MIT-BIH lead MLII at 125 Hz).
 *
 * @param dataFolder folder with the MIT-BIH records
 * @param outFolder model directory to write
 * @param backboneFile GGUF file of the frozen backbone
 * @param trainingRecords records whose normal windows are trained on and whose errors set the
 *     threshold
 * @param validationRecords records scored after each epoch; disjoint from the training records
 * @param network shape of the trainable layers: one output per sample and windows of {@link
 *     #WINDOW_SAMPLES}
 * @param promptParts prompt parts to use
 * @param maxTrainingWindows windows per epoch, a fixed random subset of the normal windows chosen
 *     once; 0 for all
 * @param epochs epochs to run at most
 * @param seed seed of the initialisation, dropout, window subset and batch order
 * @param maxMinutes wall-clock budget; no epoch starts that would be expected to end after it, but
 *     the first epoch always runs. 0 means no limit.
 * @param batchSize windows per batch
 * @param cachePrefix whether training batches hold windows of one record each, so that their prompt
 *     prefix runs through the backbone once per batch
 * @param learningRate Adam learning rate, constant
 * @param anomalyRate expected share of anomalous samples, in (0, 0.5]. The threshold is the (1 −
 *     rate) quantile of the training records' scores. Null takes the share that the reference marks
 *     anomalous in the training records.
 * @param command command line to store in the metadata
 * @param medstreamVersion version to store in the metadata
 */
public record AnomalyTrainingOptions(
        Path dataFolder,
        Path outFolder,
        Path backboneFile,
        List<Integer> trainingRecords,
        List<Integer> validationRecords,
        MedTsLlmConfig network,
        PromptParts promptParts,
        int maxTrainingWindows,
        int epochs,
        long seed,
        double maxMinutes,
        int batchSize,
        boolean cachePrefix,
        float learningRate,
        Double anomalyRate,
        String command,
        String medstreamVersion) {

    /** Samples per window at 125 Hz (2.05 s), as the beats task uses. */
    public static final int WINDOW_SAMPLES = 256;

    /** Step between the starts of training windows, in samples. */
    public static final int TRAINING_STEP_SAMPLES = 128;

    /** Largest expected anomaly rate; above it "anomalous" would be the usual state. */
    public static final double MAX_ANOMALY_RATE = 0.5;

    public AnomalyTrainingOptions {
        trainingRecords = List.copyOf(trainingRecords);
        validationRecords = List.copyOf(validationRecords);
        EpochSettings.requireRecords(trainingRecords, validationRecords);
        EpochSettings.requireDisjoint(trainingRecords, validationRecords);
        if (network.classes() != 1 || network.windowLength() != WINDOW_SAMPLES) {
            throw new IllegalArgumentException(
                    "An anomalies network has 1 output per sample and windows of "
                            + WINDOW_SAMPLES
                            + " samples, got "
                            + network.classes()
                            + " and "
                            + network.windowLength());
        }
        if (maxTrainingWindows < 0) {
            throw new IllegalArgumentException(
                    "maxTrainingWindows must be 0 (all) or more, got " + maxTrainingWindows);
        }
        EpochSettings.requireValid(epochs, maxMinutes, batchSize, learningRate);
        if (anomalyRate != null && !(anomalyRate > 0 && anomalyRate <= MAX_ANOMALY_RATE)) {
            throw new IllegalArgumentException(
                    "anomaly rate must be in (0, "
                            + MAX_ANOMALY_RATE
                            + "], a share of the samples such as 0.05, got "
                            + anomalyRate);
        }
    }
}
