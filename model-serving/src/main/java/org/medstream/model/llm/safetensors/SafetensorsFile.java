package org.medstream.model.llm.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medstream.model.llm.FloatTensor;
import org.medstream.model.llm.HalfPrecision;

/**
 * A Hugging Face safetensors file: a uint64 little-endian header length, a JSON header that maps
 * each tensor name to its {@code dtype}, row-major {@code shape} and {@code data_offsets} (begin
 * and end, relative to the end of the header), then the data. Tensors of dtype F32, F16 and BF16
 * are read and converted to float32.
 */
public final class SafetensorsFile {
    /** The header length bound that the safetensors reference implementation also sets. */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final String fileName;
    private final long dataStart;
    private final Map<String, Entry> entries;

    /** One tensor of the header: dtype, shape, and byte range inside the data section. */
    private record Entry(String dtype, long[] shape, long begin, long end) {}

    private SafetensorsFile(Path path, long dataStart, Map<String, Entry> entries) {
        this.path = path;
        this.fileName = path.getFileName().toString();
        this.dataStart = dataStart;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * Reads the header of the safetensors file at {@code path}.
     *
     * @throws IOException when the file cannot be read or its header is invalid, naming the file
     */
    public static SafetensorsFile open(Path path) throws IOException {
        String fileName = path.getFileName().toString();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0, fileName);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0
                    || headerLength > MAX_HEADER_BYTES
                    || headerLength > fileSize - 8) {
                throw new IOException(
                        fileName
                                + ": invalid safetensors header length "
                                + Long.toUnsignedString(headerLength)
                                + " for a file of "
                                + fileSize
                                + " bytes");
            }

            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8, fileName);
            JsonNode root = JSON.readTree(header.array());
            long dataStart = 8 + headerLength;
            Map<String, Entry> entries = parseHeader(root, fileName, fileSize - dataStart);
            return new SafetensorsFile(path, dataStart, entries);
        }
    }

    public Path path() {
        return path;
    }

    /** Names of all tensors, in header order. */
    public Iterable<String> tensorNames() {
        return entries.keySet();
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Returns the dtype of tensor {@code name} as the header spells it, e.g. {@code BF16}. */
    public String dtype(String name) {
        return entry(name).dtype();
    }

    /**
     * Reads tensor {@code name} as float32 with its row-major shape.
     *
     * @throws IllegalArgumentException when there is no tensor of that name
     * @throws IOException when its dtype is not F32, F16 or BF16, or the read fails
     */
    public FloatTensor readTensor(String name) throws IOException {
        Entry entry = entry(name);
        int width = elementBytes(entry.dtype());
        if (width == 0) {
            throw new IOException(
                    fileName
                            + ": tensor "
                            + name
                            + " has dtype "
                            + entry.dtype()
                            + "; supported: F32, F16, BF16");
        }
        long count = FloatTensor.elementCount(entry.shape());
        if (count * width != entry.end() - entry.begin()) {
            throw new IOException(
                    fileName
                            + ": tensor "
                            + name
                            + " spans "
                            + (entry.end() - entry.begin())
                            + " bytes but its shape and dtype need "
                            + count * width);
        }
        if (entry.end() - entry.begin() > Integer.MAX_VALUE - 8) {
            throw new IOException(fileName + ": tensor " + name + " is too large to read at once");
        }

        ByteBuffer bytes =
                ByteBuffer.allocate((int) (entry.end() - entry.begin()))
                        .order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            readFully(channel, bytes, dataStart + entry.begin(), fileName);
        }
        bytes.flip();

        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            switch (entry.dtype()) {
                case "F32":
                    values[i] = bytes.getFloat();
                    break;
                case "F16":
                    values[i] = HalfPrecision.float16ToFloat(bytes.getShort());
                    break;
                default:
                    values[i] = HalfPrecision.bfloat16ToFloat(bytes.getShort());
                    break;
            }
        }
        return new FloatTensor(name, entry.shape(), values);
    }

    private Entry entry(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException(fileName + ": no tensor named " + name);
        }
        return entry;
    }

    private static int elementBytes(String dtype) {
        switch (dtype) {
            case "F32":
                return 4;
            case "F16":
            case "BF16":
                return 2;
            default:
                return 0;
        }
    }

    private static Map<String, Entry> parseHeader(JsonNode root, String fileName, long dataBytes)
            throws IOException {
        if (!root.isObject()) {
            throw new IOException(fileName + ": safetensors header is not a JSON object");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode node = field.getValue();
            JsonNode shapeNode = node.path("shape");
            JsonNode offsets = node.path("data_offsets");
            if (!node.path("dtype").isTextual()
                    || !shapeNode.isArray()
                    || !offsets.isArray()
                    || offsets.size() != 2) {
                throw new IOException(
                        fileName
                                + ": header entry "
                                + field.getKey()
                                + " needs dtype, shape and two data_offsets");
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong();
            }
            long begin = offsets.get(0).asLong();
            long end = offsets.get(1).asLong();
            if (begin < 0 || end < begin || end > dataBytes) {
                throw new IOException(
                        fileName
                                + ": tensor "
                                + field.getKey()
                                + " has data_offsets ["
                                + begin
                                + ", "
                                + end
                                + "] but the data section has only "
                                + dataBytes
                                + " bytes (truncated file?)");
            }
            entries.put(field.getKey(), new Entry(node.get("dtype").asText(), shape, begin, end));
        }
        return entries;
    }

    private static void readFully(
            FileChannel channel, ByteBuffer buffer, long position, String fileName)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException(
                        fileName + ": file ends at byte " + at + " (truncated file?)");
            }
            at += read;
        }
    }
}
