package org.medstream.model.llm.gguf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the metadata key/value section of a GGUF header into Java objects. */
final class GgufMetadataReader {
    private static final int UINT8 = 0;
    private static final int INT8 = 1;
    private static final int UINT16 = 2;
    private static final int INT16 = 3;
    private static final int UINT32 = 4;
    private static final int INT32 = 5;
    private static final int FLOAT32 = 6;
    private static final int BOOL = 7;
    private static final int STRING = 8;
    private static final int ARRAY = 9;
    private static final int UINT64 = 10;
    private static final int INT64 = 11;
    private static final int FLOAT64 = 12;

    private GgufMetadataReader() {}

    /** Reads {@code count} key/value pairs, as {@link GgufMetadata} describes their types. */
    static Map<String, Object> read(GgufInput input, long count) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            input.setContext("metadata entry " + i);
            String key = input.readString();

            input.setContext("the value of metadata key " + key);
            int type = input.readUint32AsInt();
            Object value = readValue(input, type, key);
            if (values.put(key, value) != null) {
                throw input.error("metadata key " + key + " appears twice");
            }
        }
        return values;
    }

    private static Object readValue(GgufInput input, int type, String key) throws IOException {
        switch (type) {
            case UINT8:
                return input.readUint8();
            case INT8:
                return (int) input.readBytes(1)[0];
            case UINT16:
                return input.readInt16() & 0xffff;
            case INT16:
                return (int) input.readInt16();
            case UINT32:
                return Integer.toUnsignedLong(input.readInt32());
            case INT32:
                return input.readInt32();
            case FLOAT32:
                return Float.intBitsToFloat(input.readInt32());
            case BOOL:
                return readBool(input, key);
            case STRING:
                return input.readString();
            case ARRAY:
                return readArray(input, key);
            case UINT64:
            case INT64:
                return input.readInt64();
            case FLOAT64:
                return Double.longBitsToDouble(input.readInt64());
            default:
                throw input.error(
                        "metadata key "
                                + key
                                + " has unknown value type "
                                + type
                                + " at byte "
                                + (input.position() - 4)
                                + " (known: 0 to 12)");
        }
    }

    private static Boolean readBool(GgufInput input, String key) throws IOException {
        int value = input.readUint8();
        if (value > 1) {
            throw input.error("metadata key " + key + " has bool value " + value + ", not 0 or 1");
        }
        return value == 1;
    }

    private static List<Object> readArray(GgufInput input, String key) throws IOException {
        // An array of arrays is read by the same code, element by element.
        int elementType = input.readUint32AsInt();
        long count = input.readCount("array length", minimumBytes(elementType));
        List<Object> elements = new ArrayList<>((int) Math.min(count, 1 << 20));
        for (long i = 0; i < count; i++) {
            elements.add(readValue(input, elementType, key));
        }
        return elements;
    }

    /** Returns the minimum size of one element of {@code type}, to bound array lengths. */
    private static int minimumBytes(int type) {
        switch (type) {
            case UINT16:
            case INT16:
                return 2;
            case UINT32:
            case INT32:
            case FLOAT32:
            case ARRAY:
                return 4;
            case STRING:
            case UINT64:
            case INT64:
            case FLOAT64:
                return 8;
            default:
                return 1;
        }
    }
}
