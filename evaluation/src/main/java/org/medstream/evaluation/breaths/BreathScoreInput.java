package org.medstream.evaluation.breaths;

import java.util.List;

/**
 * Reference and test breath onsets of one record.
 *
 * @param record record name, for the per-record rows
 * @param samplingFrequencyHz sampling frequency of the sample indices
 * @param reference reference onsets as sample indices, in order
 * @param test test onsets as sample indices, in order
 */
public record BreathScoreInput(
        String record, double samplingFrequencyHz, List<Long> reference, List<Long> test) {
    public BreathScoreInput {
        reference = List.copyOf(reference);
        test = List.copyOf(test);
        if (!(samplingFrequencyHz > 0)) {
            throw new IllegalArgumentException(
                    "Invalid sampling frequency "
                            + samplingFrequencyHz
                            + " Hz for record "
                            + record
                            + "; it must be positive");
        }
    }
}
