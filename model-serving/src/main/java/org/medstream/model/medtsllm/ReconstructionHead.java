package org.medstream.model.medtsllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Reconstructs each window from the backbone's hidden states of its patch positions: a linear map
 * of each patch to d_ff, the patches flattened, and one linear map to the T samples. The window's
 * instance normalisation is then undone, so the output is in the input's units (mV for ECG).
 *
 * <p>Inputs: hidden states [batch, patches, d_llm] and the raw windows [batch, T], whose mean and
 * standard deviation {@link Patching#normalize} divided out. Output: [batch, 1, T].
 */
public final class ReconstructionHead extends AbstractBlock {
    private static final byte VERSION = 1;

    private final MedTsLlmConfig config;
    private final Linear patchProjection;
    private final Linear output;

    /**
     * Creates an uninitialised head for {@code config}'s window and patches.
     *
     * @throws IllegalArgumentException when the config has more than one output per sample
     */
    public ReconstructionHead(MedTsLlmConfig config) {
        super(VERSION);
        if (config.classes() != 1) {
            throw new IllegalArgumentException(
                    "A reconstruction head gives one value per sample; the network config asks"
                            + " for "
                            + config.classes()
                            + " classes");
        }
        this.config = config;
        patchProjection =
                addChildBlock(
                        "patchProjection", Linear.builder().setUnits(config.headWidth()).build());
        output = addChildBlock("output", Linear.builder().setUnits(config.windowLength()).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray hidden = inputs.get(0);
        NDArray windows = inputs.get(1);
        long batch = hidden.getShape().get(0);
        NDArray projected =
                patchProjection.forward(store, new NDList(hidden), training).singletonOrThrow();
        NDArray flat = projected.reshape(batch, -1);
        NDArray normalised = output.forward(store, new NDList(flat), training).singletonOrThrow();

        NDArray mean = windows.mean(new int[] {1}, true);
        NDArray std = windows.sub(mean).square().mean(new int[] {1}, true).sqrt();
        NDArray restored = normalised.mul(std.add(Patching.EPSILON)).add(mean);
        return new NDList(restored.reshape(batch, 1, config.windowLength()));
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = inputShapes[0];
        patchProjection.initialize(manager, dataType, hidden);
        output.initialize(
                manager, dataType, new Shape(hidden.get(0), hidden.get(1) * config.headWidth()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1, config.windowLength())};
    }
}
