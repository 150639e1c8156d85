package org.medstream.model.train;

import java.nio.file.Path;
import java.util.List;
import org.medstream.model.lmu.djl.LmuNetworkConfig;

/**
 * Settings of one training run of an LMU segmentation model.
 *
 * @param dataFolder folder with the records
 * @param outFolder model directory to write
 * @param trainingRecords records to train on
 * @param validationRecords records to score after each epoch; must not overlap the training records
 *     unless {@code timeSplit} splits them in time
 * @param timeSplit training and validation spans within the records, or null when every record is
 *     used whole
 * @param epochs epochs to run at most
 * @param seed seed of the weight initialisation and the batch order
 * @param maxMinutes wall-clock budget; no epoch starts that would be expected to end after it, but
 *     the first epoch always runs. 0 means no limit.
 * @param batchSize records per batch
 * @param learningRate Adam learning rate
 * @param network network shape
 * @param command command line to store in the metadata
 * @param medstreamVersion version to store in the metadata
 */
public record TrainingOptions(
        Path dataFolder,
        Path outFolder,
        List<Integer> trainingRecords,
        List<Integer> validationRecords,
        TimeSplit timeSplit,
        int epochs,
        long seed,
        double maxMinutes,
        int batchSize,
        float learningRate,
        LmuNetworkConfig network,
        String command,
        String medstreamVersion) {

    public TrainingOptions {
        trainingRecords = List.copyOf(trainingRecords);
        validationRecords = List.copyOf(validationRecords);
        if (trainingRecords.isEmpty()) {
            throw new IllegalArgumentException("No training records given");
        }
        if (validationRecords.isEmpty()) {
            throw new IllegalArgumentException("No validation records given");
        }
        if (timeSplit == null) {
            EpochSettings.requireDisjoint(trainingRecords, validationRecords);
        }
        EpochSettings.requireValid(epochs, maxMinutes, batchSize, learningRate);
    }
}
