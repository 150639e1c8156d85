package org.medstream.infra.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.infra.kafka.EmbeddedKafka;
import org.medstream.infra.net.LoopbackSockets;
import org.medstream.ingest.hl7.KafkaWaveformSink;
import org.medstream.ingest.hl7.MllpListener;
import org.medstream.ingest.hl7.MllpListenerOptions;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.serde.AvroSerde;
import org.medstream.schemas.topic.Topics;

/**
 * The MLLP listener with its Kafka sink against the in-JVM broker: acknowledged chunks and dead
 * letters are read back from their topics.
 */
class MllpKafkaIT {
    private static final String[] LEADS = {
        "131329^MDC_ECG_ELEC_POTL_I^MDC", "131330^MDC_ECG_ELEC_POTL_II^MDC"
    };

    private static EmbeddedKafka kafka;
    private static KafkaWaveformSink sink;
    private static MllpListener listener;
    private static Recording record100;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        sink = KafkaWaveformSink.to(kafka.bootstrapServers());
        listener = MllpListener.start(MllpListenerOptions.builder().build(), sink);
        record100 =
                RecordingFiles.open(
                        Path.of(System.getProperty("medstream.data.dir")).resolve("mitdb/100"));
    }

    @AfterAll
    static void stop() {
        listener.close();
        sink.close();
        kafka.close();
    }

    @Test
    void acknowledgedChunksAreInKafka() throws Exception {
        List<String> acks = new ArrayList<>();
        try (MllpSender sender = new MllpSender(listener.port())) {
            for (int second = 0; second < 3; second++) {
                acks.add(MllpSender.ackCode(sender.send(secondOf100(second, "K" + second))));
            }
        }

        assertThat(acks).containsExactly("AA", "AA", "AA");
        List<SignalChunk> chunks =
                readAll(Topics.SIGNALS_RAW.name(), new AvroSerde<>(SignalChunk.class), 3);
        assertThat(chunks).hasSize(3);
        assertThat(chunks)
                .extracting(SignalChunk::getStreamId)
                .containsOnly("ICU-GW1/CU2-BED7/360Hz");
        assertThat(chunks)
                .extracting(SignalChunk::getFirstSampleIndex)
                .containsExactly(0L, 360L, 720L);
        SignalChunk first = chunks.get(0);
        assertThat(first.getStreamStartMicros()).isEqualTo(Instant.parse("2024-03-12T07:30:00Z"));
        assertThat(first.getUnits()).containsExactly("mV", "mV");
        List<Float> values = ((PhysicalSamples) first.getSamples()).getValues();
        assertThat(values.get(2 * 100)).isEqualTo((float) record100.physical(0)[100]);
        assertThat(values.get(2 * 100 + 1)).isEqualTo((float) record100.physical(1)[100]);
    }

    @Test
    void rejectedMessageIsDeadLetter() throws Exception {
        String zoneless = secondOf100(0, "BAD1").replace("+0100", "");

        String ack;
        try (MllpSender sender = new MllpSender(listener.port())) {
            ack = sender.send(zoneless);
        }

        assertThat(MllpSender.ackCode(ack)).isEqualTo("AE");
        List<DeadLetter> deadLetters =
                readAll(Topics.SIGNALS_DEAD_LETTER.name(), new AvroSerde<>(DeadLetter.class), 1);
        assertThat(deadLetters).hasSize(1);
        DeadLetter deadLetter = deadLetters.get(0);
        assertThat(deadLetter.getReasonCode()).isEqualTo(DeadLetterReason.INVALID_TIMESTAMP);
        assertThat(deadLetter.getMessage()).contains("has no UTC offset");
        byte[] original = new byte[deadLetter.getOriginalBytes().remaining()];
        deadLetter.getOriginalBytes().duplicate().get(original);
        assertThat(new String(original, StandardCharsets.UTF_8)).isEqualTo(zoneless);
    }

    @Test
    void listenerOnlyOnLoopback() {
        LoopbackSockets.assumeReadable();

        assertThat(LoopbackSockets.listeningAddressesOfThisProcess())
                .isNotEmpty()
                .allSatisfy(address -> assertThat(address.isLoopbackAddress()).isTrue());
    }

    /** Returns second {@code second} of record 100 starting 2024-03-12 08:30 at +0100. */
    private static String secondOf100(int second, String controlId) {
        float[][] samples = new float[2][360];
        for (int lead = 0; lead < 2; lead++) {
            double[] physical = record100.physical(lead);
            for (int i = 0; i < 360; i++) {
                samples[lead][i] = (float) physical[second * 360 + i];
            }
        }
        String time = String.format("202403120830%02d.0000+0100", second);
        return MllpSender.oru(controlId, time, 360, LEADS, samples);
    }

    private static <V> List<V> readAll(String topic, Deserializer<V> deserializer, int count) {
        Map<String, Object> properties = kafka.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "mllp-kafka-it-" + topic);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer =
                new KafkaConsumer<>(
                        new HashMap<>(properties), new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
            consumer.poll(Duration.ofMillis(300)).forEach(record -> values.add(record.value()));
        }
        return values;
    }
}
