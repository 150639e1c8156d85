package org.medstream.model.resample;

/**
 * Linear-phase low-pass FIR for rational resampling by L/M, designed by the windowed-sinc method
 * with a Kaiser window and split into L polyphase branches. One filter serves any number of streams
 * at the same pair of rates: it is immutable and thread-safe, and {@link #newStream()} creates the
 * per-stream state.
 *
 * <p>Design, with f_N the lower of the two Nyquist frequencies: pass band up to {@value
 * #PASS_BAND_EDGE} f_N, stop band from {@value #STOP_BAND_EDGE} f_N (nothing above the new Nyquist
 * frequency aliases, and no image of the input spectrum survives), so the ideal cutoff is 0.9 f_N
 * and the transition width 0.2 f_N. The attenuation target is {@value #ATTENUATION_DB} dB, which is
 * also a pass-band ripple of 1e-4. The filter runs at the prototype rate L · f_in. Its order is
 * Kaiser's estimate rounded up to a multiple of 2L, so the group delay is a whole number K of input
 * samples and each polyphase branch has 2K + 1 taps. Equal input and output rates give the identity
 * filter (K = 0, one tap of 1), because a model trained at the stream's own rate needs no band
 * limit.
 *
 * <p>Timing convention: input sample i is the value at time i / f_in, and output sample n is the
 * value at time n / f_out of the input delayed by the filter. Output n therefore estimates the
 * band-limited input at the fractional input index {@link #inputIndexOf(long) n · f_in / f_out −
 * K}, that is at time (n − d) / f_out with d = {@link #delayOutputSamples()}.
 */
public final class ResamplingFilter {

    /** Stop-band attenuation target of the design in dB. */
    public static final double ATTENUATION_DB = 80.0;

    /** Upper edge of the pass band as a fraction of the lower Nyquist frequency. */
    public static final double PASS_BAND_EDGE = 0.8;

    /** Lower edge of the stop band as a fraction of the lower Nyquist frequency. */
    public static final double STOP_BAND_EDGE = 1.0;

    /**
     * Added to the target before Kaiser's formulas, because they are estimates: designed for
     * exactly 80 dB, the 250 -> 300 Hz filter reached 79.8 dB and a pass-band deviation of
     * 1.002e-4.
     */
    private static final double DESIGN_MARGIN_DB = 1.0;

    private final ResamplingRatio ratio;
    private final double beta;
    private final int delayInputSamples;
    private final double[] taps;

    /** Branch r contains taps r, r + L, r + 2L, …, padded with zeros to 2K + 1 entries. */
    private final double[][] phases;

    private ResamplingFilter(ResamplingRatio ratio) {
        this.ratio = ratio;
        int up = ratio.up();
        if (up == 1 && ratio.down() == 1) {
            // Same rate: pass samples through, with no delay and no band limit.
            this.beta = 0.0;
            this.delayInputSamples = 0;
            this.taps = new double[] {1.0};
            this.phases = new double[][] {{1.0}};
            return;
        }

        double prototypeHz = ratio.prototypeHz();
        double nyquistHz = ratio.lowerNyquistHz();
        double cutoff = (PASS_BAND_EDGE + STOP_BAND_EDGE) / 2.0 * nyquistHz / prototypeHz;
        double transitionRadians =
                2.0 * Math.PI * (STOP_BAND_EDGE - PASS_BAND_EDGE) * nyquistHz / prototypeHz;
        this.beta = KaiserWindow.beta(ATTENUATION_DB + DESIGN_MARGIN_DB);
        int estimatedOrder =
                KaiserWindow.estimateOrder(ATTENUATION_DB + DESIGN_MARGIN_DB, transitionRadians);
        this.delayInputSamples = (estimatedOrder + 2 * up - 1) / (2 * up);

        int order = 2 * up * delayInputSamples;
        this.taps = windowedSinc(order, cutoff, beta, up);
        this.phases = splitIntoPhases(taps, up, 2 * delayInputSamples + 1);
    }

    /**
     * Designs the filter for resampling from inputHz to outputHz.
     *
     * @throws IllegalArgumentException if a rate is not positive or the reduced ratio exceeds
     *     {@link ResamplingRatio#MAX_FACTOR}
     */
    public static ResamplingFilter design(int inputHz, int outputHz) {
        return new ResamplingFilter(ResamplingRatio.of(inputHz, outputHz));
    }

    /** Designs the filter for a reduced ratio. */
    public static ResamplingFilter design(ResamplingRatio ratio) {
        if (ratio == null) {
            throw new IllegalArgumentException("Resampling ratio is null");
        }
        return new ResamplingFilter(ratio);
    }

    /** Creates the state of one stream and channel, with an all-zero history. */
    public StreamingResampler newStream() {
        return new StreamingResampler(this);
    }

