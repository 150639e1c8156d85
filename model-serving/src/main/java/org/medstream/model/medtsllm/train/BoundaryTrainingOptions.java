package org.medstream.model.medtsllm.train;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.medstream.model.medtsllm.BoundaryPeaks;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.train.EpochSettings;
import org.medstream.model.train.TimeSplit;

/**
 * Settings of one MedTsLLM training run on a boundary task.
 *
 * @param task {@code beats} (MIT-BIH) or {@code breaths} (BIDMC)
 * @param dataFolder folder with the records
 * @param outFolder model directory to write
 * @param backboneFile GGUF file of the frozen backbone
 * @param trainingRecords records to train on
 * @param validationRecords records to score after each epoch; disjoint from the training records
 *     unless {@code split} splits them in time
 * @param split training and validation spans in seconds, required for {@code breaths} and null for
 *     {@code beats}, which uses whole records
 * @param network shape of the trainable layers, one class, with as many channels per window as
 *     {@code inputChannels} names
 * @param inputChannels channels each window holds, the channel the boundaries were marked on first
 *     (MLII or RESP), then covariates; null for that channel alone. See {@link
 *     BoundaryRecords#mitBih(Path, int, List)} and {@link BoundaryRecords#bidmc(Path, int, double,
 *     double, List)}.
 * @param promptParts prompt parts to use
 * @param maxTrainingWindows windows per epoch, a fixed random subset chosen once; 0 for all
 * @param epochs epochs to run at most
 * @param seed seed of the initialisation, dropout, window subset and batch order
 * @param maxMinutes wall-clock budget; no epoch starts that would be expected to end after it, but
 *     the first epoch always runs. 0 means no limit.
 * @param batchSize windows per batch
 * @param cachePrefix whether training batches hold windows of one record each, so that their prompt
 *     prefix runs through the backbone once per batch
 * @param learningRate Adam learning rate, constant
 * @param threshold smallest probability of a picked boundary, in [0, 1)
 * @param minimumSpacingMillis least time between two picked boundaries, rounded to whole samples at
 *     the model's rate; null for the {@link BoundaryPeaks#SPACING_PERCENTILE}th percentile of the
 *     training segment lengths
 * @param command command line to store in the metadata
 * @param medstreamVersion version to store in the metadata
 */
public record BoundaryTrainingOptions(
        BoundaryTask task,
        Path dataFolder,
        Path outFolder,
        Path backboneFile,
        List<Integer> trainingRecords,
        List<Integer> validationRecords,
        TimeSplit split,
        MedTsLlmConfig network,
        List<String> inputChannels,
        PromptParts promptParts,
        int maxTrainingWindows,
        int epochs,
        long seed,
        double maxMinutes,
        int batchSize,
        boolean cachePrefix,
        float learningRate,
        double threshold,
        Double minimumSpacingMillis,
        String command,
        String medstreamVersion) {

    public BoundaryTrainingOptions {
        trainingRecords = List.copyOf(trainingRecords);
        validationRecords = List.copyOf(validationRecords);
        EpochSettings.requireRecords(trainingRecords, validationRecords);
        if (task == BoundaryTask.BREATHS && split == null) {
            throw new IllegalArgumentException(
                    "The breaths task splits its records in time and needs a training and a"
                            + " validation span");
        }
        if (task == BoundaryTask.BEATS && split != null) {
            throw new IllegalArgumentException(
                    "The beats task splits by record; training and validation spans apply to"
                            + " breaths only");
        }
        if (split == null) {
            EpochSettings.requireDisjoint(trainingRecords, validationRecords);
        }
        if (network.classes() != 1 || network.windowLength() != task.windowLength()) {
            throw new IllegalArgumentException(
                    "A "
                            + task.taskName()
                            + " network has 1 output per sample and windows of "
                            + task.windowLength()
                            + " samples, got "
                            + network.classes()
                            + " and "
                            + network.windowLength());
        }
        inputChannels =
                inputChannels == null
                        ? BoundaryRecords.defaultChannels(task)
                        : List.copyOf(inputChannels);
        BoundaryRecords.requireMarkedChannelFirst(task, inputChannels);
        if (inputChannels.size() != network.channels()) {
            throw new IllegalArgumentException(
                    "The network takes "
                            + network.channels()
                            + " channel(s) per window, but "
                            + inputChannels.size()
                            + " input channels are named: "
                            + inputChannels);
        }
        if (new HashSet<>(inputChannels).size() != inputChannels.size()) {
            throw new IllegalArgumentException(
                    "Input channels " + inputChannels + " name a channel twice");
        }
        if (maxTrainingWindows < 0) {
            throw new IllegalArgumentException(
                    "maxTrainingWindows must be 0 (all) or more, got " + maxTrainingWindows);
        }
        EpochSettings.requireValid(epochs, maxMinutes, batchSize, learningRate);
        if (!(threshold >= 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1), got " + threshold);
        }
        double sampleMillis = 1000.0 / BoundaryTask.SAMPLING_FREQUENCY_HZ;
        if (minimumSpacingMillis != null && !(minimumSpacingMillis >= sampleMillis)) {
            throw new IllegalArgumentException(
                    "--min-spacing-ms must be at least one sample at "
                            + BoundaryTask.SAMPLING_FREQUENCY_HZ
                            + " Hz ("
                            + sampleMillis
                            + " ms), got "
                            + minimumSpacingMillis);
        }
    }

    /**
     * Returns the minimum spacing in samples at the model's rate, or 0 when the training segments
     * set it.
     */
    public int minimumSpacing() {
        return minimumSpacingMillis == null ? 0 : samplesOf(minimumSpacingMillis);
    }

    private static int samplesOf(double millis) {
        return (int) Math.round(millis * BoundaryTask.SAMPLING_FREQUENCY_HZ / 1000);
    }
}
