package org.medstream.model.medtsllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * Binary cross-entropy of one logit per sample, averaged over the samples whose mask is 1: the loss
 * of MedTsLLM's boundary tasks.
 *
 * <p>Labels: {@code [targets, mask]}, 0 or 1 per sample and weights, each [batch, time].
 * Prediction: logits [batch, 1, time].
 *
 * <p>The loss is computed from the logits as max(x, 0) − x·y + log(1 + exp(−|x|)), which equals
 * −y·log σ(x) − (1 − y)·log(1 − σ(x)) without overflowing for large |x|. No constant enters through
 * an {@code NDArray} method that takes a {@code Number}, because DJL 0.36's PyTorch engine frees
 * such constants while autograd may still read them (see {@code ConstantFactor}).
 */
public final class MaskedBinaryCrossEntropyLoss extends Loss {

    /** Creates a loss named {@code maskedBinaryCrossEntropy}. */
    public MaskedBinaryCrossEntropyLoss() {
        super("maskedBinaryCrossEntropy");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray x = logits.reshape(logits.getShape().get(0), logits.getShape().get(2));
        NDArray targets = labels.get(0).toType(DataType.FLOAT32, false);
        NDArray mask = labels.get(1).toType(DataType.FLOAT32, false);

        NDArray ones = x.getManager().ones(x.getShape());
        NDArray softPlusOfMinusAbs = x.abs().neg().exp().add(ones).log();
        NDArray perSample = Activation.relu(x).sub(x.mul(targets)).add(softPlusOfMinusAbs);

        NDArray maskedSum = perSample.mul(mask).sum();
        NDArray count = mask.sum().maximum(1f);
        return maskedSum.div(count);
    }
}
