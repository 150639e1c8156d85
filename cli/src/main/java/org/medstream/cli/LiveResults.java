package org.medstream.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.medstream.schemas.Alert;
import org.medstream.schemas.Beat;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.serde.AvroCodec;
import org.medstream.schemas.topic.Topics;

/**
 * Reads the committed beats and alerts back from Kafka on a background thread and keeps a summary
 * per stream, for the demo's live line and its final evaluation.
 */
final class LiveResults implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroCodec<Beat> beatCodec = AvroCodec.of(Beat.class);
    private final AvroCodec<Alert> alertCodec = AvroCodec.of(Alert.class);
    private final AvroCodec<DeadLetter> deadLetterCodec = AvroCodec.of(DeadLetter.class);
    private final Map<String, Integer> deadLettersByReason = new TreeMap<>();
    private final Map<String, List<Beat>> beatsByStream = new TreeMap<>();
    private final Map<String, List<Alert>> alertsByStream = new HashMap<>();
    private final Thread thread;
    private volatile long lastRecordNanos = System.nanoTime();

    LiveResults(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "medstream-demo-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Exactly-once sinks write in transactions: show only what a checkpoint committed.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer =
                new KafkaConsumer<>(
                        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(
                List.of(
                        Topics.BEATS.name(),
                        Topics.ALERTS.name(),
                        Topics.SIGNALS_DEAD_LETTER.name()));
        thread = new Thread(this::poll, "medstream-demo-results");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void poll() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    accept(record);
                    lastRecordNanos = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // close() asked the consumer to stop.
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private synchronized void accept(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(Topics.BEATS.name())) {
            Beat beat = beatCodec.decode(record.value());
            beatsByStream.computeIfAbsent(beat.getStreamId(), id -> new ArrayList<>()).add(beat);
        } else if (record.topic().equals(Topics.ALERTS.name())) {
            Alert alert = alertCodec.decode(record.value());
            alertsByStream.computeIfAbsent(alert.getStreamId(), id -> new ArrayList<>()).add(alert);
        } else {
            DeadLetter deadLetter = deadLetterCodec.decode(record.value());
            deadLettersByReason.merge(deadLetter.getReasonCode().name(), 1, Integer::sum);
        }
    }

    /** Time since the last beat or alert arrived. */
    Duration quietFor() {
        return Duration.ofNanos(System.nanoTime() - lastRecordNanos);
    }

    /** Largest beat sample index seen on a stream, or -1. */
    synchronized long lastBeatSample(String streamId) {
        List<Beat> beats = beatsByStream.get(streamId);
        return beats == null || beats.isEmpty() ? -1 : beats.get(beats.size() - 1).getSampleIndex();
    }

    synchronized List<Beat> beats(String streamId) {
        return new ArrayList<>(beatsByStream.getOrDefault(streamId, List.of()));
    }

    synchronized List<Alert> alerts(String streamId) {
        return new ArrayList<>(alertsByStream.getOrDefault(streamId, List.of()));
    }

    synchronized Map<String, Integer> deadLettersByReason() {
        return new TreeMap<>(deadLettersByReason);
    }

    /** One line per stream: beats, latest heart rate and alert count, e.g. for a status line. */
    synchronized String summary() {
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, List<Beat>> entry : beatsByStream.entrySet()) {
            List<Beat> beats = entry.getValue();
            Double heartRate = beats.get(beats.size() - 1).getHeartRateBpm();
            if (line.length() > 0) {
                line.append(" | ");
            }
            line.append(
                    String.format(
                            "%s: %d beats, HR %s, alerts %d",
                            entry.getKey(),
                            beats.size(),
                            heartRate == null ? "--" : String.format("%.0f bpm", heartRate),
                            alertsByStream.getOrDefault(entry.getKey(), List.of()).size()));
        }
        return line.toString();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5_000);
    }
}
