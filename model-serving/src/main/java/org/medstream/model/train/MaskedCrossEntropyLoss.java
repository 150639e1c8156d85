package org.medstream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy per sample, averaged over the samples whose mask is 1. Samples outside
 * LUDB's annotated span and the padding at the end of a batch carry mask 0 and add nothing.
 *
 * <p>Labels: {@code [targets, mask]}, class indices and weights of shape [batch, time]. Prediction:
 * logits of shape [batch, classes, time].
 */
public final class MaskedCrossEntropyLoss extends Loss {

    /** Creates a loss named {@code maskedCrossEntropy}. */
    public MaskedCrossEntropyLoss() {
        super("maskedCrossEntropy");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray targets = labels.get(0).toType(DataType.INT64, false);
        NDArray mask = labels.get(1).toType(DataType.FLOAT32, false);
        int classes = Math.toIntExact(logits.getShape().get(1));

        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray oneHot = targets.oneHot(classes).transpose(0, 2, 1);
        NDArray negativeLogLikelihood = logProbabilities.mul(oneHot).sum(new int[] {1}).neg();

        NDArray maskedSum = negativeLogLikelihood.mul(mask).sum();
        NDArray count = mask.sum().maximum(1f);
        return maskedSum.div(count);
    }
}
