package org.medstream.model.resample;

/**
 * Rational ratio between an input and an output sampling frequency, reduced by their greatest
 * common divisor: the resampler inserts {@code up − 1} zeros after each input sample (interpolation
 * factor L) and keeps every {@code down}-th sample of the filtered result (decimation factor M).
 *
 * <p>Both factors are limited to {@link #MAX_FACTOR}, because the prototype filter runs at L times
 * the input rate and its length grows with L and M (about 50 taps per input sample for every unit
 * of L or of M). Every pair among 125, 128, 250, 300, 360, 500 and 1000 Hz needs at most 128.
 *
 * @param inputHz sampling frequency of the input stream in Hz, positive
 * @param outputHz sampling frequency of the output stream in Hz, positive
 * @param up interpolation factor L = outputHz / gcd(inputHz, outputHz)
 * @param down decimation factor M = inputHz / gcd(inputHz, outputHz)
 */
public record ResamplingRatio(int inputHz, int outputHz, int up, int down) {

    /** Largest interpolation or decimation factor accepted after reduction by the gcd. */
    public static final int MAX_FACTOR = 512;

    /** Checks that the factors are the reduced ratio of the two frequencies. */
    public ResamplingRatio {
        checkPositive(inputHz, outputHz);
        int divisor = gcd(inputHz, outputHz);
        if (up != outputHz / divisor || down != inputHz / divisor) {
            throw new IllegalArgumentException(
                    "Factors L="
                            + up
                            + ", M="
                            + down
                            + " are not the reduced ratio of "
                            + inputHz
                            + " Hz -> "
                            + outputHz
                            + " Hz; use ResamplingRatio.of");
        }
    }

    /**
     * Returns the reduced ratio for resampling from inputHz to outputHz.
     *
     * @throws IllegalArgumentException if a frequency is not positive, or if L or M exceeds {@link
     *     #MAX_FACTOR}
     */
    public static ResamplingRatio of(int inputHz, int outputHz) {
        checkPositive(inputHz, outputHz);
        int divisor = gcd(inputHz, outputHz);
        int up = outputHz / divisor;
        int down = inputHz / divisor;
        if (up > MAX_FACTOR || down > MAX_FACTOR) {
            throw new IllegalArgumentException(
                    "Unsupported resampling ratio "
                            + inputHz
                            + " Hz -> "
                            + outputHz
                            + " Hz: it reduces to L/M = "
                            + up
                            + "/"
                            + down
                            + ", and both factors must be at most "
                            + MAX_FACTOR
                            + ". Resample in two steps through an intermediate rate, or round a"
                            + " rate to one with a larger common divisor.");
        }
        return new ResamplingRatio(inputHz, outputHz, up, down);
    }

    /** Lower of the two Nyquist frequencies in Hz, the edge of the stop band. */
    public double lowerNyquistHz() {
        return Math.min(inputHz, outputHz) / 2.0;
    }

    /** Rate of the prototype filter, L · inputHz = M · outputHz, in Hz. */
    public long prototypeHz() {
        return (long) up * inputHz;
    }

    private static void checkPositive(int inputHz, int outputHz) {
        if (inputHz <= 0 || outputHz <= 0) {
            throw new IllegalArgumentException(
                    "Invalid sampling frequencies "
                            + inputHz
                            + " Hz -> "
                            + outputHz
                            + " Hz: both must be positive");
        }
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int remainder = a % b;
            a = b;
            b = remainder;
        }
        return a;
    }
}
