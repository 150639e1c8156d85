package org.medstream.model.medtsllm;

/**
 * Metrics of one training epoch of a boundary task.
 *
 * @param epoch epoch number, from 1
 * @param trainingLoss mean loss over the epoch's training batches
 * @param seconds wall-clock time of the epoch's training and scoring
 * @param validation scores on the validation spans with the model's probability threshold
 * @param validationWithoutThreshold scores on the same spans with every local maximum a candidate
 */
public record BoundaryEpoch(
        int epoch,
        double trainingLoss,
        double seconds,
        BoundaryScores validation,
        BoundaryScores validationWithoutThreshold) {}
