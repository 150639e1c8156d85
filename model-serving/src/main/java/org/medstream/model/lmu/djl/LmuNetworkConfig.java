package org.medstream.model.lmu.djl;

/**
 * Shape of the LMU segmentation network built by {@link LmuSegmentationNetwork}.
 *
 * @param inputChannels signals per input sequence (1: each lead is segmented on its own)
 * @param channels width C of the convolutional features
 * @param order Legendre coefficients d in the memory
 * @param thetaSamples memory window θ in samples
 * @param kernelLength taps K of the impulse response in the parallel form
 * @param classes outputs per sample
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
     * Returns a single-lead segmentation network whose parallel form keeps K = 2θ taps of the
     * impulse response.
     *
     * <p>The impulse response is still large at k = θ, so cutting it at θ taps would differ from
     * the streaming recurrence by about 20 % of the state; with 2θ taps the difference is 1e-5.
     */
    public static LmuNetworkConfig singleLead(
            int channels, int order, int thetaSamples, int classes, int delaySamples) {
        return new LmuNetworkConfig(
                1, channels, order, thetaSamples, 2 * thetaSamples, classes, delaySamples);
    }

    /**
     * Returns the default configuration for LUDB wave segmentation at 500 Hz: C = 32, d = 32, θ =
     * 250 samples (0.5 s) with K = 2θ = 500 taps, and Δ = 100 samples (200 ms).
     *
     * <p>θ = 0.5 s spans a QRS complex with the P wave before it or the T wave after it. At d = 32
     * and θ = 250 the memory reconstructs a 10 Hz sine (50 samples a period) to within 7e-4, which
     * covers the P and T wave band; QRS detail reaches the head through the convolutional path. Δ =
     * 200 ms lets the output see the QRS complex that follows a P wave before it labels the P wave,
     * and stays under the 250 ms that the streaming path allows for waves.
     */
    public static LmuNetworkConfig wavesDefault(int classes) {
        return singleLead(32, 32, 250, classes, 100);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
