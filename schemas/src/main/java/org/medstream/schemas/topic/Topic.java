package org.medstream.schemas.topic;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.medstream.schemas.serde.AvroSerde;

/**
 * One Kafka topic: its name, key and value serdes, default partition count and topic configs. Keys
 * are stream ids, so one partition orders one stream.
 */
public record Topic<V extends SpecificRecord>(
        String name, Class<V> valueClass, int partitions, Map<String, String> configs) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueClass, "valueClass");
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "Topic " + name + " needs at least one partition, got " + partitions);
        }
        configs = Map.copyOf(configs);
    }

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    public AvroSerde<V> valueSerde() {
        return new AvroSerde<>(valueClass);
    }
}
