package org.medstream.model.medtsllm.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.train.EpochSettings;
import org.medstream.model.train.LearningRateSchedule;

/**
 * Settings of one MedTsLLM training run on LUDB waves.
 *
 * @param dataFolder folder with the LUDB records and {@code ludb.csv}
 * @param outFolder model directory to write
 * @param backboneFile GGUF file of the frozen backbone
 * @param trainingRecords records to train on
 * @param validationRecords records to score after each epoch, disjoint from the training records
 * @param network shape of the trainable layers
 * @param promptParts prompt parts to use
 * @param trainingStepSamples step between training window starts
 * @param maxTrainingWindows windows per epoch, a fixed random subset chosen once; 0 for all
 * @param epochs epochs to run at most
 * @param seed seed of the initialisation, dropout, window subset and batch order
 * @param maxMinutes wall-clock budget; no epoch starts that would be expected to end after it, but
 *     the first epoch always runs. 0 means no limit.
 * @param batchSize windows per batch
 * @param cachePrefix whether training batches hold windows of one record each, so that their common
 *     prompt prefix runs through the backbone once per batch instead of once per window
 * @param learningRate Adam learning rate of the first update
 * @param schedule how the learning rate changes over the planned updates
 * @param command command line to store in the metadata
 * @param medstreamVersion version to store in the metadata
 */
public record MedTsLlmTrainingOptions(
        Path dataFolder,
        Path outFolder,
        Path backboneFile,
        List<Integer> trainingRecords,
        List<Integer> validationRecords,
        MedTsLlmConfig network,
        PromptParts promptParts,
        int trainingStepSamples,
        int maxTrainingWindows,
        int epochs,
        long seed,
        double maxMinutes,
        int batchSize,
        boolean cachePrefix,
        float learningRate,
        LearningRateSchedule schedule,
        String command,
        String medstreamVersion) {

    public MedTsLlmTrainingOptions {
        trainingRecords = List.copyOf(trainingRecords);
        validationRecords = List.copyOf(validationRecords);
        EpochSettings.requireRecords(trainingRecords, validationRecords);
        EpochSettings.requireDisjoint(trainingRecords, validationRecords);
        if (trainingStepSamples < 1) {
            throw new IllegalArgumentException(
                    "trainingStepSamples must be at least 1, got " + trainingStepSamples);
        }
        if (maxTrainingWindows < 0) {
            throw new IllegalArgumentException(
                    "maxTrainingWindows must be 0 (all) or more, got " + maxTrainingWindows);
        }
        EpochSettings.requireValid(epochs, maxMinutes, batchSize, learningRate);
        Objects.requireNonNull(schedule, "schedule");
    }
}
