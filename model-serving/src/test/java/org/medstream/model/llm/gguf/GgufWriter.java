package org.medstream.model.llm.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small GGUF files for tests: metadata, and tensors given as raw bytes with a ggml type id.
 */
final class GgufWriter {
    private record Tensor(String name, long[] dimensions, int typeId, byte[] data) {}

    /** A metadata value already encoded as its type id and bytes. */
    private record Encoded(byte[] typeAndValue) {}

    private final int version;
    private final int alignment;
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    GgufWriter(int version, int alignment) {
        this.version = version;
        this.alignment = alignment;
    }

    /** Adds metadata of type String, Integer (written as UINT32), Float or String[]. */
    GgufWriter put(String key, Object value) {
        metadata.put(key, value);
        return this;
    }

    /**
     * Adds metadata that the caller has encoded: the type id and the value bytes, from the start of
     * {@code typeAndValue} to its position.
     */
    GgufWriter putEncoded(String key, ByteBuffer typeAndValue) {
        byte[] bytes = java.util.Arrays.copyOf(typeAndValue.array(), typeAndValue.position());
        metadata.put(key, new Encoded(bytes));
        return this;
    }

    /** Adds a tensor with GGUF dimensions (fastest first) and its stored bytes. */
    GgufWriter tensor(String name, long[] dimensions, int typeId, byte[] data) {
        tensors.add(new Tensor(name, dimensions, typeId, data));
        return this;
    }

    void write(Path path) throws IOException {
        Files.write(path, toBytes());
    }

    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        writeInt(out, version);
        writeLong(out, tensors.size());
        writeLong(out, metadata.size());
        for (Map.Entry<String, Object> entry : metadata.entrySet()) {
            writeString(out, entry.getKey());
            writeValue(out, entry.getValue());
        }

        long offset = 0;
        for (Tensor tensor : tensors) {
            writeString(out, tensor.name());
            writeInt(out, tensor.dimensions().length);
            for (long dimension : tensor.dimensions()) {
                writeLong(out, dimension);
            }
            writeInt(out, tensor.typeId());
            writeLong(out, offset);
            offset = align(offset + tensor.data().length);
        }

        pad(out);
        for (Tensor tensor : tensors) {
            out.writeBytes(tensor.data());
            pad(out);
        }
        return out.toByteArray();
    }

    private void writeValue(ByteArrayOutputStream out, Object value) {
        if (value instanceof Encoded) {
            out.writeBytes(((Encoded) value).typeAndValue());
        } else if (value instanceof String) {
            writeInt(out, 8);
            writeString(out, (String) value);
        } else if (value instanceof Integer) {
            writeInt(out, 4);
            writeInt(out, (Integer) value);
        } else if (value instanceof Float) {
            writeInt(out, 6);
            writeInt(out, Float.floatToIntBits((Float) value));
        } else if (value instanceof String[]) {
            String[] strings = (String[]) value;
            writeInt(out, 9);
            writeInt(out, 8);
            writeLong(out, strings.length);
            for (String string : strings) {
                writeString(out, string);
            }
        } else {
            throw new IllegalArgumentException("no GGUF encoding for " + value);
        }
    }

    private long align(long position) {
        return (position + alignment - 1) / alignment * alignment;
    }

    private void pad(ByteArrayOutputStream out) {
        while (out.size() % alignment != 0) {
            out.write(0);
        }
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeLong(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    private static void writeLong(ByteArrayOutputStream out, long value) {
        out.writeBytes(
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }
}
