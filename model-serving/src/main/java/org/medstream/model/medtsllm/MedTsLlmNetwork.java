package org.medstream.model.medtsllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import org.medstream.model.llm.djl.DecoderOutput;
import org.medstream.model.llm.djl.KeyValueCache;
import org.medstream.model.llm.djl.LlamaDecoder;

/**
 * The MedTsLLM network: instance normalisation, patching, {@link PatchEmbedding}, {@link
 * TextPrototypes} from the backbone's word embeddings, {@link ReprogrammingLayer}, then the frozen
 * Llama backbone over [prompt tokens, patch tokens], and a {@link SegmentationHead} on the final
 * hidden states of the patch positions. Each channel of a multi-channel window is normalised,
 * patched and embedded on its own, and the config's {@link CovariateMode} decides how the channels
 * are combined.
 *
 * <p>The backbone is referenced, not a child block: {@link #getParameters()} lists only the
 * trainable layers, so DJL's optimizer and {@code Model.save} never see the backbone's weights,
 * which are loaded from their own file.
 *
 * <p>Block inputs: windows [batch, T] for one channel or [batch, C, T] (float), prompt token ids
 * [batch, promptLength] (integer, left-padded) and the prompt mask [batch, promptLength] (1 for
 * real tokens, 0 for padding). Output: logits [batch, classes, T], or the reconstruction [batch, 1,
 * T]. Windows [batch, T] take the single-channel path, which a one-channel network of any mode
 * computes from [batch, 1, T] to the same values.
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
    private final Parameter channelWeights;

    /** Creates an uninitialised network around {@code backbone}, whose weights stay frozen. */
    public MedTsLlmNetwork(MedTsLlmConfig config, LlamaDecoder backbone) {
        this(config, backbone, HeadKind.SEGMENTATION);
    }

    /** Creates an uninitialised network as above, with the head of {@code headKind}. */
    public MedTsLlmNetwork(MedTsLlmConfig config, LlamaDecoder backbone, HeadKind headKind) {
        super(VERSION);
        if (headKind == HeadKind.RECONSTRUCTION && config.channels() != 1) {
            throw new IllegalArgumentException(
                    "A reconstruction head takes windows of one channel, not " + config.channels());
        }
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
        Covariates covariates = config.covariates();
        // Only this mode gets the parameter, so that models of the other modes keep the parameter
        // names and files they had before covariates existed.
        channelWeights =
                covariates.mode() == CovariateMode.WEIGHTED_AVERAGE
                        ? addParameter(
                                Parameter.builder()
                                        .setName("channelWeights")
                                        .setType(Parameter.Type.OTHER)
                                        .optShape(new Shape(covariates.channels()))
                                        .optInitializer(Initializer.ZEROS)
                                        .build())
                        : null;
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
        int channels = channelsOf(windows);
        if (windows.getShape().dimension() == 2
                || config.covariates().mode() != CovariateMode.INDEPENDENT) {
            return forwardTokens(
                    store,
                    windows,
                    patchTokens(store, windows, training),
                    promptIds,
                    promptMask,
                    cache,
                    training);
        }
        int prefixLength = cache == null ? 0 : cache.length();
        NDArray sum = null;
        for (int c = 0; c < channels; c++) {
            NDArray channel = windows.get(":, {}, :", c);
            NDArray logits =
                    forwardTokens(
                            store,
                            channel,
                            patchTokens(store, channel, training),
                            promptIds,
                            promptMask,
                            cache,
                            training);
            if (cache != null) {
                cache.truncate(prefixLength);
            }
            sum = sum == null ? logits : sum.add(logits);
        }
        return channels == 1 ? sum : sum.div(channels);
    }

    /**
     * Returns the channel count of windows [batch, T] (1) or [batch, C, T].
     *
     * @throws IllegalArgumentException when the channels or the window length are not the network's
     */
    private int channelsOf(NDArray windows) {
        Shape shape = windows.getShape();
        int channels = shape.dimension() == 2 ? 1 : Math.toIntExact(shape.get(1));
        if ((shape.dimension() != 2 && shape.dimension() != 3)
                || channels != config.channels()
                || shape.get(shape.dimension() - 1) != config.windowLength()) {
            throw new IllegalArgumentException(
                    "windows of shape "
                            + shape
                            + " do not fit a network of "
                            + config.channels()
                            + " channel(s) per window ("
                            + config.covariates().mode().optionName()
                            + "); give [batch, "
                            + config.channels()
                            + ", "
                            + config.windowLength()
                            + "]");
        }
        return channels;
    }

    /**
     * Runs the backbone over the prompt and the patch tokens of {@code windows}, and the head over
     * the latter.
     */
    private NDArray forwardTokens(
            ParameterStore store,
            NDArray windows,
            NDArray patchTokens,
            NDArray promptIds,
            NDArray promptMask,
            KeyValueCache cache,
            boolean training) {
        long batch = patchTokens.getShape().get(0);
        long patches = patchTokens.getShape().get(1);

        NDArray sequence = patchTokens;
        NDArray mask = windows.getManager().ones(new Shape(batch, patches));
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

    /**
     * Normalises, patches, embeds and reprograms windows [batch, T] or [batch, C, T] to the patch
     * tokens [batch, tokens, d_llm]: one token per patch position, or C per position for {@link
     * CovariateMode#INTERLEAVE}.
     */
    private NDArray patchTokens(ParameterStore store, NDArray windows, boolean training) {
        if (windows.getShape().dimension() == 2) {
            // Embedding before the prototypes keeps the order of dropout's random draws.
            NDArray embedded = embed(store, windows, training);
            return reprogram(store, embedded, textPrototypes(store, windows, training), training);
        }
        Shape shape = windows.getShape();
        long batch = shape.get(0);
        long channels = shape.get(1);
        long patchCount = config.patchCount();
        // Channels become rows, so each is normalised, patched and embedded on its own.
        NDArray embedded = embed(store, windows.reshape(batch * channels, -1), training);
        NDArray textPrototypes = textPrototypes(store, windows, training);
        CovariateMode mode = config.covariates().mode();
        if (mode == CovariateMode.CONCATENATE) {
            NDArray concatenated =
                    embedded.reshape(batch, channels, patchCount, -1)
                            .transpose(0, 2, 1, 3)
                            .reshape(batch, patchCount, -1);
            return reprogram(store, concatenated, textPrototypes, training);
        }
        NDArray byChannel =
                reprogram(store, embedded, textPrototypes, training)
                        .reshape(batch, channels, patchCount, -1);
        long width = byChannel.getShape().get(3);
        return switch (mode) {
            case INTERLEAVE -> byChannel.transpose(0, 2, 1, 3).reshape(batch, -1, width);
            case AVERAGE -> byChannel.mean(new int[] {1});
            case WEIGHTED_AVERAGE -> {
                NDArray weights =
                        store.getValue(channelWeights, windows.getDevice(), training)
                                .softmax(0)
                                .reshape(1, channels, 1, 1);
                yield byChannel.mul(weights).sum(new int[] {1});
            }
            default ->
                    throw new IllegalStateException(
                            mode + " does not combine reprogrammed channels");
        };
    }

    private NDArray textPrototypes(ParameterStore store, NDArray like, boolean training) {
        return prototypes
                .forward(store, new NDList(wordEmbeddings(store, like)), training)
                .singletonOrThrow();
    }

    /** Normalises, patches and embeds windows [rows, T] to [rows, patches, d_model]. */
    private NDArray embed(ParameterStore store, NDArray windows, boolean training) {
        NDArray patches = Patching.patch(Patching.normalize(windows), config);
        return patchEmbedding.forward(store, new NDList(patches), training).singletonOrThrow();
    }

    private NDArray reprogram(
            ParameterStore store, NDArray embedded, NDArray textPrototypes, boolean training) {
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
        Covariates covariates = config.covariates();
        int channels = covariates.channels();
        long queryWidth =
                covariates.mode() == CovariateMode.CONCATENATE
                        ? (long) channels * config.modelWidth()
                        : config.modelWidth();
        long patchTokens =
                covariates.mode() == CovariateMode.INTERLEAVE ? (long) channels * patches : patches;

        patchEmbedding.initialize(
                manager, dataType, new Shape(batch, patches, config.patchLength()));
        prototypes.initialize(manager, dataType, new Shape(vocabulary, llmWidth));
        reprogramming.initialize(
                manager,
                dataType,
                new Shape(batch, patches, queryWidth),
                new Shape(config.prototypes(), llmWidth));
        head.initialize(manager, dataType, new Shape(batch, patchTokens, llmWidth));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {
            new Shape(inputShapes[0].get(0), config.classes(), config.windowLength())
        };
    }
}
