package org.medstream.ingest.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.serde.AvroCodec;

/**
 * Bad chunks (BAD-INPUTS rows 20, 25, 26, 28 and malformed layouts) become dead letters with a
 * reason and a message naming the stream, field and value, while good chunks of the same stream
 * keep flowing.
 */
class GateValidationTest {
    static Stream<Arguments> badChunks() {
        return Stream.of(
                bad(
                        "no sampling frequency",
                        c -> c.setSamplingFrequencyHz(0),
                        DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                        "samplingFrequencyHz must be positive and finite, got 0.0"),
                bad(
                        "heart-rate series at 2 Hz",
                        c -> c.setSamplingFrequencyHz(2),
                        DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                        "samplingFrequencyHz 2.0 is implausible"),
                bad(
                        "BPM values as a waveform",
                        c -> c.setUnits(List.of("bpm", "mV")),
                        DeadLetterReason.INVALID_UNITS,
                        "units of channel MLII is 'bpm', a rate"),
                bad(
                        "empty unit",
                        c -> c.setUnits(List.of("mV", " ")),
                        DeadLetterReason.INVALID_UNITS,
                        "units of channel V5 is empty"),
                bad(
                        "ADC gain 1000 times too small",
                        c -> c.setSamples(withGain((DigitalSamples) c.getSamples(), 0.2)),
                        DeadLetterReason.IMPLAUSIBLE_AMPLITUDE,
                        "channel MLII spans"),
                bad(
                        "values short of frames times channels",
                        c -> c.setFrameCount(c.getFrameCount() + 1),
                        DeadLetterReason.SAMPLE_COUNT_MISMATCH,
                        "expected frameCount 91 x 2 channels"),
                bad(
                        "negative sample index",
                        c -> c.setFirstSampleIndex(-90),
                        DeadLetterReason.INVALID_TIMESTAMP,
                        "firstSampleIndex must not be negative, got -90"),
                bad(
                        "no stream id",
                        c -> c.setStreamId(""),
                        DeadLetterReason.MISSING_FIELD,
                        "Chunk has no streamId"));
    }

    private static Arguments bad(
            String name,
            UnaryOperator<SignalChunk.Builder> change,
            DeadLetterReason reason,
            String message) {
        return Arguments.of(name, change, reason, message);
    }

    private static DigitalSamples withGain(DigitalSamples samples, double gain) {
        return DigitalSamples.newBuilder(samples).setAdcGain(List.of(gain, gain)).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badChunks")
    void badChunkIsDeadLetteredAndTheStreamGoesOn(
            String name,
            UnaryOperator<SignalChunk.Builder> change,
            DeadLetterReason reason,
            String message)
            throws Exception {
        List<SignalChunk> chunks = GateDriver.chunks("mitdb/100", "bed-1", 2);
        SignalChunk broken = change.apply(SignalChunk.newBuilder(chunks.get(1))).build();
        List<SignalChunk> input = new ArrayList<>(chunks);
        input.add(2, broken);
        try (GateDriver gate = new GateDriver()) {
            gate.sendAll(input);

            DeadLetter deadLetter = gate.deadLetters.readValue();
            assertThat(deadLetter.getReasonCode()).isEqualTo(reason);
            assertThat(deadLetter.getMessage()).contains(message);
            assertThat(
                            AvroCodec.of(SignalChunk.class)
                                    .decode(deadLetter.getOriginalBytes().array()))
                    .isEqualTo(broken);
            assertThat(gate.clean.readValuesToList()).hasSize(chunks.size());
            assertThat(gate.counts().balanced()).isTrue();
        }
    }

    @Test
    void layoutChangesWithinAStreamAreRejected() throws Exception {
        List<SignalChunk> chunks = GateDriver.chunks("mitdb/100", "bed-1", 1);
        try (GateDriver gate = new GateDriver()) {
            gate.send(chunks.get(0));
            gate.send(
                    SignalChunk.newBuilder(chunks.get(1))
                            .setChannelNames(List.of("II", "V5"))
                            .build());
            gate.send(SignalChunk.newBuilder(chunks.get(1)).setUnits(List.of("uV", "uV")).build());
            gate.send(SignalChunk.newBuilder(chunks.get(1)).setSamplingFrequencyHz(250).build());
            gate.send(
                    SignalChunk.newBuilder(chunks.get(1))
                            .setStreamStartMicros(GateDriver.START.plusSeconds(3600))
                            .build());

            assertThat(gate.deadLetters.readValuesToList())
                    .extracting(DeadLetter::getReasonCode)
                    .containsExactly(
                            DeadLetterReason.CHANNEL_MISMATCH,
                            DeadLetterReason.INVALID_UNITS,
                            DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                            DeadLetterReason.INVALID_TIMESTAMP);
        }
    }

    @Test
    void undecodableBytesAreDeadLetteredWithTheirOffset() {
        byte[] garbage = {1, 2, 3, 4, 5};
        try (GateDriver gate = new GateDriver()) {
            gate.raw.pipeInput("bed-9", garbage);

            DeadLetter deadLetter = gate.deadLetters.readValue();
            assertThat(deadLetter.getReasonCode()).isEqualTo(DeadLetterReason.UNDECODABLE);
            assertThat(deadLetter.getMessage())
                    .contains("medstream.signals.raw partition 0 offset 0", "bed-9");
            assertThat(deadLetter.getOriginalBytes().array()).isEqualTo(garbage);
            assertThat(gate.counts().deadLettersByReason())
                    .containsEntry(DeadLetterReason.UNDECODABLE, 1L);
        }
    }

    @Test
    void physicalSamplesInMillivoltsAreCheckedForAmplitudeToo() throws Exception {
        SignalChunk chunk = GateDriver.chunks("mitdb/100", "bed-1", 1).get(0);
        List<Float> values = new ArrayList<>();
        for (Integer value : ((DigitalSamples) chunk.getSamples()).getValues()) {
            values.add((float) (value - 1024) * 5f);
        }
        SignalChunk physical =
                SignalChunk.newBuilder(chunk)
                        .setSamples(PhysicalSamples.newBuilder().setValues(values).build())
                        .build();
        try (GateDriver gate = new GateDriver()) {
            gate.send(physical);

            assertThat(gate.deadLetters.readValue().getReasonCode())
                    .isEqualTo(DeadLetterReason.IMPLAUSIBLE_AMPLITUDE);
        }
    }
}
