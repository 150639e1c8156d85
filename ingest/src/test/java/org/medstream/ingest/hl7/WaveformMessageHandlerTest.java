package org.medstream.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;

class WaveformMessageHandlerTest {
    /** 2024-03-12T07:30:00Z, sent as 08:30 at +0100. */
    private static final long START_MICROS =
            Instant.parse("2024-03-12T07:30:00Z").toEpochMilli() * 1000;

    private static final String ECG_I = "131329^MDC_ECG_ELEC_POTL_I^MDC";
    private static final String ECG_II = "131330^MDC_ECG_ELEC_POTL_II^MDC";

    private final MemorySink sink = new MemorySink();
    private final ListenerMetrics metrics = new ListenerMetrics();
    private final WaveformMessageHandler handler =
            new WaveformMessageHandler(MllpListenerOptions.builder().build(), sink, metrics);

    @Test
    void mitdbSecondBecomesOneChunk() {
        float[] lead0 = TestRecords.samples(0, 0, 360);
        float[] lead1 = TestRecords.samples(1, 0, 360);

        Acks ack = send(secondOfMitdb(0, "MSG1"));

        assertThat(ack.code()).isEqualTo("AA");
        assertThat(ack.controlId()).isEqualTo("MSG1");
        assertThat(sink.chunks).hasSize(1);
        SignalChunk chunk = sink.chunks.get(0);
        assertThat(chunk.getStreamId()).isEqualTo("ICU-GW1/CU1-BED12/360Hz");
        assertThat(chunk.getSource()).isEqualTo("hl7:MONITOR-GW@ICU-GW1");
        assertThat(chunk.getChannelNames())
                .containsExactly("MDC_ECG_ELEC_POTL_I", "MDC_ECG_ELEC_POTL_II");
        assertThat(chunk.getUnits()).containsExactly("mV", "mV");
        assertThat(chunk.getSamplingFrequencyHz()).isEqualTo(360.0);
        assertThat(chunk.getStreamStartMicros()).isEqualTo(Instant.parse("2024-03-12T07:30:00Z"));
        assertThat(chunk.getFirstSampleIndex()).isZero();
        assertThat(chunk.getFrameCount()).isEqualTo(360);
        List<Float> values = ((PhysicalSamples) chunk.getSamples()).getValues();
        assertThat(values).hasSize(720);
        for (int i = 0; i < 360; i++) {
            assertThat(values.get(2 * i)).as("lead 0 sample %d", i).isEqualTo(lead0[i]);
            assertThat(values.get(2 * i + 1)).as("lead 1 sample %d", i).isEqualTo(lead1[i]);
        }
        assertThat(metrics.acceptedMessages()).isEqualTo(1);
    }

    /**
     * MSH-7 carries 2024-03-12 07:30 UTC, so the sender's clock offset is that time minus now,
     * while the stream start stays on the sender's clock.
     */
    @Test
    void senderClockOffsetIsStoredNotApplied() {
        long before = Instant.now().toEpochMilli() * 1000;
        send(secondOfMitdb(0, "MSG1"));
        long after = Instant.now().toEpochMilli() * 1000;

        SignalChunk chunk = sink.chunks.get(0);
        assertThat(chunk.getClockOffsetMicros())
                .isBetween(START_MICROS - after - 1000, START_MICROS - before + 1000);
        assertThat(chunk.getStreamStartMicros()).isEqualTo(Instant.parse("2024-03-12T07:30:00Z"));
    }

    @Test
    void consecutiveMessagesContinueIndices() {
        for (int second = 0; second < 3; second++) {
            assertThat(send(secondOfMitdb(second, "MSG" + second)).code()).isEqualTo("AA");
        }

        assertThat(sink.chunks)
                .extracting(SignalChunk::getFirstSampleIndex)
                .containsExactly(0L, 360L, 720L);
        assertThat(sink.chunks)
                .extracting(SignalChunk::getStreamStartMicros)
                .containsOnly(Instant.parse("2024-03-12T07:30:00Z"));
        List<Float> third = ((PhysicalSamples) sink.chunks.get(2).getSamples()).getValues();
        assertThat(third.get(0)).isEqualTo(TestRecords.samples(0, 720, 1)[0]);
    }

