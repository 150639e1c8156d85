package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.infra.kafka.EmbeddedKafka;
import org.medstream.schemas.Beat;
import org.medstream.schemas.topic.Topics;

/**
 * {@code medstream tail} against the embedded KRaft broker: three beats of two streams and one
 * record that is not a beat, on the beats topic.
 */
class TailIT {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBrokerAndWrite() throws Exception {
        kafka = EmbeddedKafka.start();
        try (KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(
                                Map.of(
                                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        kafka.bootstrapServers()),
                                new StringSerializer(),
                                new ByteArraySerializer());
                var beats = Topics.BEATS.valueSerde().serializer()) {
            String topic = Topics.BEATS.name();
            producer.send(
                    new ProducerRecord<>(
                            topic, "bed-1", beats.serialize(topic, beat("bed-1", 360))));
            producer.send(
                    new ProducerRecord<>(
                            topic, "bed-2", beats.serialize(topic, beat("bed-2", 500))));
            producer.send(new ProducerRecord<>(topic, "bed-1", new byte[] {1, 2, 3}));
            producer.send(
                    new ProducerRecord<>(
                            topic, "bed-1", beats.serialize(topic, beat("bed-1", 720))));
            producer.flush();
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static Beat beat(String streamId, long sampleIndex) {
        return Beat.newBuilder()
                .setStreamId(streamId)
                .setSampleIndex(sampleIndex)
                .setEventTimeMicros(Instant.parse("2026-01-01T00:00:00Z"))
                .setBeatClass("N")
                .setDetectorName("pan-tompkins")
                .setDetectorVersion("test")
                .setEmittedAtMicros(Instant.parse("2026-01-01T00:00:01Z"))
                .build();
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run tail(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Medstream.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] args = new String[3 + options.length];
        args[0] = "tail";
        args[1] = "--bootstrap-servers=" + kafka.bootstrapServers();
        args[2] = "--topic=" + Topics.BEATS.name();
        System.arraycopy(options, 0, args, 3, options.length);
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void printsEveryBeatAndNamesTheBadRecord() {
        Run run = tail();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(3);
        assertThat(run.out()).contains("\"sampleIndex\": 360").contains("\"sampleIndex\": 720");
        assertThat(run.err())
                .contains("Skipped record at offset")
                .contains(Topics.BEATS.name())
                .contains("key bed-1");
    }

    @Test
    void streamIdAndMaxRecordsLimitTheOutput() {
        Run oneStream = tail("--stream-id=bed-2");
        Run first = tail("--stream-id=bed-1", "--max-records=1");

        assertThat(oneStream.out().lines()).singleElement().asString().contains("\"bed-2\"");
        assertThat(first.out().lines()).hasSize(1);
    }

    @Test
    void unknownTopicIsUsageError() {
        StringWriter err = new StringWriter();
        var commandLine = Medstream.newCommandLine();
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode =
                commandLine.execute(
                        "tail",
                        "--bootstrap-servers=" + kafka.bootstrapServers(),
                        "--topic=medstream.events.beat");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("unknown topic 'medstream.events.beat'")
                .contains("medstream.events.beats");
    }
}
