package org.medstream.stream.alarm;

/**
 * The VF filter leakage of Kuo and Dillman (S. Kuo, R. Dillman, "Computer detection of ventricular
 * fibrillation", Computers in Cardiology 1978, 347-349), as Amann, Tratnig and Unterkofler describe
 * and compare it ("Reliability of old and new ventricular fibrillation detection algorithms for
 * automated external defibrillators", BioMedical Engineering OnLine 4:60, 2005).
 *
 * <p>A fibrillatory waveform resembles a sinusoid. The mean half period of a window, in samples, is
 * estimated as {@code N = floor(pi * sum|x_i| / sum|x_i - x_(i-1)| + 1/2)}, which is exact for a
 * sinusoid. Adding the signal to itself shifted by that half period cancels a sinusoid, so the
 * leakage {@code sum|x_i + x_(i-N)| / sum(|x_i| + |x_(i-N)|)} is near 0 for a sinusoid and near 1
 * for a train of narrow QRS complexes on a flat baseline. White noise gives about 0.7.
 */
final class VfFilterLeakage {
    private VfFilterLeakage() {}

    /** Leakage and estimated mean frequency of one window. */
    record Result(double leakage, double frequencyHz) {
        /** A window without signal or too short to measure. */
        static final Result NONE = new Result(Double.NaN, Double.NaN);

        boolean measured() {
            return !Double.isNaN(leakage);
        }
    }

    /**
     * Measures the window {@code samples[0..length)}, which must be band-passed so that it has no
     * baseline offset. Returns {@link Result#NONE} for a window without variation, or when the half
     * period does not fit in it at least twice.
     */
    static Result measure(float[] samples, int length, double samplingFrequencyHz) {
        double absoluteSum = 0;
        double differenceSum = 0;
        for (int i = 1; i < length; i++) {
            absoluteSum += Math.abs(samples[i]);
            differenceSum += Math.abs(samples[i] - samples[i - 1]);
        }
        if (!(differenceSum > 0)) {
            return Result.NONE;
        }
        int halfPeriod = (int) Math.floor(Math.PI * absoluteSum / differenceSum + 0.5);
        if (halfPeriod < 1 || 2 * halfPeriod >= length) {
            return Result.NONE;
        }
        double leaked = 0;
        double total = 0;
        for (int i = halfPeriod; i < length; i++) {
            leaked += Math.abs(samples[i] + samples[i - halfPeriod]);
            total += Math.abs(samples[i]) + Math.abs(samples[i - halfPeriod]);
        }
        if (!(total > 0)) {
            return Result.NONE;
        }
        return new Result(leaked / total, samplingFrequencyHz / (2.0 * halfPeriod));
    }
}
