package org.medstream.model.medtsllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Embeds patches [batch, patches, patchLength] as vectors [batch, patches, d_model]: a kernel-3
 * convolution without bias across neighbouring patches, whose input channels are the samples of a
 * patch, with circular padding, followed by dropout.
 */
public final class PatchEmbedding extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Conv1d convolution;
    private final float dropout;

    /** Creates an uninitialised embedding of the given shape. */
    public PatchEmbedding(MedTsLlmConfig config) {
        super(VERSION);
        convolution =
                addChildBlock(
                        "convolution",
                        Conv1d.builder()
                                .setKernelShape(new Shape(3))
                                .setFilters(config.modelWidth())
                                .optBias(false)
                                .build());
        dropout = config.dropout();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray channels = circularPad(inputs.singletonOrThrow().transpose(0, 2, 1));
        NDArray embedded =
                convolution.forward(store, new NDList(channels), training).singletonOrThrow();
        NDArray perPatch = embedded.transpose(0, 2, 1);
        return Dropout.dropout(perPatch, dropout, training);
    }

    /** Pads [batch, channels, patches] with the last patch before the first and the first after. */
    private static NDArray circularPad(NDArray x) {
        long patches = x.getShape().get(2);
        NDArray first = x.get(":, :, 0:1");
        NDArray last = x.get(":, :, {}:", patches - 1);
        return last.concat(x, 2).concat(first, 2);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape input = inputShapes[0];
        convolution.initialize(
                manager, dataType, new Shape(input.get(0), input.get(2), input.get(1) + 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        Shape convolved =
                convolution
                        .getOutputShapes(
                                new Shape[] {
                                    new Shape(input.get(0), input.get(2), input.get(1) + 2)
                                })[0];
        return new Shape[] {new Shape(input.get(0), input.get(1), convolved.get(1))};
    }
}
