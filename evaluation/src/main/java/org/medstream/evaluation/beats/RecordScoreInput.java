package org.medstream.evaluation.beats;

import java.util.List;
import java.util.Objects;

/**
 * The reference and test annotations of one record, as input to {@link Ec57Evaluator}.
 *
 * @param record record name, for example {@code 100}
 * @param samplingFrequencyHz sampling frequency that both annotation lists use (Hz)
 * @param reference reference annotations in any order; beats and VF episode markers are used
 * @param test annotations of the detector under test in any order; only beats are used
 * @param lengthSamples record length in samples, or -1 when unknown (the end of scoring is then the
 *     last annotation)
 */
public record RecordScoreInput(
        String record,
        double samplingFrequencyHz,
        List<BeatAnnotation> reference,
        List<BeatAnnotation> test,
        long lengthSamples) {
    public RecordScoreInput {
        Objects.requireNonNull(record, "record");
        if (!(samplingFrequencyHz > 0.0)) {
            throw new IllegalArgumentException(
                    "Sampling frequency of record "
                            + record
                            + " must be positive, got "
                            + samplingFrequencyHz);
        }
        reference = List.copyOf(reference);
        test = List.copyOf(test);
    }
}
