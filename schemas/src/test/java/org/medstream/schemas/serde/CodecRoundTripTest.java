package org.medstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medstream.schemas.Beat;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.topic.Topic;
import org.medstream.schemas.topic.Topics;

class CodecRoundTripTest {
    static Stream<Arguments> records() {
        return Stream.of(
                Arguments.of("digital chunk", SampleRecords.digitalChunk()),
                Arguments.of("physical chunk", SampleRecords.physicalChunk()),
                Arguments.of("gated chunk", SampleRecords.gatedChunk()),
                Arguments.of("patient context", SampleRecords.patient()),
                Arguments.of("beat", SampleRecords.beat()),
                Arguments.of("wave segment", SampleRecords.waveSegment()),
                Arguments.of("breath", SampleRecords.breath()),
                Arguments.of("anomaly", SampleRecords.anomaly()),
                Arguments.of("alert", SampleRecords.alert()),
                Arguments.of("alert delivery", SampleRecords.alertDelivery()),
                Arguments.of("dead letter", SampleRecords.deadLetter()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    <T extends SpecificRecord> void kafkaSerdeRoundTrip(String name, T record) {
        @SuppressWarnings("unchecked")
        AvroSerde<T> serde = new AvroSerde<>((Class<T>) record.getClass());

        byte[] bytes = serde.serializer().serialize("topic", record);
        T decoded = serde.deserializer().deserialize("topic", bytes);

        assertThat(decoded).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    <T extends SpecificRecord> void flinkSchemaRoundTrip(String name, T record) throws Exception {
        @SuppressWarnings("unchecked")
        AvroFlinkSchema<T> schema =
                serializedCopy(new AvroFlinkSchema<>((Class<T>) record.getClass()));

        T decoded = schema.deserialize(schema.serialize(record));

        assertThat(decoded).isEqualTo(record);
        assertThat(schema.getProducedType().getTypeClass()).isEqualTo(record.getClass());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    <T extends SpecificRecord> void kafkaAndFlinkShareBytes(String name, T record) {
        @SuppressWarnings("unchecked")
        Class<T> recordClass = (Class<T>) record.getClass();

        byte[] fromKafka = new AvroSerde<>(recordClass).serialize("topic", record);
        byte[] fromFlink = new AvroFlinkSchema<>(recordClass).serialize(record);

        assertThat(fromFlink).isEqualTo(fromKafka);
    }

    @Test
    void sampleForEveryTopic() {
        for (Topic<?> topic : Topics.ALL) {
            assertThat(records().map(arguments -> arguments.get()[1]))
                    .as("sample record for %s", topic.name())
                    .anyMatch(record -> topic.valueClass().isInstance(record));
        }
    }

    @Test
    void digitalSamplesKeepIntegersAndInvalidMarker() {
        AvroSerde<SignalChunk> serde = Topics.SIGNALS_RAW.valueSerde();

        SignalChunk decoded =
                serde.deserialize("t", serde.serialize("t", SampleRecords.digitalChunk()));

        DigitalSamples samples = (DigitalSamples) decoded.getSamples();
        assertThat(samples.getValues())
                .containsExactly(995, 1011, 995, 1011, Integer.MIN_VALUE, 1010);
        assertThat(samples.getInvalidValue()).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void physicalSamplesKeepNaN() {
        AvroSerde<SignalChunk> serde = Topics.SIGNALS_RAW.valueSerde();

        SignalChunk decoded =
                serde.deserialize("t", serde.serialize("t", SampleRecords.physicalChunk()));

        assertThat(((PhysicalSamples) decoded.getSamples()).getValues().get(2)).isNaN();
    }

    @Test
    void olderWriterSchemaDecodesAfterRegistration() {
        Schema older = SchemaVariants.withoutField(Beat.getClassSchema(), "heartRateBpm");
        byte[] bytes = encodeGeneric(older, SampleRecords.beat());
        AvroCodec<Beat> codec = AvroCodec.of(Beat.class);

        codec.addWriterSchema(older);
        Beat decoded = codec.decode(bytes);

        assertThat(decoded.getHeartRateBpm()).isNull();
        assertThat(decoded.getSampleIndex()).isEqualTo(370);
        assertThat(decoded.getRrIntervalMillis()).isEqualTo(813.9);
    }

    @Test
    void olderWriterSchemaUnknownWithoutRegistration() {
        Schema older = SchemaVariants.withoutField(Beat.getClassSchema(), "heartRateBpm");
        byte[] bytes = encodeGeneric(older, SampleRecords.beat());
        AvroCodec<Beat> codec = AvroCodec.of(Beat.class);

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(AvroCodecException.class)
                .hasMessageStartingWith(
                        "Unknown writer schema for Beat (fingerprint not registered)");
    }

    @Test
    void garbageBytesRejected() {
        AvroSerde<Beat> serde = new AvroSerde<>(Beat.class);
        byte[] garbage = "not avro at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> serde.deserialize("topic", garbage))
                .isInstanceOf(AvroCodecException.class)
                .hasMessageStartingWith("Not an Avro single-object message of Beat");
    }

    @Test
    void truncatedMessageRejected() {
        AvroSerde<Beat> serde = new AvroSerde<>(Beat.class);
        byte[] bytes = serde.serialize("topic", SampleRecords.beat());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 20);

        assertThatThrownBy(() -> serde.deserialize("topic", truncated))
                .isInstanceOf(AvroCodecException.class)
                .hasMessageStartingWith(
                        "Failed to decode Beat from " + truncated.length + " bytes");
    }

    @Test
    void otherRecordTypeRejected() {
        byte[] alertBytes =
                new AvroSerde<>(org.medstream.schemas.Alert.class)
                        .serialize("t", SampleRecords.alert());

        assertThatThrownBy(() -> new AvroSerde<>(Beat.class).deserialize("t", alertBytes))
                .isInstanceOf(AvroCodecException.class)
                .hasMessageStartingWith("Unknown writer schema for Beat");
    }

    @Test
    void nullPassesThroughKafkaSerde() {
        AvroSerde<Beat> serde = new AvroSerde<>(Beat.class);

        assertThat(serde.serialize("topic", null)).isNull();
        assertThat(serde.deserialize("topic", null)).isNull();
    }

    /** Writes {@code beat} with another (older) schema, as an older producer would. */
    private static byte[] encodeGeneric(Schema writerSchema, Beat beat) {
        GenericRecord record = new GenericData.Record(writerSchema);
        for (Schema.Field field : writerSchema.getFields()) {
            Object value = beat.get(field.name());
            if (value instanceof java.time.Instant instant) {
                // The generic writer has no logical-type conversion; write micros as the wire does.
                value = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
            }
            record.put(field.name(), value);
        }
        try {
            ByteBuffer buffer =
                    new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writerSchema)
                            .encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            throw new AssertionError("Failed to encode with the older schema", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <S> S serializedCopy(S value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
            output.writeObject(value);
        }
        try (ObjectInputStream input =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (S) input.readObject();
        }
    }
}
