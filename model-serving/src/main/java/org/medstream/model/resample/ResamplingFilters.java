package org.medstream.model.resample;

import java.util.HashMap;
import java.util.Map;

/**
 * The filters from stream rates to one model's rate, designed once per input rate and reused. Not
 * thread-safe; keep one per operator instance.
 */
public final class ResamplingFilters {
    private final int modelHz;
    private final Map<Integer, ResamplingFilter> filters = new HashMap<>();

    /** Creates the cache for a model sampled at {@code modelHz}. */
    public ResamplingFilters(int modelHz) {
        this.modelHz = modelHz;
    }

    /** Returns the model's sampling frequency. */
    public int modelHz() {
        return modelHz;
    }

    /**
     * Returns the filter from {@code samplingFrequencyHz} to the model's rate, or null when the two
     * are equal.
     *
     * @throws IllegalArgumentException when the frequency is not a whole number of Hz or the ratio
     *     is beyond what the resampler supports
     */
    public ResamplingFilter toModel(double samplingFrequencyHz) {
        if (samplingFrequencyHz == modelHz) {
            return null;
        }
        if (samplingFrequencyHz != Math.rint(samplingFrequencyHz)
                || samplingFrequencyHz > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "the resampler needs a whole number of Hz, got " + samplingFrequencyHz);
        }
        return filters.computeIfAbsent(
                (int) samplingFrequencyHz, hz -> ResamplingFilter.design(hz, modelHz));
    }
}
