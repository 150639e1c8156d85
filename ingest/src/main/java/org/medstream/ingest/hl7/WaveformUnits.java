package org.medstream.ingest.hl7;

import ca.uhn.hl7v2.ErrorCode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medstream.schemas.DeadLetterReason;

/**
 * Amplitude units a waveform OBX may carry in OBX-6, as UCUM codes or ISO/IEEE 11073 MDC reference
 * ids, and the unit each one is stored as in a chunk. Units of rates (beats per minute and the
 * like) are rejected, because a heart-rate series is not a waveform.
 */
final class WaveformUnits {
    /** Accepted spelling, in OBX-6.1 or OBX-6.2, to the unit stored in the chunk. */
    private static final Map<String, String> AMPLITUDE_UNITS =
            Map.ofEntries(
                    Map.entry("V", "V"),
                    Map.entry("mV", "mV"),
                    Map.entry("uV", "uV"),
                    Map.entry("\u00b5V", "uV"),
                    Map.entry("MDC_DIM_VOLT", "V"),
                    Map.entry("MDC_DIM_MILLI_VOLT", "mV"),
                    Map.entry("MDC_DIM_MICRO_VOLT", "uV"),
                    Map.entry("mm[Hg]", "mmHg"),
                    Map.entry("mmHg", "mmHg"),
                    Map.entry("MDC_DIM_MMHG", "mmHg"),
                    Map.entry("cm[H2O]", "cmH2O"),
                    Map.entry("cmH2O", "cmH2O"),
                    Map.entry("MDC_DIM_CM_H2O", "cmH2O"),
                    Map.entry("kPa", "kPa"),
                    Map.entry("MDC_DIM_KILO_PASCAL", "kPa"),
                    Map.entry("%", "%"),
                    Map.entry("MDC_DIM_PERCENT", "%"),
                    Map.entry("1", "1"),
                    Map.entry("{dimensionless}", "1"),
                    Map.entry("MDC_DIM_DIMLESS", "1"),
                    Map.entry("mL", "mL"),
                    Map.entry("MDC_DIM_MILLI_L", "mL"),
                    Map.entry("L/min", "L/min"),
                    Map.entry("MDC_DIM_X_L_PER_MIN", "L/min"),
                    Map.entry("mL/s", "mL/s"),
                    Map.entry("MDC_DIM_MILLI_L_PER_SEC", "mL/s"));

    /** Units of event rates that mark a numeric series, not a waveform. */
    private static final Set<String> RATE_UNITS =
            Set.of(
                    "/min",
                    "1/min",
                    "{beats}/min",
                    "{beat}/min",
                    "{breaths}/min",
                    "bpm",
                    "BPM",
                    "MDC_DIM_BEAT_PER_MIN",
                    "MDC_DIM_RESP_PER_MIN");

    private WaveformUnits() {}

    /**
     * Returns the chunk unit for OBX-6 of a waveform OBX.
     *
     * @param identifier OBX-6.1, may be null
     * @param text OBX-6.2, may be null
     * @throws Hl7Rejection with reason MISSING_FIELD if both are empty, or INVALID_UNITS if the
     *     unit is a rate or unknown
     */
    static String normalize(String identifier, String text, FieldLocation location)
            throws Hl7Rejection {
        String shown = identifier != null && !identifier.isBlank() ? identifier : text;
        if (shown == null || shown.isBlank()) {
            throw Hl7Rejection.error(
                    DeadLetterReason.MISSING_FIELD,
                    ErrorCode.REQUIRED_FIELD_MISSING,
                    location,
                    "Missing unit in " + location + "; a waveform OBX needs one, for example mV");
        }

        Optional<String> unit = lookUp(identifier).or(() -> lookUp(text));
        if (unit.isPresent()) {
            return unit.get();
        }
        if (RATE_UNITS.contains(shown.trim())) {
            throw Hl7Rejection.error(
                    DeadLetterReason.INVALID_UNITS,
                    ErrorCode.TABLE_VALUE_NOT_FOUND,
                    location,
                    "Unit '"
                            + shown
                            + "' in "
                            + location
                            + " is a rate per minute, so the values are a numeric series and"
                            + " not a waveform; send it as an NM observation without a sampling"
                            + " rate");
        }
        throw Hl7Rejection.error(
                DeadLetterReason.INVALID_UNITS,
                ErrorCode.TABLE_VALUE_NOT_FOUND,
                location,
                "Unknown unit '"
                        + shown
                        + "' in "
                        + location
                        + " (accepted: V, mV, uV, mmHg, cmH2O, kPa, %, 1, mL, L/min, mL/s as UCUM"
                        + " or MDC_DIM codes)");
    }

    private static Optional<String> lookUp(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(AMPLITUDE_UNITS.get(value.trim()));
    }
}
