package org.medstream.model.breaths;

/**
 * Causal standardisation of a respiration signal, so that the breaths model gets input of the same
 * scale whatever the units and baseline: impedance in ohms around a large offset, a normalised
 * export, a belt in arbitrary units. Subtracts an exponential moving average of the signal and
 * divides by an exponential moving RMS of what remains, both with the time constant {@link
 * #TIME_CONSTANT_SECONDS}. Both averages are bias-corrected at the start, as Adam corrects its
 * moment estimates, so the first seconds are scaled from the samples seen so far. Outputs are
 * clipped to ±{@link #MAX_OUTPUT}, so that one artefact cannot dominate the network's memory.
 *
 * <p>Training and streaming run the same scaler from the first sample of a record or stream. Its
 * state is three numbers, which {@link #state()} and {@link #restore(double[])} copy.
 */
public final class RespirationScaler {
    /** Time constant of both moving averages, in seconds: several breaths. */
    public static final double TIME_CONSTANT_SECONDS = 10;

    /** Largest absolute output, in standard deviations. */
    public static final double MAX_OUTPUT = 8;

    private final double alpha;

    private double mean;
    private double meanSquare;

    /** 1 − (1 − α)^n after n samples: the weight the averages would have with a zero start. */
    private double weight;

    /** Creates a scaler for a signal sampled at {@code samplingFrequencyHz}. */
    public RespirationScaler(double samplingFrequencyHz) {
        if (!(samplingFrequencyHz > 0)) {
            throw new IllegalArgumentException(
                    "Invalid sampling frequency "
                            + samplingFrequencyHz
                            + " Hz; it must be positive");
        }
        this.alpha = 1 - Math.exp(-1 / (TIME_CONSTANT_SECONDS * samplingFrequencyHz));
    }

    /** Returns the scaled value of the next sample, which must be finite. */
    public double scale(double value) {
        weight = (1 - alpha) * weight + alpha;
        mean = (1 - alpha) * mean + alpha * value;
        double deviation = value - mean / weight;
        meanSquare = (1 - alpha) * meanSquare + alpha * deviation * deviation;
        double rms = Math.sqrt(meanSquare / weight);
        // NOTE: small noise on a disconnected channel is scaled up like breathing. No floor on the
        // RMS separates the two yet, because the units of the input are unknown.
        if (!(rms > 0)) {
            return 0;
        }
        return Math.max(-MAX_OUTPUT, Math.min(MAX_OUTPUT, deviation / rms));
    }

    /** Scales a whole signal from its first sample. */
    public static float[] scaleAll(double[] signal, double samplingFrequencyHz) {
        RespirationScaler scaler = new RespirationScaler(samplingFrequencyHz);
        float[] scaled = new float[signal.length];
        for (int t = 0; t < signal.length; t++) {
            scaled[t] = (float) scaler.scale(signal[t]);
        }
        return scaled;
    }

    /** Returns the state: the moving mean, the moving mean square and the start-up weight. */
    public double[] state() {
        return new double[] {mean, meanSquare, weight};
    }

    /**
     * Continues from a state returned by {@link #state()}.
     *
     * @throws IllegalArgumentException when the array does not have three values
     */
    public void restore(double[] state) {
        if (state.length != 3) {
            throw new IllegalArgumentException(
                    "Invalid respiration scaler state of " + state.length + " values; expected 3");
        }
        mean = state[0];
        meanSquare = state[1];
        weight = state[2];
    }
}
