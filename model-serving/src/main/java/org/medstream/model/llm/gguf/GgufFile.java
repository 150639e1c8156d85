package org.medstream.model.llm.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medstream.model.llm.FloatTensor;

/**
 * A GGUF file (the llama.cpp model format, versions 2 and 3): its metadata and tensor directory,
 * read when the file is opened, and its tensors, read and converted to float32 on request.
 *
 * <p>Layout: magic {@code GGUF}, uint32 version, uint64 tensor count, uint64 metadata count, the
 * metadata key/values, the tensor infos, then padding to {@code general.alignment} (32 by default)
 * and the data section. All numbers are little-endian. Big-endian GGUF files are rejected.
 *
 * <p>GGUF lists a tensor's dimensions with the fastest-varying first. {@link #readTensor} returns
 * the row-major shape, which is that list reversed: a weight listed as {in, out} is returned as
 * [out, in], the PyTorch layout, with the same bytes in the same order.
 */
public final class GgufFile {
    /** Alignment of the data section and of every tensor, when the file does not set it. */
    public static final int DEFAULT_ALIGNMENT = 32;

    private static final byte[] MAGIC = "GGUF".getBytes(StandardCharsets.US_ASCII);

    /** Bytes dequantised per read, a multiple of every supported block size (2, 4, 34). */
    private static final int CHUNK_BYTES = 34 * 4 * 8192;

    private final Path path;
    private final String fileName;
    private final long fileSize;
    private final int version;
    private final GgufMetadata metadata;
    private final Map<String, GgufTensorInfo> tensors;
    private final long alignment;
    private final long dataStart;

    private GgufFile(
            Path path,
            long fileSize,
            int version,
            GgufMetadata metadata,
            Map<String, GgufTensorInfo> tensors,
            long alignment,
            long dataStart) {
        this.path = path;
        this.fileName = path.getFileName().toString();
        this.fileSize = fileSize;
        this.version = version;
        this.metadata = metadata;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.alignment = alignment;
        this.dataStart = dataStart;
    }

