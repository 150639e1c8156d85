package org.medstream.model.llm.gguf;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sequential little-endian reader of a GGUF header that tracks its byte position, so that a
 * truncated or corrupt file fails with the file name, the position and what was being read.
 */
final class GgufInput implements AutoCloseable {
    private final String fileName;
    private final long fileSize;
    private final DataInputStream input;
    private long position;
    private String context = "the header";

    GgufInput(Path path) throws IOException {
        this.fileName = path.getFileName().toString();
        this.fileSize = Files.size(path);
        InputStream stream = Files.newInputStream(path);
        this.input = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
    }

    /** Names what the following reads are for, e.g. "the value of key general.alignment". */
    void setContext(String context) {
        this.context = context;
    }

    long position() {
        return position;
    }

    long fileSize() {
        return fileSize;
    }

    String fileName() {
        return fileName;
    }

    /** Returns an exception whose message starts with the file name. */
    IOException error(String message) {
        return new IOException(fileName + ": " + message);
    }

    byte[] readBytes(int count) throws IOException {
        byte[] bytes = new byte[count];
        try {
            input.readFully(bytes);
        } catch (EOFException e) {
            throw truncated(count);
        }
        position += count;
        return bytes;
    }

    int readUint8() throws IOException {
        return readBytes(1)[0] & 0xff;
    }

    short readInt16() throws IOException {
        return ByteBuffer.wrap(readBytes(2)).order(ByteOrder.LITTLE_ENDIAN).getShort();
    }

    int readInt32() throws IOException {
        return ByteBuffer.wrap(readBytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    long readInt64() throws IOException {
        return ByteBuffer.wrap(readBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** Reads a uint32 that must fit in an int, e.g. a type id or a dimension count. */
    int readUint32AsInt() throws IOException {
        long value = Integer.toUnsignedLong(readInt32());
        if (value > Integer.MAX_VALUE) {
            throw error("invalid value " + value + " at byte " + (position - 4) + " in " + context);
        }
        return (int) value;
    }

    /**
     * Reads a uint64 count that must fit in what remains of the file, given that each counted item
     * takes at least {@code minBytesPerItem} bytes. A larger count means a truncated or corrupt
     * file.
     */
    long readCount(String countName, int minBytesPerItem) throws IOException {
        long count = readInt64();
        long remaining = fileSize - position;
        if (count < 0 || count > remaining / Math.max(1, minBytesPerItem)) {
            throw error(
                    countName
                            + " "
                            + Long.toUnsignedString(count)
                            + " at byte "
                            + (position - 8)
                            + " in "
                            + context
                            + " needs at least "
                            + new BigInteger(Long.toUnsignedString(count))
                                    .multiply(BigInteger.valueOf(minBytesPerItem))
                            + " bytes but only "
                            + remaining
                            + " follow (truncated or corrupt file?)");
        }
        return count;
    }

    /** Reads a GGUF string: a uint64 byte length, then that many bytes of UTF-8. */
    String readString() throws IOException {
        long length = readCount("string length", 1);
        if (length > Integer.MAX_VALUE) {
            throw error("string of " + length + " bytes in " + context + " is too long");
        }
        byte[] bytes = readBytes((int) length);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error("invalid UTF-8 in a string ending at byte " + position + " in " + context);
        }
    }

    private IOException truncated(int count) {
        return error(
                "file ends at byte "
                        + fileSize
                        + " but "
                        + count
                        + " more bytes were expected at byte "
                        + position
                        + " in "
                        + context
                        + " (truncated file?)");
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
