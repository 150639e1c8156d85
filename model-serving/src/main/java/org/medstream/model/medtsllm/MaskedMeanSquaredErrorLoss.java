package org.medstream.model.medtsllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Squared error between a reconstruction and its target, averaged over the samples whose mask is 1:
 * the loss of MedTsLLM's anomaly task.
 *
 * <p>Labels: {@code [targets, mask]}, the input samples and 0/1 weights, each [batch, time].
 * Prediction: the reconstruction [batch, 1, time]. The mask sum is clipped with {@code maximum}, as
 * in {@link MaskedBinaryCrossEntropyLoss}, on an array that no gradient flows through.
 */
public final class MaskedMeanSquaredErrorLoss extends Loss {

    /** Creates a loss named {@code maskedMeanSquaredError}. */
    public MaskedMeanSquaredErrorLoss() {
        super("maskedMeanSquaredError");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray reconstruction = predictions.singletonOrThrow();
        NDArray x =
                reconstruction.reshape(
                        reconstruction.getShape().get(0), reconstruction.getShape().get(2));
        NDArray targets = labels.get(0).toType(DataType.FLOAT32, false);
        NDArray mask = labels.get(1).toType(DataType.FLOAT32, false);

        NDArray squared = x.sub(targets).square();
        NDArray count = mask.sum().maximum(1f);
        return squared.mul(mask).sum().div(count);
    }
}
