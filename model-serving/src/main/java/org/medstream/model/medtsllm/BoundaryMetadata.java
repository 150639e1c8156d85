package org.medstream.model.medtsllm;

import java.util.List;
import org.medstream.model.train.TimeSplit;

/**
 * The part of {@code model.json} that only boundary tasks ({@code beats}, {@code breaths}) have.
 *
 * @param sourceSamplingFrequencyHz sampling frequency of the records before resampling to the
 *     model's
 * @param split training and validation spans in seconds when the records are split in time, or null
 *     when they are split by record
 * @param labelHalfWidthSamples samples on each side of a reference boundary labelled 1 in training
 * @param minimumSpacingSamples smallest distance between two picked boundaries: the 10th percentile
 *     of the segment lengths in the training spans
 * @param threshold smallest probability of a picked boundary
 * @param epochs metrics of each epoch
 * @param validation scores of the saved weights on the validation spans
 * @param validationWithoutThreshold the same with every local maximum a candidate
 * @param inputChannels channels of each window as the training run named them, the marked channel
 *     first; null in files written before covariates existed, whose windows held that channel alone
 */
public record BoundaryMetadata(
        double sourceSamplingFrequencyHz,
        TimeSplit split,
        int labelHalfWidthSamples,
        int minimumSpacingSamples,
        double threshold,
        List<BoundaryEpoch> epochs,
        BoundaryScores validation,
        BoundaryScores validationWithoutThreshold,
        List<String> inputChannels) {}
