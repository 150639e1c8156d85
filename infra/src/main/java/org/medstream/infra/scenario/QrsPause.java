package org.medstream.infra.scenario;

import java.util.Arrays;
import java.util.Random;

/**
 * Replaces a stretch of ECG samples by a pause of the QRS complexes. The pause is a 0.25 Hz
 * baseline wander of 0.2 mV amplitude plus Gaussian noise of 0.025 mV standard deviation. It rides
 * on a straight line between the median levels of the half seconds before and after the stretch, so
 * its edges add no step that a QRS detector could take for a beat.
 */
public final class QrsPause {
    private static final double WANDER_HZ = 0.25;
    private static final double WANDER_MV = 0.2;
    private static final double NOISE_MV = 0.025;

    private QrsPause() {}

    /**
     * Fills {@code [start, end)} of {@code values}, ADC values with {@code adcGain} units per mV.
     * The half seconds around the stretch are clipped to the array.
     */
    public static void fill(
            int[] values,
            int start,
            int end,
            double samplingFrequencyHz,
            double adcGain,
            Random random) {
        int halfSecond = (int) Math.round(0.5 * samplingFrequencyHz);
        double before = median(values, Math.max(0, start - halfSecond), start);
        double after = median(values, end, Math.min(values.length, end + halfSecond));
        for (int i = start; i < end; i++) {
            double fraction = (double) (i - start) / (end - start);
            double t = (i - start) / samplingFrequencyHz;
            double millivolts =
                    WANDER_MV * Math.sin(2 * Math.PI * WANDER_HZ * t)
                            + NOISE_MV * random.nextGaussian();
            values[i] =
                    (int) Math.round(before + fraction * (after - before) + millivolts * adcGain);
        }
    }

    private static double median(int[] values, int from, int to) {
        int[] window = Arrays.copyOfRange(values, from, to);
        Arrays.sort(window);
        return window[window.length / 2];
    }
}
