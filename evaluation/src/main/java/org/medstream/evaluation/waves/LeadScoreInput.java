package org.medstream.evaluation.waves;

import java.util.List;
import java.util.Objects;

/**
 * Reference and test waves of one lead of one record.
 *
 * @param record record name
 * @param lead lead name, for example {@code ii}
 * @param samplingFrequencyHz frames per second of the record
 * @param reference the reference waves (for example LUDB's cardiologist annotations)
 * @param test the waves under test
 */
public record LeadScoreInput(
        String record,
        String lead,
        double samplingFrequencyHz,
        List<Wave> reference,
        List<Wave> test) {
    public LeadScoreInput {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(lead, "lead");
        reference = List.copyOf(reference);
        test = List.copyOf(test);
        if (!(samplingFrequencyHz > 0)) {
            throw new IllegalArgumentException(
                    "Record " + record + ": invalid sampling frequency " + samplingFrequencyHz);
        }
    }
}
