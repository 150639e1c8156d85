package org.medstream.ingest.hl7;

import ca.uhn.hl7v2.ErrorCode;
import java.util.Map;
import org.medstream.schemas.DeadLetterReason;

/**
 * Reads the sampling rate attribute OBX that accompanies a waveform OBX. Two forms are accepted:
 *
 * <ul>
 *   <li>{@code MDC_ATTR_SAMP_RATE} in OBX-3 with a frequency unit in OBX-6 ({@code Hz}, {@code /s},
 *       {@code 1/s}, {@code s-1} or {@code MDC_DIM_HZ}),
 *   <li>{@code MDC_ATTR_TIME_PD_SAMP}, the sample period, with a time unit ({@code s}, {@code ms},
 *       {@code us} or their {@code MDC_DIM_} codes); the rate is its reciprocal.
 * </ul>
 */
final class SamplingRates {
    static final String SAMPLING_RATE = "MDC_ATTR_SAMP_RATE";
    static final String SAMPLE_PERIOD = "MDC_ATTR_TIME_PD_SAMP";

    /** Frequency unit to its factor to Hz. */
    private static final Map<String, Double> RATE_UNITS =
            Map.of("Hz", 1.0, "/s", 1.0, "1/s", 1.0, "s-1", 1.0, "MDC_DIM_HZ", 1.0);

    /** Time unit to its factor to seconds. */
    private static final Map<String, Double> PERIOD_UNITS =
            Map.of(
                    "s", 1.0,
                    "ms", 1e-3,
                    "us", 1e-6,
                    "MDC_DIM_SEC", 1.0,
                    "MDC_DIM_MILLI_SEC", 1e-3,
                    "MDC_DIM_MICRO_SEC", 1e-6);

    private SamplingRates() {}

    static boolean isRateAttribute(ObservationSegment obx) {
        return names(obx, SAMPLING_RATE) || names(obx, SAMPLE_PERIOD);
    }

    /**
     * Returns the sampling frequency in Hz that a rate attribute OBX states.
     *
     * @throws Hl7Rejection with reason INVALID_SAMPLING_FREQUENCY if the value is not a number, the
     *     unit does not fit, or the rate lies outside {@code [minHz, maxHz]}
     */
    static double rateHz(ObservationSegment obx, double minHz, double maxHz) throws Hl7Rejection {
        boolean period = names(obx, SAMPLE_PERIOD);
        String value = obx.values().isEmpty() ? "" : obx.values().get(0);
        double number;
        try {
            number = SampleValues.parseNumber(value);
        } catch (NumberFormatException e) {
            throw invalid(
                    obx.field(5),
                    "Invalid sampling "
                            + (period ? "period" : "rate")
                            + " '"
                            + value
                            + "' in "
                            + obx.field(5)
                            + "; expected a number");
        }

        Map<String, Double> units = period ? PERIOD_UNITS : RATE_UNITS;
        Double factor = units.get(obx.unitIdentifier());
        if (factor == null) {
            factor = units.get(obx.unitText());
        }
        if (factor == null) {
            throw invalid(
                    obx.field(6),
                    "Invalid unit '"
                            + obx.unitIdentifier()
                            + "' of the sampling "
                            + (period ? "period" : "rate")
                            + " in "
                            + obx.field(6)
                            + " (accepted: "
                            + String.join(", ", units.keySet().stream().sorted().toList())
                            + ")");
        }

        double rateHz = period ? 1.0 / (number * factor) : number * factor;
        if (!(rateHz >= minHz && rateHz <= maxHz)) {
            throw invalid(
                    obx.field(5),
                    "Implausible sampling rate "
                            + rateHz
                            + " Hz from '"
                            + value
                            + "' in "
                            + obx.field(5)
                            + "; waveforms are accepted from "
                            + minHz
                            + " to "
                            + maxHz
                            + " Hz");
        }
        return rateHz;
    }

    private static boolean names(ObservationSegment obx, String attribute) {
        return obx.identifier().equalsIgnoreCase(attribute)
                || obx.text().equalsIgnoreCase(attribute);
    }

    private static Hl7Rejection invalid(FieldLocation location, String message) {
        return Hl7Rejection.error(
                DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                ErrorCode.DATA_TYPE_ERROR,
                location,
                message);
    }
}
