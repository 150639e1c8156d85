package org.medstream.model.medtsllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.medstream.model.llm.djl.DecoderOutput;
import org.medstream.model.llm.djl.KeyValueCache;
import org.medstream.model.llm.djl.LlamaDecoder;

/**
 * The MedTsLLM network for one channel per window: instance normalisation, patching, {@link
 * PatchEmbedding}, {@link TextPrototypes} from the backbone's word embeddings, {@link
 * ReprogrammingLayer}, then the frozen Llama backbone over [prompt tokens, patch tokens], and a
 * {@link SegmentationHead} on the final hidden states of the patch positions.
 *
 * <p>The backbone is referenced, not a child block: {@link #getParameters()} lists only the
 * trainable layers, so DJL's optimizer and {@code Model.save} never see the backbone's weights,
 * which are loaded from their own file.
 *
 * <p>Block inputs: windows [batch, T] (float), prompt token ids [batch, promptLength] (integer,
 * left-padded) and the prompt mask [batch, promptLength] (1 for real tokens, 0 for padding).
 * Output: logits [batch, classes, T], or the reconstruction [batch, 1, T].
 */
public final class MedTsLlmNetwork extends AbstractBlock {
    private static final byte VERSION = 1;

    private final MedTsLlmConfig config;
    private final LlamaDecoder backbone;
    private final PatchEmbedding patchEmbedding;
    private final TextPrototypes prototypes;
    private final ReprogrammingLayer reprogramming;
    private final AbstractBlock head;
    private final HeadKind headKind;

    /** Creates an uninitialised network around {@code backbone}, whose weights stay frozen. */
    public MedTsLlmNetwork(MedTsLlmConfig config, LlamaDecoder backbone) {
        this(config, backbone, HeadKind.SEGMENTATION);
    }

    /** Creates an uninitialised network as above, with the head of {@code headKind}. */
    public MedTsLlmNetwork(MedTsLlmConfig config, LlamaDecoder backbone, HeadKind headKind) {
        super(VERSION);
        this.headKind = headKind;
        this.config = config;
        this.backbone = backbone;
        int llmWidth = backbone.config().embeddingLength();
        patchEmbedding = addChildBlock("patchEmbedding", new PatchEmbedding(config));
        prototypes = addChildBlock("prototypes", new TextPrototypes(config.prototypes()));
        reprogramming = addChildBlock("reprogramming", new ReprogrammingLayer(config, llmWidth));
        head =
                addChildBlock(
                        "head",
                        headKind == HeadKind.RECONSTRUCTION
                                ? new ReconstructionHead(config)
                                : new SegmentationHead(config));
    }

    public MedTsLlmConfig config() {
        return config;
    }

    public LlamaDecoder backbone() {
        return backbone;
    }

    public HeadKind headKind() {
        return headKind;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(
                forward(store, inputs.get(0), inputs.get(1), inputs.get(2), null, training));
    }

    /**
     * Runs the network with a cache that already contains the keys and values of a prompt prefix
     * shared by every window of the batch, as {@link PrefixCache} prepares it; only the rest of the
     * prompt and the patch tokens are computed. The cache is returned to its prefix length
     * afterwards. The cache keeps the autograd history of the new tokens' keys and values, so
     * training can use it too.
     *
     * @param promptIds the rest of each window's prompt [batch, length], left-padded; length 0 is
     *     allowed
     * @param promptMask 1 for real tokens, 0 for padding, [batch, length]
     * @param training whether dropout is on
     */
    public NDArray forwardAfterPrefix(
            ParameterStore store,
            NDArray windows,
            NDArray promptIds,
            NDArray promptMask,
            KeyValueCache prefix,
            boolean training) {
        int prefixLength = prefix.length();
        try {
            return forward(store, windows, promptIds, promptMask, prefix, training);
        } finally {
            prefix.truncate(prefixLength);
        }
    }

    private NDArray forward(
            ParameterStore store,
            NDArray windows,
            NDArray promptIds,
            NDArray promptMask,
            KeyValueCache cache,
            boolean training) {
        NDArray patchTokens = patchTokens(store, windows, training);
        long batch = patchTokens.getShape().get(0);
        long patches = patchTokens.getShape().get(1);
        NDManager manager = windows.getManager();

        NDArray sequence = patchTokens;
        NDArray mask = manager.ones(new Shape(batch, patches));
        if (promptIds.getShape().get(1) > 0) {
            NDArray promptEmbeddings = backbone.embed(store, promptIds);
            sequence = promptEmbeddings.concat(patchTokens, 1);
            mask = promptMask.toType(DataType.FLOAT32, false).concat(mask, 1);
        }

        DecoderOutput output = backbone.forward(store, sequence, mask, cache, false);
        long length = sequence.getShape().get(1);
        NDArray patchStates = output.hidden().get(":, {}:, :", length - patches);
        // The reconstruction head undoes the instance normalisation, so it needs the raw windows.
        NDList headInputs =
                headKind == HeadKind.RECONSTRUCTION
                        ? new NDList(patchStates, windows)
                        : new NDList(patchStates);
        return head.forward(store, headInputs, training).singletonOrThrow();
    }

    /** Normalises, patches, embeds and reprograms windows [batch, T] to [batch, patches, d_llm]. */
    private NDArray patchTokens(ParameterStore store, NDArray windows, boolean training) {
        NDArray patches = Patching.patch(Patching.normalize(windows), config);
        NDArray embedded =
                patchEmbedding.forward(store, new NDList(patches), training).singletonOrThrow();
        NDArray textPrototypes =
                prototypes
                        .forward(store, new NDList(wordEmbeddings(store, windows)), training)
                        .singletonOrThrow();
        return reprogramming
                .forward(store, new NDList(embedded, textPrototypes), training)
                .singletonOrThrow();
    }

    /** Returns the backbone's frozen word-embedding matrix [vocabulary, d_llm]. */
    private NDArray wordEmbeddings(ParameterStore store, NDArray like) {
        int vocabulary = backbone.config().vocabularySize();
        NDArray ids = like.getManager().arange(0, vocabulary).reshape(1, vocabulary);
        return backbone.embed(store, ids).reshape(vocabulary, -1);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        int patches = config.patchCount();
        long llmWidth = backbone.config().embeddingLength();
        long vocabulary = backbone.config().vocabularySize();

        patchEmbedding.initialize(
                manager, dataType, new Shape(batch, patches, config.patchLength()));
        prototypes.initialize(manager, dataType, new Shape(vocabulary, llmWidth));
        reprogramming.initialize(
                manager,
                dataType,
                new Shape(batch, patches, config.modelWidth()),
                new Shape(config.prototypes(), llmWidth));
        head.initialize(manager, dataType, new Shape(batch, patches, llmWidth));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {
            new Shape(inputShapes[0].get(0), config.classes(), config.windowLength())
        };
    }
}
