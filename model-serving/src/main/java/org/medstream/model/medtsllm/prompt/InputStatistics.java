package org.medstream.model.medtsllm.prompt;

import java.util.Arrays;
import java.util.Locale;

/**
 * Statistics of one instance-normalised window for the prompt: min, max, median, the sign of the
 * trend (last sample minus first) and the five lags with the highest autocorrelation.
 *
 * @param min smallest value
 * @param max largest value
 * @param median median value (mean of the two middle values for an even length)
 * @param upward whether the last value is above the first
 * @param topLags lags of the five highest autocorrelations, highest first, each from 1 to T − 1
 */
public record InputStatistics(
        double min, double max, double median, boolean upward, int[] topLags) {

    /** Number of autocorrelation lags reported. */
    public static final int LAGS = 5;

    /**
     * Computes the statistics of {@code window} after instance normalisation, as the network sees
     * it.
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
        return String.format(
                Locale.ROOT,
                "Input statistics: min %.3f, max %.3f, median %.3f, trend %s, top %d"
                        + " autocorrelation lags %s.",
                min,
                max,
                median,
                upward ? "upward" : "downward",
                topLags.length,
                lags);
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
     * Lags 1 … T − 1 ordered by the (unnormalised) autocorrelation sum, ties to the shorter lag.
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
        int count = Math.min(LAGS, n - 1);
        int[] lags = new int[count];
        boolean[] taken = new boolean[n];
        for (int k = 0; k < count; k++) {
            int best = -1;
            for (int lag = 1; lag < n; lag++) {
                if (!taken[lag] && (best < 0 || correlation[lag] > correlation[best])) {
                    best = lag;
                }
            }
            taken[best] = true;
            lags[k] = best;
        }
        return lags;
    }
}
