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
 * Turns the backbone's hidden states of the patch positions [batch, patches, d_llm] into per-sample
 * class logits [batch, classes, T]: a linear map of each patch to d_ff, the patches flattened, and
 * one linear map to every (sample, class) pair.
 */
public final class SegmentationHead extends AbstractBlock {
    private static final byte VERSION = 1;

    private final MedTsLlmConfig config;
    private final Linear patchProjection;
    private final Linear output;

    /** Creates an uninitialised head for {@code config}'s window, patches and classes. */
    public SegmentationHead(MedTsLlmConfig config) {
        super(VERSION);
        this.config = config;
        patchProjection =
                addChildBlock(
                        "patchProjection", Linear.builder().setUnits(config.headWidth()).build());
        output =
                addChildBlock(
                        "output",
                        Linear.builder()
                                .setUnits((long) config.windowLength() * config.classes())
                                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray hidden = inputs.singletonOrThrow();
        long batch = hidden.getShape().get(0);
        NDArray projected =
                patchProjection.forward(store, new NDList(hidden), training).singletonOrThrow();
        NDArray flat = projected.reshape(batch, -1);
        NDArray logits = output.forward(store, new NDList(flat), training).singletonOrThrow();
        return new NDList(
                logits.reshape(batch, config.windowLength(), config.classes()).transpose(0, 2, 1));
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
        return new Shape[] {
            new Shape(inputShapes[0].get(0), config.classes(), config.windowLength())
        };
    }
}
