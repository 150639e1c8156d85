package org.medstream.infra.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Distribution of latencies in milliseconds: count, 50th and 99th percentile and maximum.
 * Percentiles use the nearest-rank method: the p-th percentile of n sorted values is the value at
 * rank {@code ceil(p / 100 * n)}, so it is always one of the measured values.
 *
 * @param count number of values
 * @param p50Millis median, NaN when there are no values
 * @param p99Millis 99th percentile, NaN when there are no values
 * @param maxMillis maximum, NaN when there are no values
 */
public record LatencySummary(int count, double p50Millis, double p99Millis, double maxMillis) {
    /** Summarizes {@code millis}; an empty collection gives count 0 and NaN percentiles. */
    public static LatencySummary of(Collection<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LatencySummary(
                sorted.length,
                percentile(sorted, 50),
                percentile(sorted, 99),
                sorted[sorted.length - 1]);
    }

    /**
     * Returns the nearest-rank percentile of ascending {@code sorted} values.
     *
     * @throws IllegalArgumentException if {@code sorted} is empty or {@code percent} is outside (0,
     *     100]
     */
    public static double percentile(double[] sorted, double percent) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("Cannot take a percentile of no values");
        }
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException(
                    "Invalid percentile " + percent + "; give a value in (0, 100]");
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
