package org.medstream.schemas.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;

/** Builds changed copies of a record schema, as a later or earlier version of it would look. */
final class SchemaVariants {
    private SchemaVariants() {}

    /** Returns a copy with one more field; {@code defaultValue} null means no default. */
    static Schema withField(Schema record, String name, Schema type, Object defaultValue) {
        List<Field> fields = copyFields(record, field -> field);
        if (defaultValue == null) {
            fields.add(new Field(name, type, "added field"));
        } else {
            fields.add(new Field(name, type, "added field", defaultValue));
        }
        return copyRecord(record, fields);
    }

    /** Returns a copy without the named field. */
    static Schema withoutField(Schema record, String name) {
        requireField(record, name);
        List<Field> fields = new ArrayList<>();
        for (Field field : copyFields(record, f -> f)) {
            if (!field.name().equals(name)) {
                fields.add(field);
            }
        }
        return copyRecord(record, fields);
    }

    /** Returns a copy in which the named field has another type and no default. */
    static Schema withFieldType(Schema record, String name, Schema type) {
        requireField(record, name);
        List<Field> fields = new ArrayList<>();
        for (Field field : record.getFields()) {
            if (field.name().equals(name)) {
                fields.add(new Field(field.name(), type, field.doc()));
            } else {
                fields.add(new Field(field, field.schema()));
            }
        }
        return copyRecord(record, fields);
    }

    /** Returns a copy in which the named enum field has one more symbol. */
    static Schema withEnumSymbol(Schema record, String fieldName, String symbol) {
        Schema enumSchema = requireField(record, fieldName).schema();
        List<String> symbols = new ArrayList<>(enumSchema.getEnumSymbols());
        symbols.add(symbol);
        Schema widened =
                Schema.createEnum(
                        enumSchema.getName(),
                        enumSchema.getDoc(),
                        enumSchema.getNamespace(),
                        symbols,
                        enumSchema.getEnumDefault());
        return withFieldSchema(record, fieldName, widened);
    }

    /** Returns a copy in which the named union field has one more branch at the end. */
    static Schema withUnionBranch(Schema record, String fieldName, Schema branch) {
        Schema union = requireField(record, fieldName).schema();
        List<Schema> branches = new ArrayList<>(union.getTypes());
        branches.add(branch);
        return withFieldSchema(record, fieldName, Schema.createUnion(branches));
    }

    private static Schema withFieldSchema(Schema record, String fieldName, Schema schema) {
        List<Field> fields = new ArrayList<>();
        for (Field field : record.getFields()) {
            if (field.name().equals(fieldName)) {
                fields.add(new Field(field, schema));
            } else {
                fields.add(new Field(field, field.schema()));
            }
        }
        return copyRecord(record, fields);
    }

    private static Field requireField(Schema record, String name) {
        Field field = record.getField(name);
        if (field == null) {
            throw new IllegalArgumentException(
                    "Schema " + record.getFullName() + " has no field " + name);
        }
        return field;
    }

    private static List<Field> copyFields(Schema record, UnaryOperator<Field> change) {
        List<Field> fields = new ArrayList<>();
        for (Field field : record.getFields()) {
            fields.add(change.apply(new Field(field, field.schema())));
        }
        return fields;
    }

    private static Schema copyRecord(Schema record, List<Field> fields) {
        return Schema.createRecord(
                record.getName(), record.getDoc(), record.getNamespace(), record.isError(), fields);
    }
}
