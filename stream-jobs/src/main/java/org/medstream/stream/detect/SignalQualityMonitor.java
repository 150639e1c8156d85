package org.medstream.stream.detect;

import java.util.Arrays;

/**
 * Decides whether a lead is noise-dominated from two signal quality indices: an in-band
 * signal-to-noise ratio, in the family of SNR-based indices that Abdelazez, Quesnel, Chan and Yang
 * compare in "Signal quality indices for ambulatory electrocardiograms used in myocardial ischemia
 * monitoring", IFMBE Proceedings 51:1076-1079, 2015, and the consistency of beat morphology.
 *
 * <p>The 5-15 Hz band-pass output of {@link PanTompkinsDetector} is summarised in blocks of {@code
 * BLOCK_SECONDS}: its peak magnitude (the QRS when the block holds one) and its median magnitude
 * (the background between QRS complexes). Over the last {@code BLOCKS} blocks the signal is the
 * second largest block peak, so that one artefact spike does not count, and the noise is the median
 * of the block medians. Band-limited Gaussian noise alone gives a ratio of about 4 and a clean ECG
 * at a normal rate gives more than 10.
 *
 * <p>The ratio also falls when QRS complexes and T waves fill most of the time, as in a fast
 * ventricular tachycardia, which is no noise. The lead is therefore unreliable only while the ratio
 * is below {@code UNRELIABLE_SIGNAL_TO_NOISE} and the beats reported in the window do not keep one
 * shape: the running mean of each beat's largest correlation with the {@link BeatClassifier}
 * templates is below {@code CONSISTENT_MORPHOLOGY}, or no beat was reported. The kurtosis index
 * (kSQI) of Li, Mark and Clifford, Physiol. Meas. 29(1):15-32, 2008, was not used because it has
 * the same dependence on heart rate without that remedy.
 *
 * <p>A window whose noise is too small to hide or mimic the smallest QRS the detector reports is
 * never unreliable, so the low-level noise of a lead during asystole is not taken for lost signal.
 * The flag changes at most once per block, so it follows a change of the signal after one window
 * plus up to one block (6 s).
 *
 * <p>NOTE: both thresholds were chosen on the bundled MIT-BIH records and the Noise Stress Test
 * records 118e24, 118e12 and 118e00; fixed SQI thresholds are known to transfer imperfectly to
 * other databases.
 */
final class SignalQualityMonitor {
    static final double BLOCK_SECONDS = 1.0;
    static final int BLOCKS = 5;

    /** Signal-to-noise ratio below which the lead is considered noise-dominated. */
    static final double UNRELIABLE_SIGNAL_TO_NOISE = 8.0;

    /**
     * Fraction of the band-pass peak of the smallest reported QRS that the median noise magnitude
     * must exceed for the lead to count as unreliable. Noise peaks, at about four times the median
     * magnitude, then reach that QRS's height.
     */
    static final double NOISE_FLOOR_FRACTION = 0.25;

    /** Weight of each reported beat in the running morphology consistency. */
    static final double MORPHOLOGY_UPDATE = 0.25;

    /** Morphology consistency at which recent beats count as real beats despite a low ratio. */
    static final double CONSISTENT_MORPHOLOGY = 0.8;

    private SignalQualityMonitor() {}

    static void initialize(QrsDetectorState state) {
        state.qualityBlock = new float[PanTompkinsDetector.samples(state, BLOCK_SECONDS)];
        state.qualityBlockPeaks = new double[BLOCKS];
        state.qualityBlockMedians = new double[BLOCKS];
        state.qualitySignalToNoise = Double.NaN;
        state.qualityLastBeat = Long.MIN_VALUE / 2;
        state.qualityLastUnreliable = Long.MIN_VALUE / 2;
    }

    /**
     * Adds one band-pass output sample (mV). {@code valid} is false for samples held over missing
     * input, which are left out of the block summaries.
     */
    static void onSample(QrsDetectorState state, double bandPass, boolean valid, long n) {
        if (valid) {
            float magnitude = (float) Math.abs(bandPass);
            state.qualityBlock[state.qualityBlockValid++] = magnitude;
            state.qualityBlockPeak = Math.max(state.qualityBlockPeak, magnitude);
        }
        state.qualityBlockSamples++;
        if (state.qualityBlockSamples < state.qualityBlock.length) {
            return;
        }

        closeBlock(state, n);
        state.qualityBlockSamples = 0;
        state.qualityBlockValid = 0;
        state.qualityBlockPeak = 0.0;
    }

    /**
     * Adds the largest correlation (-1 to 1) of a reported beat with the beat templates to the
     * running morphology consistency.
     */
    static void onBeat(QrsDetectorState state, long fiducial, double correlation) {
        state.qualityMorphology += MORPHOLOGY_UPDATE * (correlation - state.qualityMorphology);
        state.qualityLastBeat = fiducial;
    }

    /** Returns whether the lead was marked unreliable within the last window. */
    static boolean wasRecentlyUnreliable(QrsDetectorState state, long n) {
        return n - state.qualityLastUnreliable <= (long) BLOCKS * state.qualityBlock.length;
    }

    private static void closeBlock(QrsDetectorState state, long n) {
        int valid = state.qualityBlockValid;
        if (valid < state.qualityBlock.length / 2) {
            // A block of mostly missing input gives no noise estimate, so the window starts over.
            state.qualityBlockCount = 0;
            state.qualitySignalToNoise = Double.NaN;
            state.signalUnreliable = false;
            return;
        }

        int position = state.qualityBlockPosition;
        state.qualityBlockPeaks[position] = state.qualityBlockPeak;
        state.qualityBlockMedians[position] = select(state.qualityBlock, valid, valid / 2);
        state.qualityBlockPosition = (position + 1) % BLOCKS;
        state.qualityBlockCount = Math.min(BLOCKS, state.qualityBlockCount + 1);
        if (state.qualityBlockCount < BLOCKS) {
            return;
        }

        double[] peaks = state.qualityBlockPeaks.clone();
        double[] medians = state.qualityBlockMedians.clone();
        Arrays.sort(peaks);
        Arrays.sort(medians);
        double signal = peaks[BLOCKS - 2];
        double noise = medians[BLOCKS / 2];
        state.qualitySignalToNoise = noise > 0.0 ? signal / noise : Double.POSITIVE_INFINITY;
        long window = (long) BLOCKS * state.qualityBlock.length;
        boolean consistentBeats =
                n - state.qualityLastBeat <= window
                        && state.qualityMorphology >= CONSISTENT_MORPHOLOGY;
        state.signalUnreliable =
                noise > NOISE_FLOOR_FRACTION * state.qualityReferenceBandPassMv
                        && state.qualitySignalToNoise < UNRELIABLE_SIGNAL_TO_NOISE
                        && !consistentBeats;
        if (state.signalUnreliable) {
            state.qualityLastUnreliable = n;
        }
    }

    /**
     * Returns the {@code k}-th smallest of the first {@code count} values (Hoare's selection,
     * linear on average), reordering them in place. The block buffer is refilled from its start, so
     * its order does not matter.
     */
    private static double select(float[] values, int count, int k) {
        int low = 0;
        int high = count - 1;
        while (low < high) {
            float pivot = values[(low + high) >>> 1];
            int i = low;
            int j = high;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float swap = values[i];
                    values[i] = values[j];
                    values[j] = swap;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                high = j;
            } else if (k >= i) {
                low = i;
            } else {
                break;
            }
        }
        return values[k];
    }
}
