package org.medstream.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.serde.AvroCodec;
import org.medstream.stream.beat.SyntheticEcg;

class ChunkRecordDeserializerTest {
    private static DecodedChunk decode(byte[] value) throws Exception {
        ChunkRecordDeserializer deserializer = new ChunkRecordDeserializer();
        List<DecodedChunk> out = new ArrayList<>();
        deserializer.deserialize(
                new ConsumerRecord<>("medstream.signals.raw", 2, 41L, null, value),
                new Collector<>() {
                    @Override
                    public void collect(DecodedChunk record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void validChunkDecoded() throws Exception {
        SignalChunk chunk = SyntheticEcg.chunk("bed-1", new float[90], 0, 90);

        DecodedChunk decoded = decode(AvroCodec.of(SignalChunk.class).encode(chunk));

        assertThat(decoded.chunk).isEqualTo(chunk);
        assertThat(decoded.error).isNull();
    }

    @Test
    void garbageAndTombstoneBecomeUndecodable() throws Exception {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);

        DecodedChunk decoded = decode(garbage);
        DecodedChunk tombstone = decode(null);

        assertThat(decoded.chunk).isNull();
        assertThat(decoded.undecodableBytes).isEqualTo(garbage);
        assertThat(decoded.origin).isEqualTo("medstream.signals.raw-2@41");
        assertThat(decoded.error).startsWith("Not an Avro single-object message of SignalChunk");
        assertThat(tombstone.chunk).isNull();
        assertThat(tombstone.error).contains("null");
    }

    @Test
    @SuppressWarnings("try") // the harness's close() declares Exception, which the test rethrows
    void splitterSendsUndecodableToDeadLetters() throws Exception {
        DecodedChunk bad = decode("not avro".getBytes(StandardCharsets.UTF_8));
        DecodedChunk good =
                decode(
                        AvroCodec.of(SignalChunk.class)
                                .encode(SyntheticEcg.chunk("bed-1", new float[90], 0, 90)));

        try (var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new DecodedChunkSplitter()))) {
            harness.open();
            harness.processElement(bad, 0);
            harness.processElement(good, 0);

            assertThat(harness.extractOutputValues()).containsExactly(good.chunk);
            List<DeadLetter> deadLetters =
                    harness.getSideOutput(DecodedChunkSplitter.UNDECODABLE).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(deadLetters).hasSize(1);
            assertThat(deadLetters.get(0).getReasonCode()).isEqualTo(DeadLetterReason.UNDECODABLE);
            assertThat(deadLetters.get(0).getOriginalBytes().array())
                    .isEqualTo(bad.undecodableBytes);
            assertThat(deadLetters.get(0).getSource()).isEqualTo("medstream.signals.raw-2@41");
        }
    }
}
