package org.medstream.stream.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.serde.AvroCodec;
import org.medstream.stream.beat.SyntheticEcg;
import org.medstream.stream.job.StreamIdSelector;

class ChunkValidationFunctionTest {
    private static final float[] LEAD = SyntheticEcg.lead(3600, 500, 900);

    private KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, SignalChunk> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new ChunkValidationFunction("test-topic", Duration.ofMinutes(5)),
                        new StreamIdSelector(),
                        Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static SignalChunk chunk(int first) {
        return SyntheticEcg.chunk("bed-1", LEAD, first, 90);
    }

    private List<DeadLetter> deadLetters() {
        var records = harness.getSideOutput(ChunkValidationFunction.DEAD_LETTERS);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private DeadLetter rejectAfterFirst(SignalChunk bad) throws Exception {
        harness.processElement(chunk(0), 0);
        harness.processElement(bad, 0);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(deadLetters()).hasSize(1);
        return deadLetters().get(0);
    }

    @Test
    void goodChunksAndGapsPass() throws Exception {
        harness.processElement(chunk(0), 0);
        harness.processElement(chunk(90), 0);
        harness.processElement(chunk(360), 0);

        assertThat(harness.extractOutputValues())
                .extracting(SignalChunk::getFirstSampleIndex)
                .containsExactly(0L, 90L, 360L);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void duplicateRejected() throws Exception {
        DeadLetter letter = rejectAfterFirst(chunk(0));

        assertThat(letter.getReasonCode()).isEqualTo(DeadLetterReason.DUPLICATE);
        assertThat(letter.getMessage())
                .isEqualTo("Stream bed-1: firstSampleIndex 0 repeats the previous chunk");
        assertThat(AvroCodec.of(SignalChunk.class).decode(letter.getOriginalBytes().array()))
                .isEqualTo(chunk(0));
    }

    @Test
    void overlappingChunkRejected() throws Exception {
        DeadLetter letter = rejectAfterFirst(chunk(45));

        assertThat(letter.getReasonCode()).isEqualTo(DeadLetterReason.OUT_OF_ORDER);
        assertThat(letter.getMessage())
                .isEqualTo("Stream bed-1: firstSampleIndex 45 is before the expected 90");
    }

    @Test
    void chunkBehindWatermarkPasses() throws Exception {
        harness.processElement(chunk(0), 0);
        // The watermark is far ahead of the stream, as when other streams on the partition are
        // ahead of it; the stream's next chunk is still in order for the stream itself.
        harness.processWatermark(SyntheticEcg.START.toEpochMilli() + 60_000);
        harness.processElement(chunk(90), 0);

        assertThat(harness.extractOutputValues())
                .extracting(SignalChunk::getFirstSampleIndex)
                .containsExactly(0L, 90L);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void chunkInBridgedGapIsLateData() throws Exception {
        harness.processElement(chunk(0), 0);
        harness.processElement(chunk(180), 0); // the gap [90, 180) is bridged downstream
        harness.processWatermark(SyntheticEcg.START.toEpochMilli() + 700);
        harness.processElement(chunk(90), 0);
        harness.processElement(chunk(270), 0);

        assertThat(harness.extractOutputValues())
                .extracting(SignalChunk::getFirstSampleIndex)
                .containsExactly(0L, 180L, 270L);
        assertThat(deadLetters()).hasSize(1);
        assertThat(deadLetters().get(0).getReasonCode()).isEqualTo(DeadLetterReason.LATE_DATA);
        long start = SyntheticEcg.START.toEpochMilli();
        assertThat(deadLetters().get(0).getMessage())
                .isEqualTo(
                        "Stream bed-1: chunk of samples [90, 180) arrived after the stream moved"
                                + " on to sample 270; its samples fall in the gap [90, 180) that"
                                + " was already bridged. Event time of its last frame "
                                + (start + 497)
                                + " ms, watermark "
                                + (start + 700)
                                + " ms");
    }

    @Test
    void chunkOverlappingGapAndSamplesIsOutOfOrder() throws Exception {
        harness.processElement(chunk(0), 0);
        harness.processElement(chunk(180), 0);
        harness.processElement(chunk(135), 0); // [135, 225) overlaps delivered [180, 270)

        assertThat(deadLetters()).hasSize(1);
        assertThat(deadLetters().get(0).getReasonCode()).isEqualTo(DeadLetterReason.OUT_OF_ORDER);
        assertThat(deadLetters().get(0).getMessage())
                .isEqualTo("Stream bed-1: firstSampleIndex 135 is before the expected 270");
    }

    @Test
    void samplingFrequencyChangeRejected() throws Exception {
        SignalChunk bad = chunk(90);
        bad.setSamplingFrequencyHz(250.0);
        DeadLetter letter = rejectAfterFirst(bad);

        assertThat(letter.getReasonCode()).isEqualTo(DeadLetterReason.INVALID_SAMPLING_FREQUENCY);
        assertThat(letter.getMessage())
                .isEqualTo(
                        "Stream bed-1: samplingFrequencyHz changed from 360.0 to 250.0 within the"
                                + " stream");
    }

    @Test
    void channelLayoutChangeRejected() throws Exception {
        SignalChunk bad = chunk(90);
        bad.setChannelNames(List.of("MLII", "Resp"));
        DeadLetter letter = rejectAfterFirst(bad);

        assertThat(letter.getReasonCode()).isEqualTo(DeadLetterReason.CHANNEL_MISMATCH);
    }

    @Test
    void nonPositiveSamplingFrequencyRejected() throws Exception {
        SignalChunk bad = chunk(0);
        bad.setSamplingFrequencyHz(0.0);
        harness.processElement(bad, 0);

        assertThat(deadLetters()).hasSize(1);
        assertThat(deadLetters().get(0).getReasonCode())
                .isEqualTo(DeadLetterReason.INVALID_SAMPLING_FREQUENCY);
        assertThat(deadLetters().get(0).getMessage())
                .isEqualTo(
                        "Stream bed-1: samplingFrequencyHz must be positive and finite, got 0.0");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.NEGATIVE_INFINITY, -360.0, Double.POSITIVE_INFINITY})
    void invalidSamplingFrequencyRejected(double samplingFrequencyHz) throws Exception {
        SignalChunk bad = chunk(0);
        bad.setSamplingFrequencyHz(samplingFrequencyHz);
        harness.processElement(bad, 0);
        harness.processElement(chunk(0), 0);

        assertThat(deadLetters()).hasSize(1);
        assertThat(deadLetters().get(0).getReasonCode())
                .isEqualTo(DeadLetterReason.INVALID_SAMPLING_FREQUENCY);
        assertThat(deadLetters().get(0).getMessage())
                .isEqualTo(
                        "Stream bed-1: samplingFrequencyHz must be positive and finite, got "
                                + samplingFrequencyHz);
        assertThat(harness.extractOutputValues()).as("good chunk after it").hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(doubles = {2.0, 49.9, 20_000.1, 21_600.0})
    void implausibleSamplingFrequencyRejected(double samplingFrequencyHz) throws Exception {
        SignalChunk bad = chunk(0);
        bad.setSamplingFrequencyHz(samplingFrequencyHz);
        harness.processElement(bad, 0);

        assertThat(deadLetters()).hasSize(1);
        assertThat(deadLetters().get(0).getReasonCode())
                .isEqualTo(DeadLetterReason.INVALID_SAMPLING_FREQUENCY);
        assertThat(deadLetters().get(0).getMessage())
                .isEqualTo(
                        "Stream bed-1: samplingFrequencyHz "
                                + samplingFrequencyHz
                                + " is implausible for a waveform (expected 50 to 20000 Hz); a"
                                + " trend series such as heart rate in bpm is not a waveform, and"
                                + " a rate in samples per minute must be converted to Hz");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @ParameterizedTest
    @ValueSource(doubles = {50.0, 128.0, 250.0, 360.0, 1000.0, 20_000.0})
    void plausibleSamplingFrequencyPasses(double samplingFrequencyHz) throws Exception {
        SignalChunk good = chunk(0);
        good.setSamplingFrequencyHz(samplingFrequencyHz);
        harness.processElement(good, 0);

        assertThat(deadLetters()).isEmpty();
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void sampleCountMismatchRejected() throws Exception {
        SignalChunk bad = chunk(0);
        bad.setFrameCount(91);
        harness.processElement(bad, 0);

        assertThat(deadLetters().get(0).getReasonCode())
                .isEqualTo(DeadLetterReason.SAMPLE_COUNT_MISMATCH);
        assertThat(deadLetters().get(0).getMessage())
                .isEqualTo(
                        "Stream bed-1: samples has 180 values, expected frameCount 91 x 2 channels"
                                + " = 182");
    }

    @Test
    void unitsCountMismatchRejected() throws Exception {
        SignalChunk bad = chunk(0);
        bad.setUnits(List.of("mV"));
        harness.processElement(bad, 0);

        assertThat(deadLetters().get(0).getReasonCode())
                .isEqualTo(DeadLetterReason.CHANNEL_MISMATCH);
    }

    @Test
    void gainCountMismatchRejected() throws Exception {
        SignalChunk bad = chunk(0);
        bad.setSamples(
                DigitalSamples.newBuilder()
                        .setAdcGain(List.of(200.0))
                        .setBaseline(List.of(0, 0))
                        .setValues(java.util.Collections.nCopies(180, 0))
                        .build());
        harness.processElement(bad, 0);

        assertThat(deadLetters().get(0).getReasonCode())
                .isEqualTo(DeadLetterReason.CHANNEL_MISMATCH);
        assertThat(deadLetters().get(0).getMessage())
                .isEqualTo("Stream bed-1: adcGain has 1 entries for 2 channels");
    }

    @Test
    void negativeFirstSampleIndexRejected() throws Exception {
        SignalChunk bad = chunk(0);
        bad.setFirstSampleIndex(-5L);
        harness.processElement(bad, 0);

        assertThat(deadLetters().get(0).getReasonCode())
                .isEqualTo(DeadLetterReason.INVALID_TIMESTAMP);
    }

    @Test
    void inactiveStreamStateDropped() throws Exception {
        harness.setProcessingTime(0);
        harness.processElement(chunk(0), 0);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.setProcessingTime(Duration.ofMinutes(5).toMillis());

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }
}
