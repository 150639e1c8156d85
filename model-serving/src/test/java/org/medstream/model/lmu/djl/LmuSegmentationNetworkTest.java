package org.medstream.model.lmu.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

class LmuSegmentationNetworkTest {
    /**
     * The shape that {@code medstream train} uses by default: 12 leads, C = 48, d = 32, Δ = 100.
     */
    private static final LmuNetworkConfig CONFIG = LmuNetworkConfig.of(12, 48, 32, 250, 4, 100);

    private static final int LEADS = CONFIG.inputChannels();

    @Test
    void outputShape() {
        try (Model model = newModel()) {
            NDArray output = forward(model, new float[2 * LEADS * 700], 2, 700);

            assertThat(output.getShape()).isEqualTo(new Shape(2 * LEADS, 4, 700));
        }
    }

    @Test
    void parameterCount() {
        try (Model model = newModel()) {
            long count = 0;
            for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
                count += parameter.getValue().getArray().size();
            }

            // Tens of thousands, so that training fits on two CPU cores.
            assertThat(count).isBetween(10_000L, 100_000L);
        }
    }

    @Test
    void outputIsCausal() {
        int length = 1200;
        int changed = 800;
        float[] signal = new float[LEADS * length];
        for (int i = 0; i < signal.length; i++) {
            signal[i] = (float) Math.sin(i * 0.05);
        }
        // Only the last lead changes; every lead's output must still keep to the past.
        float[] altered = signal.clone();
        for (int t = changed; t < length; t++) {
            altered[(LEADS - 1) * length + t] += 1f;
        }

        try (Model model = newModel()) {
            float[] before = forward(model, signal, 1, length).toFloatArray();
            float[] after = forward(model, altered, 1, length).toFloatArray();

            for (int c = 0; c < 4 * LEADS; c++) {
                for (int t = 0; t < changed; t++) {
                    int index = c * length + t;
                    assertThat(after[index])
                            .as("lead %d class %d sample %d", c / 4, c % 4, t)
                            .isEqualTo(before[index]);
                }
                int index = c * length + changed;
                assertThat(after[index])
                        .as("lead %d class %d at the change", c / 4, c % 4)
                        .isNotEqualTo(before[index]);
            }
        }
    }

    private static Model newModel() {
        Engine.getInstance().setRandomSeed(7);
        Model model = Model.newInstance("network-test");
        Block block = LmuSegmentationNetwork.build(CONFIG);
        block.setInitializer(new NormalInitializer(0.1f), Parameter.Type.WEIGHT);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, LEADS, 700));
        return model;
    }

    private static NDArray forward(Model model, float[] signal, int batch, int length) {
        NDManager manager = model.getNDManager().newSubManager();
        NDArray input = manager.create(signal, new Shape(batch, LEADS, length));
        return model.getBlock()
                .forward(new ParameterStore(manager, false), new NDList(input), false)
                .singletonOrThrow();
    }
}
