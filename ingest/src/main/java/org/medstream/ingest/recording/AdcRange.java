package org.medstream.ingest.recording;

/**
 * The values an analogue-to-digital converter can produce. Samples at {@code min} or {@code max}
 * sit on a rail: the input was at or beyond the converter's range (saturation).
 *
 * @param min lower rail
 * @param max upper rail
 */
public record AdcRange(int min, int max) {
    public AdcRange {
        if (min >= max) {
            throw new IllegalArgumentException(
                    "ADC range needs min < max, got " + min + ".." + max);
        }
    }

    /**
     * Returns the range of a converter of {@code bits} bits whose mid-scale value is {@code zero},
     * as WFDB headers state them ({@code adcres} and {@code adczero}).
     */
    public static AdcRange ofResolution(int bits, int zero) {
        if (bits < 2 || bits > 32) {
            throw new IllegalArgumentException("ADC resolution must be 2 to 32 bits, got " + bits);
        }
        long half = 1L << (bits - 1);
        long min = Math.max(Integer.MIN_VALUE + 1L, zero - half);
        long max = Math.min(Integer.MAX_VALUE, zero + half - 1);
        return new AdcRange((int) min, (int) max);
    }
}
