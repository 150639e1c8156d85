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

class MaskedBinaryCrossEntropyLossTest {

    @Test
    void maskedMeanByHand() {
        // Per sample: x 0 y 1 → ln 2; x 2 y 0 → 2 + ln(1 + e^-2); x -3 y 1 → 3 + ln(1 + e^-3);
        // the fourth sample has mask 0.
        double expected =
                (Math.log(2) + 2 + Math.log(1 + Math.exp(-2)) + 3 + Math.log(1 + Math.exp(-3))) / 3;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {0, 2, -3, 50}, new Shape(1, 1, 4));
            NDArray targets = manager.create(new int[] {1, 0, 1, 0}, new Shape(1, 4));
            NDArray mask = manager.create(new float[] {1, 1, 1, 0}, new Shape(1, 4));

            double loss =
                    new MaskedBinaryCrossEntropyLoss()
                            .evaluate(new NDList(targets, mask), new NDList(logits))
                            .getFloat();

            assertThat(loss).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void largeLogitsStayFinite() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {200, -200}, new Shape(1, 1, 2));
            NDArray targets = manager.create(new int[] {0, 1}, new Shape(1, 2));
            NDArray mask = manager.create(new float[] {1, 1}, new Shape(1, 2));

            double loss =
                    new MaskedBinaryCrossEntropyLoss()
                            .evaluate(new NDList(targets, mask), new NDList(logits))
                            .getFloat();

            assertThat(loss).isCloseTo(200, within(1e-3));
        }
    }

    @Test
    void gradientIsSigmoidMinusTarget() {
        try (NDManager manager = NDManager.newBaseManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = manager.create(new float[] {0.5f, -1f}, new Shape(1, 1, 2));
            logits.setRequiresGradient(true);
            NDArray targets = manager.create(new int[] {1, 0}, new Shape(1, 2));
            NDArray mask = manager.create(new float[] {1, 1}, new Shape(1, 2));

            NDArray loss =
                    new MaskedBinaryCrossEntropyLoss()
                            .evaluate(new NDList(targets, mask), new NDList(logits));
            collector.backward(loss);
            float[] gradient = logits.getGradient().toFloatArray();

            // d/dx of the mean over 2 samples: (σ(x) − y) / 2.
            assertThat(gradient[0]).isCloseTo((float) ((sigmoid(0.5) - 1) / 2), within(1e-6f));
            assertThat(gradient[1]).isCloseTo((float) (sigmoid(-1) / 2), within(1e-6f));
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