    @Test
    void timestampJitterKeepsIndicesConsecutive() {
        send(secondAt(START_MICROS, "A"));
        // 1.3 ms late, less than half of the 2.78 ms sample period.
        send(secondAt(START_MICROS + 1_001_300, "B"));

        assertThat(sink.chunks)
                .extracting(SignalChunk::getFirstSampleIndex)
                .containsExactly(0L, 360L);
    }

    @Test
    void lostMessageLeavesGap() {
        send(secondAt(START_MICROS, "A"));
        send(secondAt(START_MICROS + 2_000_000, "C"));

        assertThat(sink.chunks)
                .extracting(SignalChunk::getFirstSampleIndex)
                .containsExactly(0L, 720L);
    }

    @Test
    void earlierThanStreamStartRejected() {
        send(secondAt(START_MICROS, "A"));

        Acks ack = send(secondAt(START_MICROS - 5_000_000, "B"));

        assertThat(ack.code()).isEqualTo("AE");
        assertThat(lastDeadLetter().getReasonCode()).isEqualTo(DeadLetterReason.OUT_OF_ORDER);
    }

    @Test
    void twoObrGroupsBecomeConsecutiveChunks() {
        String message =
                new OruMessageBuilder()
                        .period(dtm(START_MICROS), "")
                        .raw("NA", ECG_I, "", "1^2^3^4", "mV", "")
                        .raw("NM", "MDC_ATTR_SAMP_RATE", "", "500", "Hz", "")
                        .segment(
                                "OBR|2|||182777000^monitoring of patient^SCT|||"
                                        + dtm(START_MICROS + 8000))
                        .raw("NA", ECG_I, "", "5^6^7^8", "mV", "")
                        .raw("NM", "MDC_ATTR_SAMP_RATE", "", "500", "Hz", "")
                        .build();

        assertThat(send(message).code()).isEqualTo("AA");

        assertThat(sink.chunks)
                .extracting(SignalChunk::getFirstSampleIndex)
                .containsExactly(0L, 4L);
        assertThat(sink.chunks)
                .extracting(SignalChunk::getStreamStartMicros)
                .containsOnly(Instant.ofEpochSecond(0, START_MICROS * 1000));
    }

    @Test
    void differentRatesBecomeTwoStreams() {
        String message =
                new OruMessageBuilder()
                        .waveform(ECG_I, "mV", 500, dtm(START_MICROS), new float[] {1, 2, 3, 4})
                        .waveform(
                                "150452^MDC_PULS_OXIM_PLETH^MDC",
                                "%",
                                125,
                                dtm(START_MICROS),
                                new float[] {50})
                        .build();

        assertThat(send(message).code()).isEqualTo("AA");

        assertThat(sink.chunks)
                .extracting(SignalChunk::getStreamId)
                .containsExactly("ICU-GW1/CU1-BED12/500Hz", "ICU-GW1/CU1-BED12/125Hz");
        assertThat(sink.chunks.get(1).getUnits()).containsExactly("%");
    }

    @Test
    void ratePrecedingWaveformsAppliesToGroup() {
        String message =
                new OruMessageBuilder()
                        .period(dtm(START_MICROS), "")
                        .raw("NM", "MDC_ATTR_SAMP_RATE", "", "250", "/s", "")
                        .raw("NA", ECG_I, "", "0.1^0.2", "uV^^UCUM", "")
                        .raw("NA", ECG_II, "", "0.3^", "MDC_DIM_MICRO_VOLT", "")
                        .build();

        assertThat(send(message).code()).isEqualTo("AA");

        SignalChunk chunk = sink.chunks.get(0);
        assertThat(chunk.getSamplingFrequencyHz()).isEqualTo(250.0);
        assertThat(chunk.getUnits()).containsExactly("uV", "uV");
        assertThat(chunk.getStreamStartMicros())
                .isEqualTo(Instant.ofEpochSecond(0, START_MICROS * 1000));
        List<Float> values = ((PhysicalSamples) chunk.getSamples()).getValues();
        assertThat(values).containsExactly(0.1f, 0.3f, 0.2f, Float.NaN);
    }

