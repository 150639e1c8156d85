package org.medstream.model.medtsllm;

import org.medstream.model.resample.ResamplingFilter;

/**
 * One lead resampled to a model's rate, with the map between input and output sample indices. The
 * resampler's first outputs, while its filter fills up, are dropped, so output 0 is input time 0.
 * Missing input samples (NaN) are replaced by the last valid one, or 0 before the first.
 */
public final class ResampledLead {
    private final float[] signal;
    private final ResamplingFilter filter;
    private final long skipped;
    private final long inputLength;

    private ResampledLead(float[] signal, ResamplingFilter filter, long skipped, long inputLength) {
        this.signal = signal;
        this.filter = filter;
        this.skipped = skipped;
        this.inputLength = inputLength;
    }

    /**
     * Resamples {@code physical} from {@code inputHz} to {@code outputHz}; equal rates copy it.
     *
     * @throws IllegalArgumentException when the resampler cannot convert the rates
     */
    public static ResampledLead of(double[] physical, int inputHz, int outputHz) {
        double[] filled = filled(physical);
        if (inputHz == outputHz) {
            float[] signal = new float[filled.length];
            for (int t = 0; t < signal.length; t++) {
                signal[t] = (float) filled[t];
            }
            return new ResampledLead(signal, null, 0, filled.length);
        }
        ResamplingFilter filter = ResamplingFilter.design(inputHz, outputHz);
        double[] resampled = filter.resample(filled);
        int skipped = (int) Math.min(filter.startUpOutputs(), resampled.length);
        float[] signal = new float[resampled.length - skipped];
        for (int t = 0; t < signal.length; t++) {
            signal[t] = (float) resampled[t + skipped];
        }
        return new ResampledLead(signal, filter, skipped, filled.length);
    }

    /** Returns the lead at the output rate. */
    public float[] signal() {
        return signal;
    }

    /** Returns the number of input samples. */
    public long inputLength() {
        return inputLength;
    }

    /**
     * Returns the output sample nearest in time to input sample {@code inputIndex}; it may lie
     * outside the signal near the record's ends.
     */
    public long outputIndexOf(long inputIndex) {
        if (filter == null) {
            return inputIndex;
        }
        return Math.round(filter.outputIndexOf(inputIndex)) - skipped;
    }

    private static double[] filled(double[] physical) {
        double[] signal = physical.clone();
        double last = 0;
        for (int t = 0; t < signal.length; t++) {
            if (Double.isFinite(signal[t])) {
                last = signal[t];
            } else {
                signal[t] = last;
            }
        }
        return signal;
    }
}
