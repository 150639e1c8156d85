package org.medstream.ingest.hl7;

import ca.uhn.hl7v2.ErrorCode;
import org.medstream.schemas.DeadLetterReason;

/**
 * Parses the samples of a waveform OBX-5. An NA value lists the samples as components ({@code
 * 0.12^0.15^0.11}), and an NM value lists them as repetitions ({@code 0.12~0.15~0.11}); both may be
 * combined. An empty component is a missing sample, stored as NaN. Numbers follow the HL7 NM type:
 * an optional sign, digits and an optional decimal point, without exponent.
 */
final class SampleValues {
    private SampleValues() {}

    /**
     * Returns the samples in the order sent.
     *
     * @throws Hl7Rejection with reason UNDECODABLE naming the sample position and value when a
     *     sample is not an NM number, or IMPLAUSIBLE_AMPLITUDE when it exceeds the float range
     */
    static float[] parse(ObservationSegment obx, char componentSeparator) throws Hl7Rejection {
        int count = 0;
        for (String repetition : obx.values()) {
            count += countComponents(repetition, componentSeparator);
        }

        float[] samples = new float[count];
        int index = 0;
        for (String repetition : obx.values()) {
            int start = 0;
            while (start <= repetition.length()) {
                int end = repetition.indexOf(componentSeparator, start);
                if (end < 0) {
                    end = repetition.length();
                }
                samples[index] = parseSample(repetition.substring(start, end), index, obx);
                index++;
                start = end + 1;
            }
        }
        return samples;
    }

    /**
     * Parses one HL7 NM number.
     *
     * @throws NumberFormatException if {@code value} is not an NM number
     */
    static double parseNumber(String value) {
        String trimmed = value.trim();
        int digits = 0;
        int points = 0;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.') {
                points++;
            } else if (!(i == 0 && (c == '+' || c == '-'))) {
                throw new NumberFormatException("Not an HL7 NM number: '" + value + "'");
            }
        }
        if (digits == 0 || points > 1) {
            throw new NumberFormatException("Not an HL7 NM number: '" + value + "'");
        }
        return Double.parseDouble(trimmed);
    }

    private static float parseSample(String value, int index, ObservationSegment obx)
            throws Hl7Rejection {
        if (value.isBlank()) {
            return Float.NaN;
        }
        double number;
        try {
            number = parseNumber(value);
        } catch (NumberFormatException e) {
            throw Hl7Rejection.error(
                    DeadLetterReason.UNDECODABLE,
                    ErrorCode.DATA_TYPE_ERROR,
                    obx.field(5),
                    "Non-numeric sample '"
                            + value
                            + "' at position "
                            + (index + 1)
                            + " of "
                            + obx.field(5)
                            + " ("
                            + obx.name()
                            + "); every sample must be a number such as -0.125, or empty when"
                            + " missing");
        }
        if (Math.abs(number) > Float.MAX_VALUE) {
            throw Hl7Rejection.error(
                    DeadLetterReason.IMPLAUSIBLE_AMPLITUDE,
                    ErrorCode.DATA_TYPE_ERROR,
                    obx.field(5),
                    "Sample '"
                            + value
                            + "' at position "
                            + (index + 1)
                            + " of "
                            + obx.field(5)
                            + " exceeds the 32-bit float range of a chunk");
        }
        return (float) number;
    }

    private static int countComponents(String repetition, char separator) {
        int count = 1;
        for (int i = 0; i < repetition.length(); i++) {
            if (repetition.charAt(i) == separator) {
                count++;
            }
        }
        return count;
    }
}
