package org.medstream.stream.metrics;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.medstream.schemas.DeadLetterReason;

/** One {@code deadLetters} counter per {@link DeadLetterReason}, under {@code reason.<CODE>}. */
public final class DeadLetterMetrics {
    public static final String REASON_GROUP = "reason";
    public static final String DEAD_LETTERS = "deadLetters";

    private final Map<DeadLetterReason, Counter> counters = new EnumMap<>(DeadLetterReason.class);

    public DeadLetterMetrics(MetricGroup group) {
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counters.put(reason, group.addGroup(REASON_GROUP, reason.name()).counter(DEAD_LETTERS));
        }
    }

    public void deadLetter(DeadLetterReason reason) {
        counters.get(reason).inc();
    }
}
