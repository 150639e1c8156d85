package org.medstream.model.lmu.djl;

/**
 * Shape of the LMU segmentation network built by {@link LmuSegmentationNetwork}.
 *
 * @param inputChannels leads per input sequence, all segmented together
 * @param channels width C of the convolutional features
 * @param order Legendre coefficients d in the memory
 * @param thetaSamples memory window θ in samples
 * @param kernelLength taps K of the impulse response in the parallel form
 * @param classes classes per lead and sample
 * @param delaySamples algorithmic delay Δ: the output at sample t is the label of sample t − Δ
 */
public record LmuNetworkConfig(
        int inputChannels,
        int channels,
        int order,
        int thetaSamples,
        int kernelLength,
        int classes,
        int delaySamples) {

    public LmuNetworkConfig {
        requirePositive("inputChannels", inputChannels);
        requirePositive("channels", channels);
        requirePositive("order", order);
        requirePositive("thetaSamples", thetaSamples);
        requirePositive("kernelLength", kernelLength);
        requirePositive("classes", classes);
        if (delaySamples < 0) {
            throw new IllegalArgumentException(
                    "delaySamples must be 0 or more, got " + delaySamples);
        }
    }

    /**
     * Returns a segmentation network over {@code leads} leads whose parallel form keeps K = 2θ taps
     * of the impulse response.
     *
     * <p>The impulse response is still large at k = θ, so cutting it at θ taps would differ from
     * the streaming recurrence by about 20 % of the state; with 2θ taps the difference is 1e-5.
     */
    public static LmuNetworkConfig of(
            int leads, int channels, int order, int thetaSamples, int classes, int delaySamples) {
        return new LmuNetworkConfig(
                leads, channels, order, thetaSamples, 2 * thetaSamples, classes, delaySamples);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
