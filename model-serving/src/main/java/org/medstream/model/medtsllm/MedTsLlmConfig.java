package org.medstream.model.medtsllm;

/**
 * Shape of the trainable layers of a MedTsLLM network around its frozen backbone. The backbone's
 * width d_llm and vocabulary come from the backbone itself.
 *
 * @param windowLength samples per window T
 * @param patchLength samples per patch
 * @param patchStride samples between the starts of neighbouring patches
 * @param modelWidth width d_model of the patch embeddings
 * @param headWidth per-head width d_ff of the reprogramming attention, also the width each patch's
 *     hidden state is projected to in the head
 * @param heads attention heads of the reprogramming layer
 * @param prototypes text prototypes, mixtures of the backbone's word embeddings
 * @param classes classes per sample of the segmentation output
 * @param dropout dropout rate of the patch embeddings and the attention weights
 * @param covariates channels per window and how they are combined; null, as in {@code model.json}
 *     files written before covariates existed, means {@link Covariates#ONE_CHANNEL}
 */
public record MedTsLlmConfig(
        int windowLength,
        int patchLength,
        int patchStride,
        int modelWidth,
        int headWidth,
        int heads,
        int prototypes,
        int classes,
        float dropout,
        Covariates covariates) {

    /**
     * Default prototype count. With a backbone vocabulary below it (stories260K has 512 tokens),
     * the prototypes outnumber the word embeddings they mix, which still works but adds no
     * information.
     */
    public static final int DEFAULT_PROTOTYPES = 1024;

    public MedTsLlmConfig {
        if (patchLength < 1 || patchStride < 1 || windowLength < patchLength) {
            throw new IllegalArgumentException(
                    "Invalid patching: window "
                            + windowLength
                            + ", patch length "
                            + patchLength
                            + ", stride "
                            + patchStride
                            + "; need 1 ≤ stride, 1 ≤ patch length ≤ window");
        }
        if (modelWidth < 1 || headWidth < 1 || heads < 1 || prototypes < 1 || classes < 1) {
            throw new IllegalArgumentException(
                    "Widths, heads, prototypes and classes must be at least 1, got modelWidth="
                            + modelWidth
                            + " headWidth="
                            + headWidth
                            + " heads="
                            + heads
                            + " prototypes="
                            + prototypes
                            + " classes="
                            + classes);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (covariates == null) {
            covariates = Covariates.ONE_CHANNEL;
        }
    }

    /** Creates a configuration of one channel per window ({@link Covariates#ONE_CHANNEL}). */
    public MedTsLlmConfig(
            int windowLength,
            int patchLength,
            int patchStride,
            int modelWidth,
            int headWidth,
            int heads,
            int prototypes,
            int classes,
            float dropout) {
        this(
                windowLength,
                patchLength,
                patchStride,
                modelWidth,
                headWidth,
                heads,
                prototypes,
                classes,
                dropout,
                Covariates.ONE_CHANNEL);
    }

    /**
     * Returns the published setting for a window of {@code windowLength} samples and {@code
     * classes} classes: patches of 16 with stride 8, d_model 32, d_ff 64, 8 heads, 1024 prototypes,
     * dropout 0.1, one channel per window.
     */
    public static MedTsLlmConfig defaults(int windowLength, int classes) {
        return new MedTsLlmConfig(
                windowLength, 16, 8, 32, 64, 8, DEFAULT_PROTOTYPES, classes, 0.1f);
    }

    /** Returns a copy with {@code count} prototypes. */
    public MedTsLlmConfig withPrototypes(int count) {
        return new MedTsLlmConfig(
                windowLength,
                patchLength,
                patchStride,
                modelWidth,
                headWidth,
                heads,
                count,
                classes,
                dropout,
                covariates);
    }

    /** Returns a copy whose windows have the channels and combination of {@code value}. */
    public MedTsLlmConfig withCovariates(Covariates value) {
        return new MedTsLlmConfig(
                windowLength,
                patchLength,
                patchStride,
                modelWidth,
                headWidth,
                heads,
                prototypes,
                classes,
                dropout,
                value);
    }

    /** Channels per window. */
    public int channels() {
        return covariates.channels();
    }

    /**
     * Number of patches: floor((T − patchLength) / stride) + 2, because the window is padded at the
     * end by one stride. 64 for T = 512 with patches of 16 and stride 8.
     */
    public int patchCount() {
        return (windowLength - patchLength) / patchStride + 2;
    }
}
