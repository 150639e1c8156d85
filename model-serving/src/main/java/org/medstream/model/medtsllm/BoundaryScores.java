package org.medstream.model.medtsllm;

/**
 * Boundary detection scores over the scored spans of one or more records.
 *
 * @param meanIou segment mIoU: the mean, over every reference segment (the samples from one
 *     reference boundary up to the next), of its best intersection over union with a predicted
 *     segment (the scored span cut at the predicted boundaries)
 * @param meanAbsoluteError boundary MAE in samples: the mean, over every reference boundary, of the
 *     distance to the nearest predicted boundary in the same span; NaN when no span had a predicted
 *     boundary
 * @param referenceBoundaries reference boundaries in the scored spans
 * @param predictedBoundaries predicted boundaries in the scored spans
 * @param referenceSegments reference segments the mIoU averages
 * @param unmatchedBoundaries reference boundaries left out of the MAE because their span had no
 *     predicted boundary
 */
public record BoundaryScores(
        double meanIou,
        double meanAbsoluteError,
        int referenceBoundaries,
        int predictedBoundaries,
        int referenceSegments,
        int unmatchedBoundaries) {}
