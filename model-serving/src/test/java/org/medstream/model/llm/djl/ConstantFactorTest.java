package org.medstream.model.llm.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantFactorTest {

    @Test
    void productHasFactor() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, -2f, 4f});

            float[] product = ConstantFactor.multiply(x, 0.25).toFloatArray();

            assertThat(product).containsExactly(0.25f, -0.5f, 1f);
        }
    }

    /**
     * The gradient is the factor even when the garbage collector runs, and new direct buffers are
     * filled with NaN, between the forward and the backward pass. That is where a constant held in
     * a Java buffer that is already released would be read back as garbage.
     */
    @Test
    void gradientSurvivesCollection() {
        for (int trial = 0; trial < 20; trial++) {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray x = manager.ones(new Shape(1000));
                x.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray y = ConstantFactor.multiply(x, 0.125).sum();
                    System.gc();
                    List<ByteBuffer> filler = new ArrayList<>();
                    for (int i = 0; i < 2000; i++) {
                        ByteBuffer buffer = ByteBuffer.allocateDirect(8);
                        buffer.putFloat(0, Float.NaN).putFloat(4, Float.NaN);
                        filler.add(buffer);
                    }
                    collector.backward(y);
                }

                assertThat(x.getGradient().toFloatArray())
                        .as("trial %d", trial)
                        .containsOnly(0.125f);
            }
        }
    }
}
