package org.medstream.model.medtsllm;

/**
 * Metrics of one training epoch of the anomaly task. Errors are mean squared errors of the
 * reconstruction in mV² over the validation records' scoring windows, split by whether a window
 * contains a reference anomalous sample. A model that separates anomalies reconstructs the second
 * group worse.
 *
 * @param epoch epoch number, from 1
 * @param trainingLoss mean loss over the epoch's training batches
 * @param seconds wall-clock time of the epoch's training and scoring
 * @param validationNormalError error on the validation windows without an anomalous sample
 * @param validationAnomalousError error on the validation windows with one or more
 */
public record AnomalyEpoch(
        int epoch,
        double trainingLoss,
        double seconds,
        double validationNormalError,
        double validationAnomalousError) {}
