package org.medstream.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.SignalChunk;

class MllpListenerTest {
    private static final long START_MICROS =
            Instant.parse("2024-03-12T07:30:00Z").toEpochMilli() * 1000;
    private static final String ECG_I = "131329^MDC_ECG_ELEC_POTL_I^MDC";

    private final MemorySink sink = new MemorySink();
    private MllpListener listener;

    @BeforeEach
    void startListener() throws IOException {
        listener =
                MllpListener.start(
                        MllpListenerOptions.builder()
                                .optMaxMessageBytes(64 * 1024)
                                .optFrameTimeout(Duration.ofSeconds(2))
                                .build(),
                        sink);
    }

    @AfterEach
    void stopListener() {
        listener.close();
    }

    @Test
    void bindsLoopbackByDefault() {
        assertThat(listener.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(listener.port()).isPositive();
    }

    @Test
    void wildcardBindAddressRejected() throws IOException {
        InetAddress wildcard = InetAddress.getByName("0.0.0.0");

        assertThatThrownBy(() -> MllpListenerOptions.builder().optBindAddress(wildcard))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid bind address 0.0.0.0");
    }

    @Test
    void goodMessageAcceptedOverTcp() throws IOException {
        try (MllpTestClient client = new MllpTestClient(listener.port())) {
            Acks ack = client.send(WaveformMessageHandlerTest.secondOfMitdb(0, "TCP1"));

            assertThat(ack.code()).isEqualTo("AA");
            assertThat(ack.controlId()).isEqualTo("TCP1");
        }
        assertThat(sink.chunks).hasSize(1);
        assertThat(sink.chunks.get(0).getFrameCount()).isEqualTo(360);
        assertThat(listener.metrics().acceptedMessages()).isEqualTo(1);
    }

    /** The example in docs/examples, which the documentation asks users to send, is accepted. */
    @Test
    void documentedExampleAccepted() throws IOException {
        Path example =
                Path.of(System.getProperty("medstream.data.dir"))
                        .resolveSibling("docs/examples/oru-r01-ecg.hl7");
        try (MllpTestClient client = new MllpTestClient(listener.port())) {
            Acks ack = client.send(Files.readString(example, StandardCharsets.UTF_8));

            assertThat(ack.code()).isEqualTo("AA");
        }
        SignalChunk chunk = sink.chunks.get(0);
        assertThat(chunk.getStreamId()).isEqualTo("ICU-GW1/CU1-BED12/360Hz");
        assertThat(chunk.getFrameCount()).isEqualTo(18);
    }

    @Test
    void malformedMessagesRejectedOverTcp() throws IOException {
        record Case(
                String name, String message, String code, DeadLetterReason reason, String text) {}
        String time = OruMessageBuilder.dtm(START_MICROS, "+0000");
        List<Case> cases =
                List.of(
                        new Case(
                                "bad segment",
                                good("B1", time).replace("PV1|", "P-V|"),
                                "AE",
                                DeadLetterReason.UNDECODABLE,
                                "Invalid segment 3 'P-V|"),
                        new Case(
                                "not HL7",
                                "hello world",
                                "AR",
                                DeadLetterReason.UNDECODABLE,
                                "does not start with an MSH segment"),
                        new Case(
                                "missing rate",
                                new OruMessageBuilder()
                                        .raw("NA", ECG_I, "1.1.1.1", "1^2", "mV", time)
                                        .build(),
                                "AE",
                                DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                                "Missing sampling rate"),
                        new Case(
                                "wrong count",
                                new OruMessageBuilder()
                                        .waveform(ECG_I, "mV", 500, time, new float[] {1, 2})
                                        .waveform("ECG_II", "mV", 500, time, new float[] {1})
                                        .build(),
                                "AE",
                                DeadLetterReason.SAMPLE_COUNT_MISMATCH,
                                "has 1 samples but channel"),
                        new Case(
                                "zone-less time",
                                good("B5", "20240312073000"),
                                "AE",
                                DeadLetterReason.INVALID_TIMESTAMP,
                                "has no UTC offset"),
                        new Case(
                                "non-numeric",
                                new OruMessageBuilder()
                                        .raw("NA", ECG_I, "1.1.1.1", "1^two", "mV", time)
                                        .raw(
                                                "NM",
                                                "MDC_ATTR_SAMP_RATE",
                                                "1.1.1.1.1",
                                                "500",
                                                "Hz",
                                                "")
                                        .build(),
                                "AE",
                                DeadLetterReason.UNDECODABLE,
                                "Non-numeric sample 'two'"),
                        new Case(
                                "unknown unit",
                                new OruMessageBuilder()
                                        .waveform(ECG_I, "parsec", 500, time, new float[] {1})
                                        .build(),
                                "AE",
                                DeadLetterReason.INVALID_UNITS,
                                "Unknown unit 'parsec'"));

        try (MllpTestClient client = new MllpTestClient(listener.port())) {
            for (Case c : cases) {
                int deadLetters = sink.deadLetters.size();

                Acks ack = client.send(c.message());

                assertThat(ack.code()).as("ack code of %s", c.name()).isEqualTo(c.code());
                assertThat(ack.reason()).as("reason of %s", c.name()).contains(c.text());
                assertThat(sink.deadLetters)
                        .as("dead letters after %s", c.name())
                        .hasSize(deadLetters + 1);
                assertThat(sink.deadLetters.get(deadLetters).getReasonCode())
                        .as("reason code of %s", c.name())
                        .isEqualTo(c.reason());
            }
            assertThat(client.send(good("AFTER", time)).code()).isEqualTo("AA");
        }
        assertThat(sink.chunks).hasSize(1);
        assertThat(listener.metrics().rejectedMessages()).isEqualTo(cases.size());
    }

    @Test
    void bytesOutsideFrameRejected() throws IOException {
        try (MllpTestClient client = new MllpTestClient(listener.port())) {
            client.sendRaw("junk".getBytes(StandardCharsets.US_ASCII));
            String message = good("F1", OruMessageBuilder.dtm(START_MICROS, "+0000"));

            Acks junk = client.send(message);
            Acks next = client.readAck();

            assertThat(junk.code()).isEqualTo("AR");
            assertThat(junk.reason()).contains("4 bytes outside an MLLP frame");
            assertThat(next.code()).isEqualTo("AA");
            assertThat(next.controlId()).isEqualTo("F1");
        }
        assertThat(sink.deadLetters).hasSize(1);
        assertThat(sink.deadLetters.get(0).getReasonCode()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(listener.metrics().framingErrors()).isEqualTo(1);
    }

    @Test
    void missingEndBlockRejected() throws IOException {
        String time = OruMessageBuilder.dtm(START_MICROS, "+0000");
        try (MllpTestClient client = new MllpTestClient(listener.port())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(0x0B);
            bytes.writeBytes(good("CUT", time).getBytes(StandardCharsets.UTF_8));
            client.sendRaw(bytes.toByteArray());

            Acks cut = client.send(good("NEXT", time));
            Acks next = client.readAck();

            assertThat(cut.code()).isEqualTo("AR");
            assertThat(cut.controlId()).isEqualTo("CUT");
            assertThat(cut.reason()).contains("missing end block 0x1C");
            assertThat(next.controlId()).isEqualTo("NEXT");
            assertThat(next.code()).isEqualTo("AA");
        }
        assertThat(sink.deadLetters)
                .extracting(d -> d.getReasonCode())
                .containsExactly(DeadLetterReason.UNDECODABLE);
    }

    @Test
    void endBlockWithoutCarriageReturnRejected() throws IOException {
        try (MllpTestClient client = new MllpTestClient(listener.port())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(0x0B);
            bytes.writeBytes(
                    good("NOCR", OruMessageBuilder.dtm(START_MICROS, "+0000"))
                            .getBytes(StandardCharsets.UTF_8));
            bytes.write(0x1C);
            bytes.write('X');
            client.sendRaw(bytes.toByteArray());

            Acks ack = client.readAck();

            assertThat(ack.code()).isEqualTo("AR");
            assertThat(ack.reason()).contains("end block 0x1C not followed by carriage return");
        }
    }

    @Test
    void oversizedFrameRejected() throws IOException {
        float[] samples = new float[20_000];
        String large =
                new OruMessageBuilder()
                        .controlId("BIG")
                        .waveform(
                                ECG_I,
                                "mV",
                                500,
                                OruMessageBuilder.dtm(START_MICROS, "+0000"),
                                samples)
                        .build();
        try (MllpTestClient client = new MllpTestClient(listener.port())) {
            Acks ack = client.send(large);

            assertThat(ack.code()).isEqualTo("AR");
            assertThat(ack.controlId()).isEqualTo("BIG");
            assertThat(ack.reason()).contains("frame larger than the maximum of 65536 bytes");
            assertThat(
                            client.send(good("SMALL", OruMessageBuilder.dtm(START_MICROS, "+0000")))
                                    .code())
                    .isEqualTo("AA");
        }
    }

    @Test
    void cutOffFrameBecomesDeadLetter() throws Exception {
        try (MllpTestClient client = new MllpTestClient(listener.port())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(0x0B);
            bytes.writeBytes("MSH|^~\\&|GW|ICU".getBytes(StandardCharsets.US_ASCII));
            client.sendRaw(bytes.toByteArray());
            client.shutdownOutput();
        }

        waitFor(() -> sink.deadLetters.size() == 1);
        assertThat(sink.deadLetters.get(0).getMessage()).contains("end of stream inside a frame");
    }

    /**
     * 100 senders at once, each with its own bed and five consecutive seconds of mitdb 100, must
     * all get AA and leave exactly their 500 chunks in the sink, in order per stream.
     */
    @Test
    void hundredConcurrentConnectionsLoseNothing() throws Exception {
        int connections = 100;
        int messagesPerConnection = 5;
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        try {
            List<Future<List<Acks>>> results = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int bed = c;
                Callable<List<Acks>> sender =
                        () -> {
                            List<Acks> acks = new ArrayList<>();
                            try (MllpTestClient client = new MllpTestClient(listener.port())) {
                                for (int m = 0; m < messagesPerConnection; m++) {
                                    acks.add(client.send(bedSecond(bed, m)));
                                }
                            }
                            return acks;
                        };
                results.add(senders.submit(sender));
            }

            Set<String> acknowledged = new HashSet<>();
            for (Future<List<Acks>> result : results) {
                for (Acks ack : result.get(60, TimeUnit.SECONDS)) {
                    assertThat(ack.code())
                            .as("ack of %s: %s", ack.controlId(), ack.reason())
                            .isEqualTo("AA");
                    acknowledged.add(ack.controlId());
                }
            }
            assertThat(acknowledged).hasSize(connections * messagesPerConnection);
        } finally {
            senders.shutdownNow();
        }

        assertThat(sink.chunks).hasSize(connections * messagesPerConnection);
        assertThat(sink.deadLetters).isEmpty();
        for (int bed = 0; bed < connections; bed++) {
            String streamId = "ICU-GW1/CU1-BED" + bed + "/360Hz";
            List<Long> indices =
                    sink.chunks.stream()
                            .filter(chunk -> chunk.getStreamId().equals(streamId))
                            .map(SignalChunk::getFirstSampleIndex)
                            .toList();
            assertThat(indices)
                    .as("indices of %s", streamId)
                    .containsExactly(0L, 360L, 720L, 1080L, 1440L);
        }
        assertThat(listener.metrics().acceptedMessages())
                .isEqualTo(connections * messagesPerConnection);
        assertThat(listener.metrics().connectionsOpened()).isEqualTo(connections);
    }

    private static String bedSecond(int bed, int second) {
        long startMicros = START_MICROS + second * 1_000_000L;
        String time = OruMessageBuilder.dtm(startMicros, "-0500");
        return new OruMessageBuilder()
                .controlId("BED" + bed + "-" + second)
                .bed("CU1^^BED" + bed)
                .waveform(
                        ECG_I,
                        "mV",
                        TestRecords.MITDB_RATE_HZ,
                        time,
                        TestRecords.samples(0, second * 360, 360))
                .waveform(
                        "ECG_V5",
                        "mV",
                        TestRecords.MITDB_RATE_HZ,
                        time,
                        TestRecords.samples(1, second * 360, 360))
                .build();
    }

    private static String good(String controlId, String time) {
        return new OruMessageBuilder()
                .controlId(controlId)
                .waveform(ECG_I, "mV", 500, time, new float[] {0.1f, 0.2f})
                .build();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
