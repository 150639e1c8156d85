package org.medstream.model.medtsllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.medstream.model.llm.djl.ConstantFactor;

/**
 * Multi-head cross-attention from patch embeddings to text prototypes: queries from the patches
 * [batch, patches, d_model], keys and values from the prototypes [prototypes, d_llm], softmax over
 * the prototypes, and an output projection to d_llm. Each patch becomes a mixture of prototypes
 * that the frozen backbone can read as input embeddings [batch, patches, d_llm].
 */
public final class ReprogrammingLayer extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int heads;
    private final int headWidth;
    private final int outputWidth;
    private final float dropout;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;

    /** Creates an uninitialised layer whose output width is the backbone's {@code llmWidth}. */
    public ReprogrammingLayer(MedTsLlmConfig config, int llmWidth) {
        super(VERSION);
        heads = config.heads();
        headWidth = config.headWidth();
        outputWidth = llmWidth;
        dropout = config.dropout();
        int width = heads * headWidth;
        query = addChildBlock("query", Linear.builder().setUnits(width).build());
        key = addChildBlock("key", Linear.builder().setUnits(width).build());
        value = addChildBlock("value", Linear.builder().setUnits(width).build());
        output = addChildBlock("output", Linear.builder().setUnits(llmWidth).build());
    }

    /** Inputs: patch embeddings [batch, patches, d_model] and prototypes [prototypes, d_llm]. */
    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray patches = inputs.get(0);
        NDArray prototypes = inputs.get(1);
        long batch = patches.getShape().get(0);
        long patchCount = patches.getShape().get(1);
        long prototypeCount = prototypes.getShape().get(0);

        // [batch, heads, patches, headWidth]
        NDArray queries =
                query.forward(store, new NDList(patches), training)
                        .singletonOrThrow()
                        .reshape(batch, patchCount, heads, headWidth)
                        .transpose(0, 2, 1, 3);
        // [heads, headWidth, prototypes] and [heads, prototypes, headWidth]
        NDArray keys =
                key.forward(store, new NDList(prototypes), training)
                        .singletonOrThrow()
                        .reshape(prototypeCount, heads, headWidth)
                        .transpose(1, 2, 0);
        NDArray values =
                value.forward(store, new NDList(prototypes), training)
                        .singletonOrThrow()
                        .reshape(prototypeCount, heads, headWidth)
                        .transpose(1, 0, 2);

        NDArray scores = ConstantFactor.multiply(queries.matMul(keys), 1 / Math.sqrt(headWidth));
        NDArray weights = Dropout.dropout(scores.softmax(-1), dropout, training).singletonOrThrow();
        NDArray mixed =
                weights.matMul(values)
                        .transpose(0, 2, 1, 3)
                        .reshape(batch, patchCount, (long) heads * headWidth);
        return output.forward(store, new NDList(mixed), training);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape patches = inputShapes[0];
        Shape prototypes = inputShapes[1];
        query.initialize(manager, dataType, patches);
        key.initialize(manager, dataType, prototypes);
        value.initialize(manager, dataType, prototypes);
        output.initialize(
                manager,
                dataType,
                new Shape(patches.get(0), patches.get(1), (long) heads * headWidth));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape patches = inputShapes[0];
        return new Shape[] {new Shape(patches.get(0), patches.get(1), outputWidth)};
    }
}