    /**
     * Resamples a whole signal that starts with a zero history. The result equals, bit for bit, the
     * concatenated output of a new {@link StreamingResampler} fed the same samples in any chunks:
     * {@link #outputCountAfter(long) outputCountAfter(input.length)} samples, of which the first
     * {@link #delayOutputSamples()} are the filter filling up.
     */
    public double[] resample(double[] input) {
        long count = outputCountAfter(input.length);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "Input of "
                            + input.length
                            + " samples gives "
                            + count
                            + " output samples, more than an array can contain; resample it in chunks"
                            + " with a StreamingResampler");
        }
        double[] output = new double[(int) count];
        int up = ratio.up();
        int down = ratio.down();
        for (int n = 0; n < output.length; n++) {
            long position = (long) n * down;
            int newest = (int) (position / up);
            double[] phase = phases[(int) (position % up)];

            // Same products, same order and the same zeros before the first sample as the
            // streaming form, which makes the two bit-identical.
            double sum = 0.0;
            for (int m = 0; m < phase.length; m++) {
                int index = newest - m;
                double value = index >= 0 ? input[index] : 0.0;
                sum += phase[m] * value;
            }
            output[n] = sum;
        }
        return output;
    }

    /**
     * Returns the number of output samples that exist once inputCount input samples arrived: output
     * n needs input sample floor(n · M / L), so the count is floor((inputCount · L − 1) / M) + 1.
     */
    public long outputCountAfter(long inputCount) {
        if (inputCount < 0) {
            throw new IllegalArgumentException("Invalid input count " + inputCount);
        }
        if (inputCount == 0) {
            return 0;
        }
        return (inputCount * ratio.up() - 1) / ratio.down() + 1;
    }

    /**
     * Returns the fractional input index that output sample n refers to: n · M / L − K. Rounded, it
     * is the input sample closest in time. Outputs with a value below K are the start-up transient,
     * because their history still contains the zeros before the first sample.
     */
    public double inputIndexOf(long outputIndex) {
        return (double) outputIndex * ratio.down() / ratio.up() - delayInputSamples;
    }

    /**
     * Returns the fractional output index at which input sample i appears: (i + K) · L / M. The
     * inverse of {@link #inputIndexOf(long)}.
     */
    public double outputIndexOf(double inputIndex) {
        return (inputIndex + delayInputSamples) * ratio.up() / ratio.down();
    }

    /**
     * Returns n0 = ceil(K · L / M), the index of the first output whose input index is not
     * negative: outputs before it refer to the time before the first input sample.
     */
    public long startUpOutputs() {
        long up = ratio.up();
        long down = ratio.down();
        return (delayInputSamples * up + down - 1) / down;
    }

    /** Group delay K in input samples, a whole number by construction. */
    public int delayInputSamples() {
        return delayInputSamples;
    }

    /** Group delay in output samples, K · f_out / f_in, in general not a whole number. */
    public double delayOutputSamples() {
        return (double) delayInputSamples * ratio.up() / ratio.down();
    }

    /** Group delay in milliseconds, K / f_in · 1000. */
    public double delayMillis() {
        return 1000.0 * delayInputSamples / ratio.inputHz();
    }

    /** Reduced ratio this filter resamples by. */
    public ResamplingRatio ratio() {
        return ratio;
    }

    /** Kaiser shape parameter β used in the design; 0 for the identity at equal rates. */
    public double beta() {
        return beta;
    }

    /** Number of prototype taps, 2 · L · K + 1. */
    public int tapCount() {
        return taps.length;
    }

    /** Taps per polyphase branch, 2K + 1, which is the multiply-add count per output sample. */
    public int tapsPerPhase() {
        return phases[0].length;
    }

    /** Returns a copy of the prototype taps, with DC gain L (1 per polyphase branch on average). */
    public double[] taps() {
        return taps.clone();
    }

    /**
     * Branch r of the polyphase decomposition; shared, so callers in the package must not write.
     */
    double[] phase(int r) {
        return phases[r];
    }

    private static double[] windowedSinc(int order, double cutoff, double beta, int gain) {
        double[] taps = new double[order + 1];
        int centre = order / 2;
        double sum = 0.0;
        for (int k = 0; k <= order; k++) {
            int offset = k - centre;
            taps[k] =
                    2.0
                            * cutoff
                            * sinc(2.0 * cutoff * offset)
                            * KaiserWindow.value(offset, order, beta);
            sum += taps[k];
        }

        // Scale to a DC gain of L, because zero insertion divides the mean by L.
        double scale = gain / sum;
        for (int k = 0; k <= order; k++) {
            taps[k] *= scale;
        }
        return taps;
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        return Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static double[][] splitIntoPhases(double[] taps, int up, int length) {
        double[][] phases = new double[up][length];
        for (int r = 0; r < up; r++) {
            for (int m = 0; m < length; m++) {
                int index = r + m * up;
                phases[r][m] = index < taps.length ? taps[index] : 0.0;
            }
        }
        return phases;
    }
}
