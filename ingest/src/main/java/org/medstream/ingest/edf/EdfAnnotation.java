package org.medstream.ingest.edf;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One annotation of an EDF+ file as stored: a text at an onset, with an optional duration.
 *
 * @param onsetSeconds seconds after the header's start date and time
 * @param durationSeconds duration in seconds, empty when the file gives none
 * @param text annotation text (UTF-8 in the file)
 */
public record EdfAnnotation(
        BigDecimal onsetSeconds, Optional<BigDecimal> durationSeconds, String text) {
    public EdfAnnotation {
        Objects.requireNonNull(onsetSeconds, "onsetSeconds");
        Objects.requireNonNull(durationSeconds, "durationSeconds");
        Objects.requireNonNull(text, "text");
    }
}
