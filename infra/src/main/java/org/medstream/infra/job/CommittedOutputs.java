package org.medstream.infra.job;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.Beat;
import org.medstream.schemas.Breath;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.WaveSegment;
import org.medstream.schemas.WaveType;
import org.medstream.schemas.serde.AvroCodec;
import org.medstream.schemas.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the beats, alerts, dead letters, wave segments, breaths and anomalies that become visible
 * to a {@code read_committed} consumer after this reader starts, on a background thread, and stores
 * when each beat became visible. It uses no consumer group: it assigns every partition and starts
 * at the end offsets it finds on creation, so earlier output on a shared broker is skipped.
 */
public final class CommittedOutputs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommittedOutputs.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    /**
     * A beat and the wall-clock time at which the consumer's poll returned it, in microseconds
     * since the epoch.
     */
    public record VisibleBeat(Beat beat, long visibleAtMicros) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroCodec<Beat> beatCodec = AvroCodec.of(Beat.class);
    private final AvroCodec<Alert> alertCodec = AvroCodec.of(Alert.class);
    private final AvroCodec<AlertDelivery> deliveryCodec = AvroCodec.of(AlertDelivery.class);
    private final AvroCodec<DeadLetter> deadLetterCodec = AvroCodec.of(DeadLetter.class);
    private final AvroCodec<WaveSegment> segmentCodec = AvroCodec.of(WaveSegment.class);
    private final AvroCodec<Breath> breathCodec = AvroCodec.of(Breath.class);
    private final Map<String, List<Long>> breathsByStream = new HashMap<>();
    private final Map<String, Map<WaveType, Long>> segmentsByStream = new HashMap<>();
    private final AvroCodec<Anomaly> anomalyCodec = AvroCodec.of(Anomaly.class);
    private final Map<String, Long> anomaliesByStream = new HashMap<>();

    /** Per stream, each segment's offset sample index and the time it became visible. */
    private final Map<String, List<long[]>> segmentVisibility = new HashMap<>();

    private final Map<String, List<VisibleBeat>> beatsByStream = new HashMap<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final List<AlertDelivery> deliveries = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final Thread thread;
    private volatile long lastRecordNanos = System.nanoTime();
    private volatile RuntimeException failure;

    private CommittedOutputs(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer =
                new KafkaConsumer<>(
                        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic :
                List.of(
                        Topics.BEATS.name(),
                        Topics.ALERTS.name(),
                        Topics.ALERT_DELIVERIES.name(),
                        Topics.SIGNALS_DEAD_LETTER.name(),
                        Topics.SEGMENTS.name(),
                        Topics.BREATHS.name(),
                        Topics.ANOMALIES.name())) {
            for (PartitionInfo info : consumer.partitionsFor(topic, METADATA_TIMEOUT)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.endOffsets(partitions, METADATA_TIMEOUT).forEach(consumer::seek);
        thread = new Thread(this::poll, "medstream-committed-outputs");
        thread.setDaemon(true);
    }

    /** Marks the current end of the output topics and starts reading from there. */
    public static CommittedOutputs start(String bootstrapServers) {
        CommittedOutputs outputs = new CommittedOutputs(bootstrapServers);
        outputs.thread.start();
        return outputs;
    }

    private void poll() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long visibleAtMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    accept(record, visibleAtMicros);
                    lastRecordNanos = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // close() stops the consumer.
        } catch (RuntimeException e) {
            LOG.error("Failed to read the committed job output; reader stopped", e);
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void accept(ConsumerRecord<byte[], byte[]> record, long visibleAtMicros) {
        String topic = record.topic();
        if (topic.equals(Topics.BEATS.name())) {
            Beat beat = beatCodec.decode(record.value());
            beatsByStream
                    .computeIfAbsent(beat.getStreamId(), id -> new ArrayList<>())
                    .add(new VisibleBeat(beat, visibleAtMicros));
        } else if (topic.equals(Topics.ALERTS.name())) {
            alerts.add(alertCodec.decode(record.value()));
        } else if (topic.equals(Topics.ALERT_DELIVERIES.name())) {
            deliveries.add(deliveryCodec.decode(record.value()));
        } else if (topic.equals(Topics.SEGMENTS.name())) {
            WaveSegment segment = segmentCodec.decode(record.value());
            segmentsByStream
                    .computeIfAbsent(segment.getStreamId(), id -> new EnumMap<>(WaveType.class))
                    .merge(segment.getWave(), 1L, Long::sum);
            segmentVisibility
                    .computeIfAbsent(segment.getStreamId(), id -> new ArrayList<>())
                    .add(new long[] {segment.getOffsetSampleIndex(), visibleAtMicros});
        } else if (topic.equals(Topics.BREATHS.name())) {
            Breath breath = breathCodec.decode(record.value());
            breathsByStream
                    .computeIfAbsent(breath.getStreamId(), id -> new ArrayList<>())
                    .add(breath.getOnsetSampleIndex());
        } else if (topic.equals(Topics.ANOMALIES.name())) {
            Anomaly anomaly = anomalyCodec.decode(record.value());
            anomaliesByStream.merge(anomaly.getStreamId(), 1L, Long::sum);
        } else {
            deadLetters.add(deadLetterCodec.decode(record.value()));
        }
    }

    /** Returns the beats of one stream in the order they became visible. */
    public synchronized List<VisibleBeat> beats(String streamId) {
        throwIfFailed();
        return new ArrayList<>(beatsByStream.getOrDefault(streamId, List.of()));
    }

    /** Returns the largest beat sample index seen on a stream, or -1 before its first beat. */
    public synchronized long lastBeatSample(String streamId) {
        throwIfFailed();
        long last = -1;
        for (VisibleBeat visible : beatsByStream.getOrDefault(streamId, List.of())) {
            last = Math.max(last, visible.beat().getSampleIndex());
        }
        return last;
    }

    /** Returns the breath onsets of one stream as sample indices, in the order they arrived. */
    public synchronized List<Long> breathOnsets(String streamId) {
        throwIfFailed();
        return new ArrayList<>(breathsByStream.getOrDefault(streamId, List.of()));
    }

    /** Returns the number of anomalous spans of one stream. */
    public synchronized long anomalyCount(String streamId) {
        throwIfFailed();
        return anomaliesByStream.getOrDefault(streamId, 0L);
    }

    /** Returns the number of wave segments of one stream by wave type, over all its leads. */
    public synchronized Map<WaveType, Long> segmentCounts(String streamId) {
        throwIfFailed();
        Map<WaveType, Long> counts = new EnumMap<>(WaveType.class);
        counts.putAll(segmentsByStream.getOrDefault(streamId, Map.of()));
        return counts;
    }

    /**
     * Returns when the first wave segment of a stream whose offset is at or after {@code
     * sampleIndex} became visible, in microseconds since the epoch, or {@link Long#MAX_VALUE} when
     * none has.
     */
    public synchronized long segmentVisibleAtOrAfter(String streamId, long sampleIndex) {
        throwIfFailed();
        long visibleAt = Long.MAX_VALUE;
        for (long[] segment : segmentVisibility.getOrDefault(streamId, List.of())) {
            if (segment[0] >= sampleIndex) {
                visibleAt = Math.min(visibleAt, segment[1]);
            }
        }
        return visibleAt;
    }

    public synchronized List<Alert> alerts() {
        throwIfFailed();
        return new ArrayList<>(alerts);
    }

    /** Returns the webhook delivery statuses in the order they arrived. */
    public synchronized List<AlertDelivery> deliveries() {
        throwIfFailed();
        return new ArrayList<>(deliveries);
    }

    public synchronized List<DeadLetter> deadLetters() {
        throwIfFailed();
        return new ArrayList<>(deadLetters);
    }

    /** Time since the last record of any output topic arrived. */
    public Duration quietFor() {
        return Duration.ofNanos(System.nanoTime() - lastRecordNanos);
    }

    /**
     * Returns the last sample whose beats must be visible once a stream's first {@code
     * framesReplayed} frames have been processed: the detector reports a beat at most {@code
     * maxDelaySeconds} after its R peak, and one more second covers the final checkpoint. The
     * result is negative for replays shorter than that.
     */
    public static long lastReportedSample(
            long framesReplayed, double samplingFrequencyHz, double maxDelaySeconds) {
        return framesReplayed - (long) Math.ceil((maxDelaySeconds + 1) * samplingFrequencyHz);
    }

    /**
     * Waits until every stream in {@code sampleByStream} has a visible beat at or after its sample
     * index.
     *
     * @return true when all streams got there, false when {@code timeout} passed first
     */
    public boolean awaitBeatsThrough(Map<String, Long> sampleByStream, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean reached = true;
            for (Map.Entry<String, Long> entry : sampleByStream.entrySet()) {
                reached &= lastBeatSample(entry.getKey()) >= entry.getValue();
            }
            if (reached) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(50);
        }
    }

    private void throwIfFailed() {
        RuntimeException e = failure;
        if (e != null) {
            throw new IllegalStateException("Reading the committed job output failed", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
