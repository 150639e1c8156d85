package org.medstream.model.llm.gguf;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key/value metadata of a GGUF file, in file order. Values are Java objects: {@code Integer}
 * for UINT8, INT8, UINT16, INT16 and INT32; {@code Long} for UINT32 and INT64, and for UINT64 with
 * its bits unchanged (read it with {@link Long#toUnsignedString}); {@code Float}, {@code Double},
 * {@code Boolean}, {@code String}; and {@code List<Object>} for arrays.
 */
public final class GgufMetadata {
    private final String fileName;
    private final Map<String, Object> values;

    GgufMetadata(String fileName, Map<String, Object> values) {
        this.fileName = fileName;
        this.values = Collections.unmodifiableMap(values);
    }

    /** Returns all keys and values, in file order. */
    public Map<String, Object> asMap() {
        return values;
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    /** Returns the value of {@code key}, or empty when the file does not set it. */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * Returns the integer value of {@code key}.
     *
     * @throws IllegalArgumentException when the key is missing or not an integer
     */
    public long getLong(String key) {
        Object value = require(key);
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw wrongType(key, value, "an integer");
    }

    /** Returns the integer value of {@code key}, or {@code defaultValue} when it is missing. */
    public long getLong(String key, long defaultValue) {
        return contains(key) ? getLong(key) : defaultValue;
    }

    /**
     * Returns the numeric value of {@code key} as a double.
     *
     * @throws IllegalArgumentException when the key is missing or not a number
     */
    public double getDouble(String key) {
        Object value = require(key);
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        throw wrongType(key, value, "a number");
    }

    /** Returns the numeric value of {@code key}, or {@code defaultValue} when it is missing. */
    public double getDouble(String key, double defaultValue) {
        return contains(key) ? getDouble(key) : defaultValue;
    }

    /**
     * Returns the string value of {@code key}.
     *
     * @throws IllegalArgumentException when the key is missing or not a string
     */
    public String getString(String key) {
        Object value = require(key);
        if (value instanceof String) {
            return (String) value;
        }
        throw wrongType(key, value, "a string");
    }

    /**
     * Returns the array value of {@code key}.
     *
     * @throws IllegalArgumentException when the key is missing or not an array
     */
    public List<?> getArray(String key) {
        Object value = require(key);
        if (value instanceof List) {
            return (List<?>) value;
        }
        throw wrongType(key, value, "an array");
    }

    /** Returns the string array of {@code key}. */
    public String[] getStrings(String key) {
        List<?> array = getArray(key);
        String[] strings = new String[array.size()];
        for (int i = 0; i < strings.length; i++) {
            if (!(array.get(i) instanceof String)) {
                throw wrongType(key, array.get(i), "an array of strings");
            }
            strings[i] = (String) array.get(i);
        }
        return strings;
    }

    /** Returns the numeric array of {@code key} as floats. */
    public float[] getFloats(String key) {
        List<?> array = getArray(key);
        float[] floats = new float[array.size()];
        for (int i = 0; i < floats.length; i++) {
            if (!(array.get(i) instanceof Number)) {
                throw wrongType(key, array.get(i), "an array of numbers");
            }
            floats[i] = ((Number) array.get(i)).floatValue();
        }
        return floats;
    }

    /** Returns the integer array of {@code key} as ints. */
    public int[] getInts(String key) {
        List<?> array = getArray(key);
        int[] ints = new int[array.size()];
        for (int i = 0; i < ints.length; i++) {
            Object element = array.get(i);
            if (!(element instanceof Integer || element instanceof Long)) {
                throw wrongType(key, element, "an array of integers");
            }
            ints[i] = Math.toIntExact(((Number) element).longValue());
        }
        return ints;
    }

    private Object require(String key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException(fileName + ": metadata key " + key + " is missing");
        }
        return value;
    }

    private IllegalArgumentException wrongType(String key, Object value, String expected) {
        return new IllegalArgumentException(
                fileName
                        + ": metadata key "
                        + key
                        + " should be "
                        + expected
                        + " but is a "
                        + value.getClass().getSimpleName());
    }
}
