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
 * Text prototypes [prototypes, d_llm]: each is a trained linear combination (with bias) of the
 * backbone's frozen word embeddings [vocabulary, d_llm], so the prototypes stay in the space of the
 * backbone's inputs.
 */
public final class TextPrototypes extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Linear mapping;

    /** Creates an uninitialised map to {@code prototypes} prototypes. */
    public TextPrototypes(int prototypes) {
        super(VERSION);
        mapping = addChildBlock("mapping", Linear.builder().setUnits(prototypes).build());
    }

    /** Input: the word-embedding matrix [vocabulary, d_llm]. Output: [prototypes, d_llm]. */
    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray byDimension = inputs.singletonOrThrow().transpose();
        NDArray mixed =
                mapping.forward(store, new NDList(byDimension), training).singletonOrThrow();
        return new NDList(mixed.transpose());
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape embeddings = inputShapes[0];
        mapping.initialize(manager, dataType, new Shape(embeddings.get(1), embeddings.get(0)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape embeddings = inputShapes[0];
        Shape mixed =
                mapping.getOutputShapes(
                                new Shape[] {new Shape(embeddings.get(1), embeddings.get(0))})[0];
        return new Shape[] {new Shape(mixed.get(1), mixed.get(0))};
    }
}