    @Test
    void samplePeriodGivesRate() {
        String message =
                new OruMessageBuilder()
                        .raw("NA", ECG_I, "1.1.1.1", "1^2^3", "mV", dtm(START_MICROS))
                        .raw("NM", "MDC_ATTR_TIME_PD_SAMP", "1.1.1.1.2", "2", "ms", "")
                        .build();

        assertThat(send(message).code()).isEqualTo("AA");

        assertThat(sink.chunks.get(0).getSamplingFrequencyHz()).isEqualTo(500.0);
    }

    @Test
    void numericRepetitionsWithRateAreWaveform() {
        String message =
                new OruMessageBuilder()
                        .raw(
                                "NM",
                                "147842^MDC_ECG_HEART_RATE^MDC",
                                "",
                                "72",
                                "/min",
                                dtm(START_MICROS))
                        .raw("NM", "ECG_II", "", "0.5~0.6~0.7", "mV", dtm(START_MICROS))
                        .raw("NM", "MDC_ATTR_SAMP_RATE", "", "500", "Hz", "")
                        .build();

        assertThat(send(message).code()).isEqualTo("AA");

        SignalChunk chunk = sink.chunks.get(0);
        assertThat(chunk.getChannelNames()).containsExactly("ECG_II");
        assertThat(((PhysicalSamples) chunk.getSamples()).getValues())
                .containsExactly(0.5f, 0.6f, 0.7f);
    }