    /**
     * Reads the header of the GGUF file at {@code path}: metadata and tensor infos. Tensor data is
     * read later, by {@link #readTensor}.
     *
     * @throws IOException when the file cannot be read, is not GGUF, has an unsupported version, or
     *     is truncated or corrupt. The message names the file and the problem.
     */
    public static GgufFile open(Path path) throws IOException {
        try (GgufInput input = new GgufInput(path)) {
            byte[] magic = input.readBytes(4);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw input.error(
                        "not a GGUF file: the first bytes are "
                                + HexFormat.ofDelimiter(" ").formatHex(magic)
                                + " but a GGUF file starts with 47 47 55 46 (\"GGUF\")");
            }

            int version = input.readInt32();
            if (version != 2 && version != 3) {
                String hint =
                        Integer.reverseBytes(version) == 2 || Integer.reverseBytes(version) == 3
                                ? " (a big-endian file, which this reader does not read)"
                                : "";
                throw input.error(
                        "unsupported GGUF version "
                                + Integer.toUnsignedString(version)
                                + hint
                                + "; supported: 2, 3");
            }

            long tensorCount = input.readCount("tensor count", 1);
            long metadataCount = input.readCount("metadata count", 1);
            Map<String, Object> values = GgufMetadataReader.read(input, metadataCount);
            GgufMetadata metadata = new GgufMetadata(input.fileName(), values);

            long alignment = alignment(input, metadata);
            Map<String, GgufTensorInfo> tensors = readTensorInfos(input, tensorCount, alignment);

            long dataStart = alignUp(input.position(), alignment);
            GgufFile file =
                    new GgufFile(
                            path,
                            input.fileSize(),
                            version,
                            metadata,
                            tensors,
                            alignment,
                            dataStart);
            file.checkTensorBounds();
            return file;
        }
    }

    public Path path() {
        return path;
    }

    /** The format version, 2 or 3. */
    public int version() {
        return version;
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    /** Tensor infos by name, in file order. */
    public Map<String, GgufTensorInfo> tensors() {
        return tensors;
    }

    /** Alignment of the data section and of each tensor's data, in bytes. */
    public long alignment() {
        return alignment;
    }

    /** File offset of the data section, in bytes. */
    public long dataStart() {
        return dataStart;
    }

    /**
     * Reads tensor {@code name} and converts it to float32, with its row-major shape.
     *
     * @throws IllegalArgumentException when the file has no tensor of that name
     * @throws IOException when the tensor's type is not supported or the read fails; the message
     *     names the file, the tensor and the type
     */
    public FloatTensor readTensor(String name) throws IOException {
        GgufTensorInfo info = tensors.get(name);
        if (info == null) {
            throw new IllegalArgumentException(fileName + ": no tensor named " + name);
        }
        GgufTensorType type = info.type();
        if (type == null || !type.isSupported()) {
            throw new IOException(
                    fileName
                            + ": tensor "
                            + name
                            + " has type "
                            + info.typeName()
                            + "; supported: "
                            + GgufTensorType.SUPPORTED);
        }
        long count = info.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new IOException(
                    fileName
                            + ": tensor "
                            + name
                            + " has "
                            + count
                            + " elements, more than a Java array holds");
        }

        float[] values = new float[(int) count];
        long byteSize = type.byteSize(count);
        long start = dataStart + info.offset();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer chunk =
                    ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, byteSize))
                            .order(ByteOrder.LITTLE_ENDIAN);
            int written = 0;
            for (long done = 0; done < byteSize; ) {
                int length = (int) Math.min(chunk.capacity(), byteSize - done);
                chunk.clear().limit(length);
                readFully(channel, chunk, start + done, info);
                chunk.flip();
                written += GgufDequantizer.dequantize(type, chunk, values, written);
                done += length;
            }
        }
        return new FloatTensor(name, info.shape(), values);
    }

    private void readFully(
            FileChannel channel, ByteBuffer buffer, long position, GgufTensorInfo info)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException(
                        fileName + ": file ends at byte " + at + " inside tensor " + info.name());
            }
            at += read;
        }
    }

    private static long alignment(GgufInput input, GgufMetadata metadata) throws IOException {
        if (!metadata.contains("general.alignment")) {
            return DEFAULT_ALIGNMENT;
        }
        long alignment = metadata.getLong("general.alignment");
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw input.error("general.alignment is " + alignment + " but must be a power of two");
        }
        return alignment;
    }

    private static Map<String, GgufTensorInfo> readTensorInfos(
            GgufInput input, long count, long alignment) throws IOException {
        Map<String, GgufTensorInfo> tensors = new LinkedHashMap<>();
        for (long i = 0; i < count; i++) {
            input.setContext("tensor info " + i);
            String name = input.readString();
            input.setContext("tensor info " + i + " (" + name + ")");

            int dimensionCount = input.readUint32AsInt();
            if (dimensionCount < 1 || dimensionCount > 4) {
                throw input.error(
                        "tensor "
                                + name
                                + " has "
                                + dimensionCount
                                + " dimensions; GGUF allows 1 to 4");
            }
            long[] dimensions = new long[dimensionCount];
            for (int d = 0; d < dimensionCount; d++) {
                dimensions[d] = input.readInt64();
                if (dimensions[d] <= 0) {
                    throw input.error(
                            "tensor "
                                    + name
                                    + " has invalid dimension "
                                    + Long.toUnsignedString(dimensions[d]));
                }
            }

            int typeId = input.readUint32AsInt();
            long offset = input.readInt64();
            if (offset < 0 || offset % alignment != 0) {
                throw input.error(
                        "tensor "
                                + name
                                + " has data offset "
                                + Long.toUnsignedString(offset)
                                + ", not a multiple of the alignment "
                                + alignment);
            }
            GgufTensorInfo info =
                    new GgufTensorInfo(
                            name, dimensions, GgufTensorType.fromId(typeId), typeId, offset);
            if (tensors.put(name, info) != null) {
                throw input.error("tensor " + name + " is listed twice");
            }
        }
        return tensors;
    }

    /**
     * Checks that the data of every tensor whose size is known lies inside the file, so a truncated
     * file fails when it is opened.
     */
    private void checkTensorBounds() throws IOException {
        for (GgufTensorInfo info : tensors.values()) {
            GgufTensorType type = info.type();
            if (type == null || !type.isSupported()) {
                continue;
            }
            long start = dataStart + info.offset();
            long byteSize;
            try {
                byteSize = type.byteSize(info.elementCount());
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new IOException(fileName + ": tensor " + info + ": " + e.getMessage(), e);
            }
            long end = start + byteSize;
            if (end > fileSize) {
                throw new IOException(
                        fileName
                                + ": tensor "
                                + info.name()
                                + " occupies bytes "
                                + start
                                + " to "
                                + end
                                + " but the file has only "
                                + fileSize
                                + " bytes (truncated file?)");
            }
        }
    }

    private static long alignUp(long position, long alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }
}
