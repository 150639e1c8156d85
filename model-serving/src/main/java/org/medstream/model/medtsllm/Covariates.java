package org.medstream.model.medtsllm;

/**
 * The input channels of a MedTsLLM network: how many each window has, and how they are combined.
 * The channel count fixes the shape of some trained weights (the reprogramming queries of {@link
 * CovariateMode#CONCATENATE}, the head of {@link CovariateMode#INTERLEAVE}, the channel weights of
 * {@link CovariateMode#WEIGHTED_AVERAGE}), so a network takes windows of exactly this many
 * channels.
 *
 * @param mode how the channels are combined
 * @param channels channels C per window, at least 1
 */
public record Covariates(CovariateMode mode, int channels) {

    /**
     * One channel per window, as every MedTsLLM model was before covariates existed. With one
     * channel every mode gives the same output; this one adds no parameter.
     */
    public static final Covariates ONE_CHANNEL = new Covariates(CovariateMode.INDEPENDENT, 1);

    public Covariates {
        if (mode == null) {
            throw new IllegalArgumentException("a covariate mode is required");
        }
        if (channels < 1) {
            throw new IllegalArgumentException(
                    "a window needs at least 1 channel, got " + channels);
        }
    }
}
