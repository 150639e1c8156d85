package org.medstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medstream.schemas.serde.SchemaVariants.withEnumSymbol;
import static org.medstream.schemas.serde.SchemaVariants.withField;
import static org.medstream.schemas.serde.SchemaVariants.withFieldType;
import static org.medstream.schemas.serde.SchemaVariants.withUnionBranch;
import static org.medstream.schemas.serde.SchemaVariants.withoutField;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.topic.Topic;
import org.medstream.schemas.topic.Topics;

/**
 * Which schema changes keep old and new code able to read each other's messages, for the value
 * schema of every topic. Each row is (reader schema, writer schema, expected result): the reader is
 * the code that decodes, the writer is the code that produced the bytes.
 */
class SchemaCompatibilityTest {
    private static final SchemaCompatibilityType COMPATIBLE = SchemaCompatibilityType.COMPATIBLE;
    private static final SchemaCompatibilityType INCOMPATIBLE =
            SchemaCompatibilityType.INCOMPATIBLE;

    private static final Schema STRING = Schema.create(Schema.Type.STRING);
    private static final Schema INT = Schema.create(Schema.Type.INT);
    private static final Schema OPTIONAL_STRING =
            Schema.createUnion(Schema.create(Schema.Type.NULL), STRING);

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Schema current : valueSchemas()) {
            String name = current.getName();
            String requiredString = firstRequiredStringField(current);

            cases.add(row(name + ": current reads current", current, current, COMPATIBLE));
            cases.add(
                    row(
                            name + ": reader adds field with default",
                            withField(current, "ward", OPTIONAL_STRING, JsonProperties.NULL_VALUE),
                            current,
                            COMPATIBLE));
            cases.add(
                    row(
                            name + ": reader adds field without default",
                            withField(current, "ward", STRING, null),
                            current,
                            INCOMPATIBLE));
            cases.add(
                    row(
                            name + ": old reader reads writer with an added field",
                            current,
                            withField(current, "ward", OPTIONAL_STRING, JsonProperties.NULL_VALUE),
                            COMPATIBLE));
            cases.add(
                    row(
                            name + ": writer removes field without default " + requiredString,
                            current,
                            withoutField(current, requiredString),
                            INCOMPATIBLE));
            cases.add(
                    row(
                            name + ": reader drops field " + requiredString,
                            withoutField(current, requiredString),
                            current,
                            COMPATIBLE));
            cases.add(
                    row(
                            name + ": field " + requiredString + " changes string to int",
                            withFieldType(current, requiredString, INT),
                            current,
                            INCOMPATIBLE));
        }

        Schema beat = schemaOf(org.medstream.schemas.Beat.class);
        cases.add(
                row(
                        "Beat: writer removes field with default rrIntervalMillis",
                        beat,
                        withoutField(beat, "rrIntervalMillis"),
                        COMPATIBLE));
        cases.add(
                row(
                        "Beat: long sampleIndex read from an int writer (promotion)",
                        beat,
                        withFieldType(beat, "sampleIndex", INT),
                        COMPATIBLE));
        cases.add(
                row(
                        "Beat: int reader of a long writer (narrowing)",
                        withFieldType(beat, "sampleIndex", INT),
                        beat,
                        INCOMPATIBLE));

        Schema alert = schemaOf(Alert.class);
        cases.add(
                row(
                        "Alert: writer adds an AlertType symbol (enum has default OTHER)",
                        alert,
                        withEnumSymbol(alert, "type", "VENTRICULAR_FIBRILLATION"),
                        COMPATIBLE));
        cases.add(
                row(
                        "Alert: writer adds an AlertPriority symbol (enum has no default)",
                        alert,
                        withEnumSymbol(alert, "priority", "INFO"),
                        INCOMPATIBLE));
        cases.add(
                row(
                        "Alert: reader adds an AlertPriority symbol",
                        withEnumSymbol(alert, "priority", "INFO"),
                        alert,
                        COMPATIBLE));
        cases.add(
                row(
                        "Alert: reader with phase and sequence reads a writer without them",
                        alert,
                        withoutField(withoutField(alert, "phase"), "sequence"),
                        COMPATIBLE));
        cases.add(
                row(
                        "Alert: writer adds an AlertPhase symbol (enum has default START)",
                        alert,
                        withEnumSymbol(alert, "phase", "ACKNOWLEDGE"),
                        COMPATIBLE));
        Schema alertDelivery = schemaOf(AlertDelivery.class);
        cases.add(
                row(
                        "AlertDelivery: reader with phase, sequence and key reads an older writer",
                        alertDelivery,
                        withoutField(
                                withoutField(withoutField(alertDelivery, "phase"), "sequence"),
                                "idempotencyKey"),
                        COMPATIBLE));

        Schema deadLetter = schemaOf(DeadLetter.class);
        cases.add(
                row(
                        "DeadLetter: writer adds a reason symbol (enum has default OTHER)",
                        deadLetter,
                        withEnumSymbol(deadLetter, "reasonCode", "UNKNOWN_STREAM"),
                        COMPATIBLE));

        Schema chunk = schemaOf(SignalChunk.class);
        Schema compressed =
                Schema.createRecord(
                        "CompressedSamples",
                        null,
                        "org.medstream.schemas",
                        false,
                        List.of(new Schema.Field("bytes", Schema.create(Schema.Type.BYTES))));
        cases.add(
                row(
                        "SignalChunk: reader adds a samples branch",
                        withUnionBranch(chunk, "samples", compressed),
                        chunk,
                        COMPATIBLE));
        cases.add(
                row(
                        "SignalChunk: writer adds a samples branch the reader lacks",
                        chunk,
                        withUnionBranch(chunk, "samples", compressed),
                        INCOMPATIBLE));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compatibility(
            String description, Schema reader, Schema writer, SchemaCompatibilityType expected) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);

        assertThat(result.getType()).as(result.getDescription()).isEqualTo(expected);
    }

    /**
     * Returns the distinct value schemas of {@link Topics#ALL}, because several topics share one.
     */
    private static Set<Schema> valueSchemas() {
        Set<Schema> schemas = new LinkedHashSet<>();
        for (Topic<?> topic : Topics.ALL) {
            schemas.add(schemaOf(topic.valueClass()));
        }
        return schemas;
    }

    private static Schema schemaOf(Class<?> recordClass) {
        return SpecificData.get().getSchema(recordClass);
    }

    private static String firstRequiredStringField(Schema record) {
        for (Schema.Field field : record.getFields()) {
            if (field.schema().getType() == Schema.Type.STRING && !field.hasDefaultValue()) {
                return field.name();
            }
        }
        throw new IllegalStateException(record.getFullName() + " has no required string field");
    }

    private static Arguments row(
            String description, Schema reader, Schema writer, SchemaCompatibilityType expected) {
        return Arguments.of(description, reader, writer, expected);
    }
}
