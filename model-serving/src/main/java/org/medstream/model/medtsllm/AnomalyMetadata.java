package org.medstream.model.medtsllm;

import java.util.List;

/**
 * The part of {@code model.json} that only the anomaly task has: how windows were chosen, and the
 * threshold on the reconstruction error, which comes from the training records alone.
 *
 * <p>A sample's score is its squared reconstruction error divided by {@code meanSquaredError}, the
 * mean over every sample of the training records (MedTsLLM's per-channel normalisation, with one
 * channel). A sample is anomalous when its score is at least {@code threshold}, the (1 − {@code
 * anomalyRate}) quantile of the training records' scores.
 *
 * @param sourceSamplingFrequencyHz sampling frequency of the records before resampling
 * @param anomalyHalfWidthSeconds half width of the reference anomalous span around a beat that is
 *     not AAMI class N, as the evaluation module defines it
 * @param normalWindows training windows without an anomalous sample, the ones trained on
 * @param excludedWindows training windows left out because they hold an anomalous sample
 * @param trainingAnomalousFraction share of the training records' samples that the reference marks
 *     anomalous
 * @param anomalyRate expected share of anomalous samples that sets the threshold
 * @param thresholdQuantile 1 − {@code anomalyRate}
 * @param meanSquaredError mean squared error over the training records' samples, in mV²
 * @param threshold score at and above which a sample is anomalous
 * @param thresholdSamples training samples the quantile was taken over
 * @param epochs metrics of each epoch
 */
public record AnomalyMetadata(
        double sourceSamplingFrequencyHz,
        double anomalyHalfWidthSeconds,
        int normalWindows,
        int excludedWindows,
        double trainingAnomalousFraction,
        double anomalyRate,
        double thresholdQuantile,
        double meanSquaredError,
        double threshold,
        long thresholdSamples,
        List<AnomalyEpoch> epochs) {}
