package org.medstream.model.train;

/**
 * Metrics of one training epoch.
 *
 * @param epoch epoch number, from 1
 * @param trainingLoss mean masked cross-entropy over the epoch's batches
 * @param seconds wall-clock time of the epoch, validation included
 * @param validation scores on the validation records after the epoch
 */
public record EpochMetrics(
        int epoch, double trainingLoss, double seconds, SegmentationScores validation) {}
