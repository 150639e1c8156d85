package org.medstream.ingest.edf;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.function.Consumer;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingChannel;

/**
 * The 16-bit digital values of one channel and the EDF ranges that map them to physical values.
 *
 * <p>A channel with ADC values, a finite gain and every value within 16 bits keeps its ADC values.
 * Its digital range is the widest one within -32767 to 32767 that covers the values and whose
 * physical ends {@code (digital - baseline) / adcGain} are exact in EDF's 8 characters, so readers
 * get the source's gain and baseline back. Other channels are rescaled: their physical minimum and
 * maximum map to -32768 and 32767.
 *
 * @param digitalMinimum EDF digital minimum
 * @param digitalMaximum EDF digital maximum
 * @param physicalMinimum EDF physical minimum as written, at most 8 characters
 * @param physicalMaximum EDF physical maximum as written, at most 8 characters
 * @param values one digital value per frame; missing samples hold the digital minimum
 */
record SignalScaling(
        int digitalMinimum,
        int digitalMaximum,
        String physicalMinimum,
        String physicalMaximum,
        int[] values) {
    private static final int MIN_16 = Short.MIN_VALUE;
    private static final int MAX_16 = Short.MAX_VALUE;
    private static final int FIELD_WIDTH = 8;

    /**
     * Scales channel {@code channel} of {@code recording}, reporting changes to {@code warnings}.
     */
    static SignalScaling of(Recording recording, int channel, Consumer<String> warnings) {
        RecordingChannel spec = recording.channels().get(channel);
        Optional<int[]> digital = recording.digital(channel);
        double gain = spec.adcGain();
        if (digital.isPresent() && Double.isFinite(gain) && gain != 0) {
            int[] values = digital.get();
            int low = Integer.MAX_VALUE;
            int high = Integer.MIN_VALUE;
            for (int value : values) {
                if (value != Recording.INVALID_SAMPLE) {
                    low = Math.min(low, value);
                    high = Math.max(high, value);
                }
            }
            if (low > MIN_16 && high <= MAX_16) {
                return keepAdcValues(values, low, high, gain, spec.baseline(), spec, warnings);
            }
            warnings.accept(
                    "channel "
                            + spec.name()
                            + " has ADC values "
                            + low
                            + " to "
                            + high
                            + ", outside -32767 to 32767; rescaling its physical values to"
                            + " -32768 to 32767");
        }
        return rescale(recording.physical(channel), spec, warnings);
    }

    private static SignalScaling keepAdcValues(
            int[] values,
            int low,
            int high,
            double gain,
            int baseline,
            RecordingChannel spec,
            Consumer<String> warnings) {
        if (low > high) {
            low = 0;
            high = 0;
        }
        // The range starts at -32767 so that missing samples, written as the digital minimum,
        // never read back as -32768, WFDB's invalid-sample marker in format 16.
        int digitalMinimum = MIN_16 + 1;
        int digitalMaximum = MAX_16;
        for (int d = MIN_16 + 1; d < Math.min(low, MAX_16); d++) {
            if (exact((d - baseline) / gain)) {
                digitalMinimum = d;
                break;
            }
        }
        for (int d = MAX_16; d > Math.max(high, digitalMinimum); d--) {
            if (exact((d - baseline) / gain)) {
                digitalMaximum = d;
                break;
            }
        }
        String physicalMinimum = format((digitalMinimum - baseline) / gain, RoundingMode.HALF_EVEN);
        String physicalMaximum = format((digitalMaximum - baseline) / gain, RoundingMode.HALF_EVEN);
        if (physicalMinimum.isEmpty() || physicalMaximum.isEmpty()) {
            warnings.accept(
                    "channel "
                            + spec.name()
                            + ": gain "
                            + gain
                            + " gives a physical range too wide for 8 characters; rescaling");
            double[] physical = new double[values.length];
            for (int t = 0; t < values.length; t++) {
                physical[t] =
                        values[t] == Recording.INVALID_SAMPLE
                                ? Double.NaN
                                : (values[t] - baseline) / gain;
            }
            return rescale(physical, spec, warnings);
        }

        int[] stored = new int[values.length];
        int missing = 0;
        for (int t = 0; t < values.length; t++) {
            if (values[t] == Recording.INVALID_SAMPLE) {
                stored[t] = digitalMinimum;
                missing++;
            } else {
                stored[t] = values[t];
            }
        }
        warnMissing(missing, spec, warnings);
        return new SignalScaling(
                digitalMinimum, digitalMaximum, physicalMinimum, physicalMaximum, stored);
    }

    private static SignalScaling rescale(
            double[] physical, RecordingChannel spec, Consumer<String> warnings) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double value : physical) {
            if (Double.isFinite(value)) {
                low = Math.min(low, value);
                high = Math.max(high, value);
            }
        }
        if (low > high) {
            low = -1;
            high = 1;
        }
        String physicalMinimum = format(low, RoundingMode.FLOOR);
        String physicalMaximum = format(high, RoundingMode.CEILING);
        if (physicalMinimum.isEmpty() || physicalMaximum.isEmpty()) {
            throw new IllegalArgumentException(
                    "Channel "
                            + spec.name()
                            + " has physical values "
                            + low
                            + " to "
                            + high
                            + ", which do not fit EDF's 8-character physical range fields");
        }
        double minimum = Double.parseDouble(physicalMinimum);
        double maximum = Double.parseDouble(physicalMaximum);
        if (minimum == maximum) {
            physicalMaximum = format(minimum + 1, RoundingMode.CEILING);
            maximum = Double.parseDouble(physicalMaximum);
        }

        double scale = (MAX_16 - (double) MIN_16) / (maximum - minimum);
        int[] stored = new int[physical.length];
        int missing = 0;
        for (int t = 0; t < physical.length; t++) {
            if (Double.isFinite(physical[t])) {
                long value = Math.round(MIN_16 + (physical[t] - minimum) * scale);
                stored[t] = (int) Math.max(MIN_16, Math.min(MAX_16, value));
            } else {
                stored[t] = MIN_16;
                missing++;
            }
        }
        warnMissing(missing, spec, warnings);
        return new SignalScaling(MIN_16, MAX_16, physicalMinimum, physicalMaximum, stored);
    }

    private static void warnMissing(int missing, RecordingChannel spec, Consumer<String> warnings) {
        if (missing > 0) {
            warnings.accept(
                    "channel "
                            + spec.name()
                            + " has "
                            + missing
                            + " missing samples outside gaps; EDF has no marker for them, so they"
                            + " are written as the digital minimum");
        }
    }

    /** True when {@code value} is written exactly in 8 characters. */
    private static boolean exact(double value) {
        String text = format(value, RoundingMode.HALF_EVEN);
        return !text.isEmpty()
                && Math.abs(Double.parseDouble(text) - value)
                        <= 1e-9 * Math.max(1, Math.abs(value));
    }

    /**
     * Formats {@code value} in at most 8 characters with the most decimals that fit, rounding with
     * {@code mode}; empty when even the integer part does not fit.
     */
    static String format(double value, RoundingMode mode) {
        BigDecimal decimal = new BigDecimal(value);
        for (int scale = FIELD_WIDTH - 1; scale >= 0; scale--) {
            BigDecimal rounded = decimal.setScale(scale, mode).stripTrailingZeros();
            if (rounded.scale() < 0) {
                rounded = rounded.setScale(0);
            }
            String text = rounded.toPlainString();
            if (text.equals("-0")) {
                text = "0";
            }
            if (text.length() <= FIELD_WIDTH) {
                return text;
            }
        }
        return "";
    }
}
