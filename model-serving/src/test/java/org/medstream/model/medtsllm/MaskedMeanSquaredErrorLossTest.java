package org.medstream.model.medtsllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class MaskedMeanSquaredErrorLossTest {

    @Test
    void maskedMeanByHand() {
        // Errors 1, -2, 0.5 count; the fourth sample has mask 0: (1 + 4 + 0.25) / 3.
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray reconstruction =
                    manager.create(new float[] {2, -1, 0.5f, 40}, new Shape(1, 1, 4));
            NDArray targets = manager.create(new float[] {1, 1, 0, 0}, new Shape(1, 4));
            NDArray mask = manager.create(new float[] {1, 1, 1, 0}, new Shape(1, 4));

            double loss =
                    new MaskedMeanSquaredErrorLoss()
                            .evaluate(new NDList(targets, mask), new NDList(reconstruction))
                            .getFloat();

            assertThat(loss).isCloseTo(5.25 / 3, within(1e-6));
        }
    }

    @Test
    void gradientIsTwiceTheErrorOverCount() {
        try (NDManager manager = NDManager.newBaseManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray reconstruction = manager.create(new float[] {3, 1}, new Shape(1, 1, 2));
            reconstruction.setRequiresGradient(true);
            NDArray targets = manager.create(new float[] {1, 1}, new Shape(1, 2));
            NDArray mask = manager.create(new float[] {1, 1}, new Shape(1, 2));

            collector.backward(
                    new MaskedMeanSquaredErrorLoss()
                            .evaluate(new NDList(targets, mask), new NDList(reconstruction)));

            assertThat(reconstruction.getGradient().toFloatArray()).containsExactly(2f, 0f);
        }
    }
}
