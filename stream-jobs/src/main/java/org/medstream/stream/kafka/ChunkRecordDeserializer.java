package org.medstream.stream.kafka;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.serde.AvroCodec;
import org.medstream.schemas.serde.AvroCodecException;

/**
 * Decodes Kafka record values as single-object Avro {@link SignalChunk}s and never throws: a value
 * that does not decode (or is null) becomes a {@link DecodedChunk} with its bytes and the error,
 * which the job turns into an {@code UNDECODABLE} dead letter.
 */
public final class ChunkRecordDeserializer
        implements KafkaRecordDeserializationSchema<DecodedChunk> {
    private static final long serialVersionUID = 1L;

    private transient AvroCodec<SignalChunk> codec;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = AvroCodec.of(SignalChunk.class);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedChunk> out) {
        if (codec == null) {
            codec = AvroCodec.of(SignalChunk.class);
        }
        DecodedChunk decoded = new DecodedChunk();
        decoded.origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        byte[] value = record.value();
        if (value == null) {
            decoded.undecodableBytes = new byte[0];
            decoded.error = "Record value is null (tombstone); expected a SignalChunk";
        } else {
            try {
                decoded.chunk = codec.decode(value);
            } catch (AvroCodecException e) {
                decoded.undecodableBytes = value;
                decoded.error = e.getMessage();
            }
        }
        out.collect(decoded);
    }

    @Override
    public TypeInformation<DecodedChunk> getProducedType() {
        return TypeInformation.of(DecodedChunk.class);
    }
}
