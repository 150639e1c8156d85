package org.medstream.model.serve.inference;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.medstream.model.resample.ResamplingFilter;

/**
 * The filters from window rates to a wave model's rate, designed on first use. Filters are
 * immutable, so the request threads that check windows and the workers that run them share them.
 */
public final class WaveResamplingFilters {
    private final int modelHz;
    private final String modelName;
    private final ConcurrentMap<Integer, ResamplingFilter> filters = new ConcurrentHashMap<>();

    /** Creates the cache for model {@code modelName} sampled at {@code modelHz}. */
    public WaveResamplingFilters(double modelHz, String modelName) {
        this.modelHz = (int) Math.round(modelHz);
        this.modelName = modelName;
    }

    /**
     * Returns the filter from {@code samplingFrequencyHz} to the model's rate, or null when the two
     * are equal.
     *
     * @param field the request field of the rate, for the error
     * @throws InvalidRequestException when the rate is not a whole number of Hz or its ratio to the
     *     model's rate is beyond what the resampler supports
     */
    public ResamplingFilter toModel(double samplingFrequencyHz, String field)
            throws InvalidRequestException {
        if (samplingFrequencyHz == modelHz) {
            return null;
        }
        try {
            if (samplingFrequencyHz != Math.rint(samplingFrequencyHz)
                    || samplingFrequencyHz > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("not a whole number of Hz");
            }
            return filters.computeIfAbsent(
                    (int) samplingFrequencyHz, hz -> ResamplingFilter.design(hz, modelHz));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(
                    field,
                    samplingFrequencyHz,
                    modelHz
                            + " Hz, the rate of model "
                            + modelName
                            + ", or a whole number of Hz the resampler supports ("
                            + e.getMessage()
                            + ")");
        }
    }
}