    @Test
    void missingRateRejected() {
        String message =
                new OruMessageBuilder()
                        .raw("NA", ECG_I, "1.1.1.1", "1^2", "mV", dtm(START_MICROS))
                        .build();

        Acks ack = send(message);

        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.reason())
                .contains("Missing sampling rate for waveform MDC_ECG_ELEC_POTL_I in OBX[1]-3");
        assertThat(lastDeadLetter().getReasonCode())
                .isEqualTo(DeadLetterReason.INVALID_SAMPLING_FREQUENCY);
    }

    @Test
    void mismatchedCountsRejected() {
        String message =
                new OruMessageBuilder()
                        .waveform(ECG_I, "mV", 500, dtm(START_MICROS), new float[] {1, 2, 3})
                        .waveform(ECG_II, "mV", 500, dtm(START_MICROS), new float[] {1, 2})
                        .build();

        Acks ack = send(message);

        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.reason())
                .contains(
                        "Channel MDC_ECG_ELEC_POTL_II in OBX[3] has 2 samples but channel MDC_ECG_ELEC_POTL_I in OBX[1] has 3");
        assertThat(lastDeadLetter().getReasonCode())
                .isEqualTo(DeadLetterReason.SAMPLE_COUNT_MISMATCH);
    }

    @Test
    void nonNumericSampleRejected() {
        String message =
                new OruMessageBuilder()
                        .raw("NA", ECG_I, "1.1.1.1", "0.1^0.2^x7^0.4", "mV", dtm(START_MICROS))
                        .raw("NM", "MDC_ATTR_SAMP_RATE", "1.1.1.1.1", "500", "Hz", "")
                        .build();

        Acks ack = send(message);

        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.reason()).contains("Non-numeric sample 'x7' at position 3 of OBX[1]-5");
        assertThat(ack.errorCode()).isEqualTo("102");
        assertThat(lastDeadLetter().getReasonCode()).isEqualTo(DeadLetterReason.UNDECODABLE);
    }

    @Test
    void exponentNotationRejected() {
        String message =
                new OruMessageBuilder()
                        .raw("NA", ECG_I, "1.1.1.1", "1^1e-3", "mV", dtm(START_MICROS))
                        .raw("NM", "MDC_ATTR_SAMP_RATE", "1.1.1.1.1", "500", "Hz", "")
                        .build();

        assertThat(send(message).code()).isEqualTo("AE");
        assertThat(lastDeadLetter().getMessage()).contains("Non-numeric sample '1e-3'");
    }

    @Test
    void unknownUnitRejected() {
        String message =
                new OruMessageBuilder()
                        .waveform(ECG_I, "furlong", 500, dtm(START_MICROS), new float[] {1, 2})
                        .build();

        Acks ack = send(message);

        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.reason()).contains("Unknown unit 'furlong' in OBX[1]-6");
        assertThat(ack.errorCode()).isEqualTo("103");
        assertThat(lastDeadLetter().getReasonCode()).isEqualTo(DeadLetterReason.INVALID_UNITS);
    }

    @Test
    void heartRateUnitAsWaveformRejected() {
        String message =
                new OruMessageBuilder()
                        .waveform("HR", "{beats}/min", 2, dtm(START_MICROS), new float[] {72, 73})
                        .build();

        Acks ack = send(message);

        assertThat(ack.code()).isEqualTo("AE");
        assertThat(lastDeadLetter().getReasonCode())
                .isIn(DeadLetterReason.INVALID_UNITS, DeadLetterReason.INVALID_SAMPLING_FREQUENCY);
    }

    @Test
    void implausibleRateRejected() {
        String message =
                new OruMessageBuilder()
                        .waveform(ECG_I, "mV", 2, dtm(START_MICROS), new float[] {1, 2})
                        .build();

        Acks ack = send(message);

        assertThat(ack.reason()).contains("Implausible sampling rate 2.0 Hz from '2' in OBX[2]-5");
        assertThat(lastDeadLetter().getReasonCode())
                .isEqualTo(DeadLetterReason.INVALID_SAMPLING_FREQUENCY);
    }

    @Test
    void endTimeDisagreeingWithRateRejected() {
        // 360 samples declared at 720 Hz last 0.5 s, but OBR-7 to OBR-8 spans 1 s.
        String message =
                new OruMessageBuilder()
                        .period(dtm(START_MICROS), dtm(START_MICROS + 1_000_000))
                        .waveform(ECG_I, "mV", 720, "", TestRecords.samples(0, 0, 360))
                        .build();

        Acks ack = send(message);

        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.reason()).contains("check the sampling rate");
        assertThat(lastDeadLetter().getReasonCode())
                .isEqualTo(DeadLetterReason.INVALID_SAMPLING_FREQUENCY);
    }

    @Test
    void endTimeMatchingRateAccepted() {
        String message =
                new OruMessageBuilder()
                        .period(dtm(START_MICROS), dtm(START_MICROS + 1_000_000))
                        .waveform(ECG_I, "mV", 360, "", TestRecords.samples(0, 0, 360))
                        .build();

        assertThat(send(message).code()).isEqualTo("AA");
    }

    @Test
    void zonelessTimeRejected() {
        String message =
                new OruMessageBuilder()
                        .waveform(ECG_I, "mV", 500, "20240312083000.0000", new float[] {1, 2})
                        .build();

        Acks ack = send(message);

        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.reason())
                .contains("Timestamp '20240312083000.0000' in OBX[1]-14 has no UTC offset");
        assertThat(lastDeadLetter().getReasonCode()).isEqualTo(DeadLetterReason.INVALID_TIMESTAMP);
    }

    @Test
    void zonelessTimeUsesConfiguredZone() {
        WaveformMessageHandler zoned =
                new WaveformMessageHandler(
                        MllpListenerOptions.builder()
                                .optDefaultZone(ZoneId.of("Europe/Berlin"))
                                .build(),
                        sink,
                        metrics);
        String message =
                new OruMessageBuilder()
                        .waveform(ECG_I, "mV", 500, "20240312083000", new float[] {1, 2})
                        .build();

        byte[] reply = zoned.handle(message.getBytes(StandardCharsets.UTF_8), "test");

        assertThat(Acks.parse(reply).code()).isEqualTo("AA");
        assertThat(sink.chunks.get(0).getStreamStartMicros())
                .isEqualTo(Instant.parse("2024-03-12T07:30:00Z"));
    }

    @Test
    void missingTimeRejected() {
        String message =
                new OruMessageBuilder().waveform(ECG_I, "mV", 500, "", new float[] {1, 2}).build();

        Acks ack = send(message);

        assertThat(ack.reason()).contains("both OBX[1]-14 and OBR[1]-7 are empty");
        assertThat(lastDeadLetter().getReasonCode()).isEqualTo(DeadLetterReason.MISSING_FIELD);
    }

    @Test
    void patientIdUsedWithoutBed() {
        String message =
                new OruMessageBuilder()
                        .bed("")
                        .waveform(ECG_I, "mV", 500, dtm(START_MICROS), new float[] {1})
                        .build();

        send(message);

        assertThat(sink.chunks.get(0).getStreamId()).isEqualTo("ICU-GW1/PAT-100/500Hz");
    }

    @Test
    void numericsOnlyMessageRejected() {
        String message =
                new OruMessageBuilder()
                        .raw(
                                "NM",
                                "147842^MDC_ECG_HEART_RATE^MDC",
                                "",
                                "72",
                                "/min",
                                dtm(START_MICROS))
                        .build();

        Acks ack = send(message);

        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.reason()).contains("contains no waveform OBX");
    }

    @Test
    void otherMessageTypeRejected() {
        String message =
                "MSH|^~\\&|ADT|ICU-GW1|MEDSTREAM|HOSPITAL|20240312083000+0100||ADT^A01^ADT_A01|X9|P|2.6\r"
                        + "EVN|A01|20240312083000+0100\r"
                        + "PID|||PAT-100^^^HOSP^MR\r";

        Acks ack = send(message);

        assertThat(ack.code()).isEqualTo("AR");
        assertThat(ack.controlId()).isEqualTo("X9");
        assertThat(ack.errorCode()).isEqualTo("200");
        assertThat(ack.reason()).contains("Unsupported message type");
    }

    @Test
    void invalidSegmentNameRejected() {
        String message =
                new OruMessageBuilder()
                        .waveform(ECG_I, "mV", 500, dtm(START_MICROS), new float[] {1})
                        .segment("ob|1|NA")
                        .build();

        Acks ack = send(message);

        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.reason()).contains("Invalid segment 7 'ob|1|NA'");
        assertThat(lastDeadLetter().getReasonCode()).isEqualTo(DeadLetterReason.UNDECODABLE);
    }

    @Test
    void sinkFailureRejectedForResend() {
        sink.failChunks = true;

        Acks ack = send(secondOfMitdb(0, "MSG1"));

        assertThat(ack.code()).isEqualTo("AR");
        assertThat(ack.reason()).contains("resend the message later");
        assertThat(lastDeadLetter().getReasonCode()).isEqualTo(DeadLetterReason.DELIVERY_FAILED);
    }

    @Test
    void deadLetterKeepsOriginalBytes() {
        String message =
                new OruMessageBuilder()
                        .waveform(ECG_I, "furlong", 500, dtm(START_MICROS), new float[] {1})
                        .build();

        send(message);

        DeadLetter deadLetter = lastDeadLetter();
        byte[] original = new byte[deadLetter.getOriginalBytes().remaining()];
        deadLetter.getOriginalBytes().duplicate().get(original);
        assertThat(new String(original, StandardCharsets.UTF_8)).isEqualTo(message);
        assertThat(deadLetter.getSource()).isEqualTo("mllp:test");
        assertThat(metrics.rejectedMessages(DeadLetterReason.INVALID_UNITS)).isEqualTo(1);
    }

    private Acks send(String message) {
        return Acks.parse(handler.handle(message.getBytes(StandardCharsets.UTF_8), "test"));
    }

    private DeadLetter lastDeadLetter() {
        assertThat(sink.deadLetters).isNotEmpty();
        return sink.deadLetters.get(sink.deadLetters.size() - 1);
    }

    /** Returns second {@code second} of both mitdb 100 leads as one message. */
    static String secondOfMitdb(int second, String controlId) {
        long startMicros = START_MICROS + second * 1_000_000L;
        return new OruMessageBuilder()
                .controlId(controlId)
                .period(dtm(startMicros), dtm(startMicros + 1_000_000))
                .waveform(
                        ECG_I,
                        "mV",
                        TestRecords.MITDB_RATE_HZ,
                        dtm(startMicros),
                        TestRecords.samples(0, second * 360, 360))
                .waveform(
                        ECG_II,
                        "mV^^UCUM",
                        TestRecords.MITDB_RATE_HZ,
                        dtm(startMicros),
                        TestRecords.samples(1, second * 360, 360))
                .build();
    }

    private static String secondAt(long startMicros, String controlId) {
        return new OruMessageBuilder()
                .controlId(controlId)
                .waveform(
                        ECG_I,
                        "mV",
                        TestRecords.MITDB_RATE_HZ,
                        dtm(startMicros),
                        TestRecords.samples(0, 0, 360))
                .build();
    }

    private static String dtm(long epochMicros) {
        return OruMessageBuilder.dtm(epochMicros, "+0100");
    }
}
