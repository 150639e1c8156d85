package org.medstream.ingest.gate;

import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.medstream.schemas.DeadLetterReason;

/**
 * Totals of the gate's metrics over all its tasks. Nothing is lost when {@code in == clean +
 * deadLetters + duplicates} once the gate keeps no chunk back.
 *
 * @param in chunks read from the raw topic
 * @param clean chunks written to the clean topic
 * @param duplicates chunks dropped because their samples were already delivered
 * @param deadLetters chunks written to the dead-letter topic
 * @param deadLettersByReason dead letters per reason code
 */
public record GateCounts(
        long in,
        long clean,
        long duplicates,
        long deadLetters,
        Map<DeadLetterReason, Long> deadLettersByReason) {
    /** Sums the gate's counters in the metrics of a {@code KafkaStreams} or test driver. */
    public static GateCounts of(Map<MetricName, ? extends Metric> metrics) {
        Map<DeadLetterReason, Long> byReason = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            long count = total(metrics, GateMetrics.reasonOperation(reason));
            if (count > 0) {
                byReason.put(reason, count);
            }
        }
        return new GateCounts(
                total(metrics, GateMetrics.IN),
                total(metrics, GateMetrics.CLEAN),
                total(metrics, GateMetrics.DUPLICATE),
                total(metrics, GateMetrics.DEAD_LETTER),
                Map.copyOf(byReason));
    }

    /** Returns whether every chunk read is accounted for. */
    public boolean balanced() {
        return in == clean + duplicates + deadLetters;
    }

    private static long total(Map<MetricName, ? extends Metric> metrics, String operation) {
        String name = operation + "-total";
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            MetricName metric = entry.getKey();
            if (metric.group().equals(GateMetrics.GROUP) && metric.name().equals(name)) {
                sum += ((Number) entry.getValue().metricValue()).doubleValue();
            }
        }
        return Math.round(sum);
    }
}
