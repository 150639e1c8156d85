package org.medstream.ingest.gate;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;
import org.medstream.schemas.DeadLetterReason;

/**
 * The gate's counters as Kafka Streams metrics (group {@value #GROUP}): {@code chunks-in}, {@code
 * chunks-clean}, {@code chunks-duplicate}, {@code chunks-dead-letter} and {@code
 * chunks-dead-letter-<reason>}, each with a {@code -total} and a {@code -rate}. They show in JMX
 * and in {@code KafkaStreams#metrics()}; {@link GateCounts} sums them.
 */
final class GateMetrics {
    static final String SCOPE = "medstream-gate";
    static final String GROUP = "stream-" + SCOPE + "-metrics";
    static final String IN = "chunks-in";
    static final String CLEAN = "chunks-clean";
    static final String DUPLICATE = "chunks-duplicate";
    static final String DEAD_LETTER = "chunks-dead-letter";

    private final StreamsMetrics metrics;
    private final String task;
    private final Sensor in;
    private final Sensor clean;
    private final Sensor duplicate;
    private final Sensor deadLetter;
    private final Map<DeadLetterReason, Sensor> byReason = new EnumMap<>(DeadLetterReason.class);

    GateMetrics(StreamsMetrics metrics, String task) {
        this.metrics = metrics;
        this.task = task;
        this.in = sensor(IN);
        this.clean = sensor(CLEAN);
        this.duplicate = sensor(DUPLICATE);
        this.deadLetter = sensor(DEAD_LETTER);
    }

    void in() {
        in.record();
    }

    void clean() {
        clean.record();
    }

    void duplicate() {
        duplicate.record();
    }

    void deadLetter(DeadLetterReason reason) {
        deadLetter.record();
        byReason.computeIfAbsent(reason, r -> sensor(reasonOperation(r))).record();
    }

    static String reasonOperation(DeadLetterReason reason) {
        return DEAD_LETTER + "-" + reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private Sensor sensor(String operation) {
        return metrics.addRateTotalSensor(SCOPE, task, operation, Sensor.RecordingLevel.INFO);
    }
}
