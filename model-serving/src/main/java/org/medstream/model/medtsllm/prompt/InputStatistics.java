package org.medstream.model.medtsllm.prompt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Statistics of one instance-normalised window for the prompt: min, max, median, the sign of the
 * trend (last sample minus first) and up to five autocorrelation lags.
 *
 * <p>The lags are the local maxima of the autocorrelation with the highest values, not the five
 * highest values overall. For any smooth signal those are lags 1 to 5, which carry no information,
 * while the peaks give the periods, such as the RR interval of an ECG lead.
 *
 * @param min smallest value
 * @param max largest value
 * @param median median value (mean of the two middle values for an even length)
 * @param upward whether the last value is above the first
 * @param topLags lags of the highest autocorrelation peaks, highest first, at most {@link #LAGS};
 *     empty when the autocorrelation has no local maximum
 */
public record InputStatistics(
        double min, double max, double median, boolean upward, int[] topLags) {

    /** Max number of autocorrelation lags reported. */
    public static final int LAGS = 5;

    /**
     * Computes the statistics of {@code window} after instance normalisation, as the network
     * receives it.
     */
    public static InputStatistics of(float[] window) {
        double[] normalized = normalize(window);
        double[] sorted = normalized.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        boolean upward = normalized[n - 1] > normalized[0];
        return new InputStatistics(sorted[0], sorted[n - 1], median, upward, topLags(normalized));
    }

    /** Formats the statistics as prompt text. */
    public String text() {
        StringBuilder lags = new StringBuilder();
        for (int lag : topLags) {
            if (lags.length() > 0) {
                lags.append(", ");
            }
            lags.append(lag);
        }
        String periods =
                topLags.length == 0
                        ? "no autocorrelation peak"
                        : "autocorrelation peaks at lags " + lags;
        return String.format(
                Locale.ROOT,
                "Input statistics: min %.3f, max %.3f, median %.3f, trend %s, %s.",
                min,
                max,
                median,
                upward ? "upward" : "downward",
                periods);
    }

    private static double[] normalize(float[] window) {
        double mean = 0;
        for (float value : window) {
            mean += value;
        }
        mean /= window.length;
        double variance = 0;
        for (float value : window) {
            variance += (value - mean) * (value - mean);
        }
        double scale = Math.sqrt(variance / window.length) + 1e-5;
        double[] normalized = new double[window.length];
        for (int t = 0; t < window.length; t++) {
            normalized[t] = (window[t] - mean) / scale;
        }
        return normalized;
    }

    /**
     * Returns the lags of the autocorrelation's local maxima (2 … T − 2) with the highest
     * (unnormalised) autocorrelation sums, highest first. Ties go to the shorter lag.
     */
    private static int[] topLags(double[] x) {
        int n = x.length;
        double[] correlation = new double[n];
        for (int lag = 1; lag < n; lag++) {
            double sum = 0;
            for (int t = lag; t < n; t++) {
                sum += x[t] * x[t - lag];
            }
            correlation[lag] = sum;
        }

        List<Integer> peaks = new ArrayList<>();
        for (int lag = 2; lag < n - 1; lag++) {
            if (correlation[lag] > correlation[lag - 1]
                    && correlation[lag] >= correlation[lag + 1]) {
                peaks.add(lag);
            }
        }
        peaks.sort((a, b) -> Double.compare(correlation[b], correlation[a]));
        int count = Math.min(LAGS, peaks.size());
        int[] lags = new int[count];
        for (int k = 0; k < count; k++) {
            lags[k] = peaks.get(k);
        }
        return lags;
    }
}
