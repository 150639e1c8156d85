package org.medstream.schemas.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink serialization and deserialization schema for one Avro record type, in single-object
 * encoding, so Flink jobs read and write the same bytes as the Kafka clients.
 */
public final class AvroFlinkSchema<T extends SpecificRecord>
        implements SerializationSchema<T>, DeserializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final AvroCodec<T> codec;

    public AvroFlinkSchema(Class<T> recordClass) {
        this.codec = AvroCodec.of(recordClass);
    }

    @Override
    public byte[] serialize(T element) {
        return codec.encode(element);
    }

    @Override
    public T deserialize(byte[] message) {
        return codec.decode(message);
    }

    @Override
    public boolean isEndOfStream(T nextElement) {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(codec.recordClass());
    }
}
