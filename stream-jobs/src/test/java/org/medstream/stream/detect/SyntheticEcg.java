package org.medstream.stream.detect;

import java.util.Random;

/**
 * Synthetic lead-II-like ECG for tests: Gaussian P, Q, R, S and T waves at a fixed RR interval,
 * with slow baseline wander. R peaks fall at {@link #rPeak}.
 */
final class SyntheticEcg {
    final float[] samples;
    final long[] rPeaks;

    private SyntheticEcg(float[] samples, long[] rPeaks) {
        this.samples = samples;
        this.rPeaks = rPeaks;
    }

    long rPeak(int beat) {
        return rPeaks[beat];
    }

    /**
     * Generates {@code seconds} of ECG with R peaks of {@code amplitudeMv} every {@code rrSeconds},
     * the first at 0.5 s.
     */
    static SyntheticEcg generate(
            double samplingFrequencyHz, double seconds, double rrSeconds, double amplitudeMv) {
        int length = (int) Math.round(seconds * samplingFrequencyHz);
        int beats = (int) Math.floor((seconds - 0.9) / rrSeconds) + 1;
        long[] peaks = new long[beats];
        double[] x = new double[length];
        for (int b = 0; b < beats; b++) {
            double r = 0.5 + b * rrSeconds;
            peaks[b] = Math.round(r * samplingFrequencyHz);
            addWave(x, samplingFrequencyHz, r - 0.160, 0.025, 0.12 * amplitudeMv);
            addWave(x, samplingFrequencyHz, r - 0.025, 0.008, -0.10 * amplitudeMv);
            addWave(x, samplingFrequencyHz, r, 0.010, amplitudeMv);
            addWave(x, samplingFrequencyHz, r + 0.025, 0.008, -0.20 * amplitudeMv);
            addWave(x, samplingFrequencyHz, r + 0.280, 0.050, 0.30 * amplitudeMv);
        }
        float[] samples = new float[length];
        for (int i = 0; i < length; i++) {
            double t = i / samplingFrequencyHz;
            samples[i] = (float) (x[i] + 0.1 * Math.sin(2 * Math.PI * 0.3 * t));
        }
        return new SyntheticEcg(samples, peaks);
    }

    /** Gaussian white noise of standard deviation {@code sigmaMv}. */
    static float[] noise(int length, double sigmaMv, long seed) {
        Random random = new Random(seed);
        float[] samples = new float[length];
        for (int i = 0; i < length; i++) {
            samples[i] = (float) (sigmaMv * random.nextGaussian());
        }
        return samples;
    }

    static void addWave(
            double[] x, double fs, double centreSeconds, double sigmaSeconds, double amplitude) {
        int from = Math.max(0, (int) Math.floor((centreSeconds - 5 * sigmaSeconds) * fs));
        int to = Math.min(x.length - 1, (int) Math.ceil((centreSeconds + 5 * sigmaSeconds) * fs));
        for (int i = from; i <= to; i++) {
            double z = (i / fs - centreSeconds) / sigmaSeconds;
            x[i] += amplitude * Math.exp(-0.5 * z * z);
        }
    }
}
