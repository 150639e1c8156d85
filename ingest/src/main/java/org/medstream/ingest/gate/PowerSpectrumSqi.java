package org.medstream.ingest.gate;

/**
 * The power spectrum signal-quality index of an ECG (pSQI): the fraction of the power between 5 and
 * 40 Hz that lies between 5 and 15 Hz, where the QRS complex has most of its energy. High-frequency
 * noise such as muscle artifact spreads power up to 40 Hz and lowers the index.
 *
 * <p>The index comes from Li Q, Mark RG, Clifford GD, Robust heart rate estimation from multiple
 * asynchronous noisy sources using signal quality indices and a Kalman filter, Physiol Meas
 * 2008;29(1):15-32. The ecg_qc library documents the same bands
 * (https://aura-healthcare.github.io/ecg_qc/).
 *
 * <p>This class estimates it with a Hann-windowed periodogram over a power-of-two window of at
 * least two seconds.
 */
final class PowerSpectrumSqi {
    /**
     * Index below which a channel is flagged noisy. Two-minute windows of the bundled records 100,
     * 103 (MIT-BIH) and 800 (SVDB) score 0.44 to 0.9 when clean and mostly below 0.4 with white
     * noise at about -10 dB SNR (PowerSpectrumSqiTest). The clean level depends on the patient's
     * QRS shape (record 118, with bundle branch block, scores 0.9), so the index flags heavy noise,
     * not mild noise.
     */
    static final double NOISY_BELOW = 0.4;

    /** Lowest sampling frequency with the 40 Hz band edge below the Nyquist frequency. */
    static final double MIN_SAMPLING_FREQUENCY_HZ = 80.0;

    private static final double MIN_WINDOW_SECONDS = 2.0;
    private static final int MAX_WINDOW_FRAMES = 4096;

    private PowerSpectrumSqi() {}

    /** Window length in frames for a sampling frequency: a power of two of at least 2 s. */
    static int windowFrames(double samplingFrequencyHz) {
        int frames =
                Integer.highestOneBit((int) Math.ceil(samplingFrequencyHz * MIN_WINDOW_SECONDS));
        if (frames < samplingFrequencyHz * MIN_WINDOW_SECONDS) {
            frames <<= 1;
        }
        return Math.min(Math.max(frames, 16), MAX_WINDOW_FRAMES);
    }

    /**
     * Returns the index of {@code samples} (length a power of two, no NaN), or NaN when the window
     * carries no power between 5 and 40 Hz.
     */
    static double of(double[] samples, double samplingFrequencyHz) {
        int n = samples.length;
        double mean = 0;
        for (double sample : samples) {
            mean += sample;
        }
        mean /= n;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            re[i] = (samples[i] - mean) * hann;
        }
        Fft.transform(re, im);
        double qrsBand = 0;
        double wideBand = 0;
        for (int k = 1; k <= n / 2; k++) {
            double frequency = k * samplingFrequencyHz / n;
            if (frequency < 5 || frequency > 40) {
                continue;
            }
            double power = re[k] * re[k] + im[k] * im[k];
            wideBand += power;
            if (frequency <= 15) {
                qrsBand += power;
            }
        }
        return wideBand > 0 ? qrsBand / wideBand : Double.NaN;
    }
}
