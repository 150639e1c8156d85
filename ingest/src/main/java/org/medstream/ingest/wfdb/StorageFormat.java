package org.medstream.ingest.wfdb;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * WFDB signal storage formats and how their bytes decode into samples, following the WFDB C library
 * (signal.c, version 10.7). Samples are packed in groups: one sample in 1 to 4 bytes for most
 * formats, two 12-bit samples in 3 bytes for format 212, three 10-bit samples in 4 bytes for
 * formats 310 and 311.
 */
public enum StorageFormat {
    /** 8-bit first differences, each byte added to the previous sample. */
    FORMAT_8(8, 1, 1, 0, false),
    /** 16-bit two's complement, little-endian. */
    FORMAT_16(16, 1, 2, 16, true),
    /** 24-bit two's complement, little-endian. */
    FORMAT_24(24, 1, 3, 24, true),
    /** 32-bit two's complement, little-endian. */
    FORMAT_32(32, 1, 4, 32, true),
    /** 16-bit two's complement, big-endian. */
    FORMAT_61(61, 1, 2, 16, true),
    /** 8-bit offset binary. */
    FORMAT_80(80, 1, 1, 8, true),
    /** 16-bit offset binary, little-endian. */
    FORMAT_160(160, 1, 2, 16, true),
    /** Two 12-bit two's complement samples packed in 3 bytes. */
    FORMAT_212(212, 2, 3, 12, true),
    /** Three 10-bit samples packed in two little-endian 16-bit words. */
    FORMAT_310(310, 3, 4, 10, true),
    /** Three 10-bit samples packed in the low 30 bits of a little-endian 32-bit word. */
    FORMAT_311(311, 3, 4, 10, true);

    private final int code;
    private final int groupSamples;
    private final int groupBytes;
    private final int sampleBits;
    private final boolean hasInvalidMarker;

    StorageFormat(
            int code, int groupSamples, int groupBytes, int sampleBits, boolean hasInvalidMarker) {
        this.code = code;
        this.groupSamples = groupSamples;
        this.groupBytes = groupBytes;
        this.sampleBits = sampleBits;
        this.hasInvalidMarker = hasInvalidMarker;
    }

    /** Looks up a format by its number in the header; empty when the reader does not decode it. */
    public static Optional<StorageFormat> of(int code) {
        for (StorageFormat format : values()) {
            if (format.code == code) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** Returns the supported format numbers as a comma-separated list, for error messages. */
    public static String supportedList() {
        return Arrays.stream(values())
                .map(format -> Integer.toString(format.code))
                .collect(Collectors.joining(", "));
    }

    /** Format number as written in headers. */
    public int code() {
        return code;
    }

    /** Samples in one packing group. */
    int groupSamples() {
        return groupSamples;
    }

    /** Bytes in one packing group. */
    int groupBytes() {
        return groupBytes;
    }

    /**
     * Stored value that marks a missing sample: the most negative value of the sample width, as the
     * WFDB library defines it. Format 8 has no such value.
     */
    public Optional<Integer> invalidMarker() {
        if (!hasInvalidMarker) {
            return Optional.empty();
        }
        return Optional.of(-(1 << (sampleBits - 1)));
    }

    /** Smallest value the format stores. */
    int minValue() {
        return this == FORMAT_8 ? Integer.MIN_VALUE : -(1 << (sampleBits - 1));
    }

    /** Largest value the format stores. */
    int maxValue() {
        return this == FORMAT_8 ? Integer.MAX_VALUE : (int) ((1L << (sampleBits - 1)) - 1);
    }

    /**
     * Counts the whole samples that {@code byteCount} bytes hold, starting at a group boundary. A
     * trailing partial group contains the samples that the WFDB library can decode from it. Format
     * 212 stores a lone last sample in 2 bytes. Formats 310 and 311 store one sample in the first 2
     * bytes of a group, and format 311 a second one in the third byte.
     */
    long samplesIn(long byteCount) {
        long groups = byteCount / groupBytes;
        int rest = (int) (byteCount % groupBytes);
        long samples = groups * groupSamples;
        if (this == FORMAT_212 && rest >= 2) {
            samples += 1;
        } else if (this == FORMAT_310 && rest >= 2) {
            samples += 1;
        } else if (this == FORMAT_311 && rest >= 2) {
            samples += rest >= 3 ? 2 : 1;
        }
        return samples;
    }

    /**
     * Decodes {@code count} samples from {@code bytes}, which start at a group boundary, into
     * {@code out}. Format 8 differences are returned as they are stored; {@link SignalFileReader}
     * accumulates them.
     */
    void decode(byte[] bytes, int count, int[] out) {
        switch (this) {
            case FORMAT_8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = bytes[i];
                }
            }
            case FORMAT_16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
                }
            }
            case FORMAT_24 -> {
                for (int i = 0; i < count; i++) {
                    int p = 3 * i;
                    out[i] =
                            (bytes[p] & 0xff) | ((bytes[p + 1] & 0xff) << 8) | (bytes[p + 2] << 16);
                }
            }
            case FORMAT_32 -> {
                for (int i = 0; i < count; i++) {
                    int p = 4 * i;
                    out[i] =
                            (bytes[p] & 0xff)
                                    | ((bytes[p + 1] & 0xff) << 8)
                                    | ((bytes[p + 2] & 0xff) << 16)
                                    | (bytes[p + 3] << 24);
                }
            }
            case FORMAT_61 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (short) ((bytes[2 * i] << 8) | (bytes[2 * i + 1] & 0xff));
                }
            }
            case FORMAT_80 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (bytes[i] & 0xff) - 128;
                }
            }
            case FORMAT_160 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = ((bytes[2 * i] & 0xff) | ((bytes[2 * i + 1] & 0xff) << 8)) - 32768;
                }
            }
            case FORMAT_212 -> decode212(bytes, count, out);
            case FORMAT_310 -> decode310(bytes, count, out);
            case FORMAT_311 -> decode311(bytes, count, out);
        }
    }

    private static void decode212(byte[] bytes, int count, int[] out) {
        for (int i = 0; i < count; i++) {
            int p = 3 * (i / 2);
            int value;
            if (i % 2 == 0) {
                value = (bytes[p] & 0xff) | ((bytes[p + 1] & 0x0f) << 8);
            } else {
                value = (bytes[p + 2] & 0xff) | ((bytes[p + 1] & 0xf0) << 4);
            }
            out[i] = signExtend(value, 12);
        }
    }

    private static void decode310(byte[] bytes, int count, int[] out) {
        for (int i = 0; i < count; i++) {
            int p = 4 * (i / 3);
            int value;
            switch (i % 3) {
                case 0 -> value = word(bytes, p) >> 1;
                case 1 -> value = word(bytes, p + 2) >> 1;
                default -> value = (word(bytes, p) >> 11) | ((word(bytes, p + 2) & 0xf800) >> 6);
            }
            out[i] = signExtend(value & 0x3ff, 10);
        }
    }

    private static void decode311(byte[] bytes, int count, int[] out) {
        for (int i = 0; i < count; i++) {
            int p = 4 * (i / 3);
            int value;
            switch (i % 3) {
                case 0 -> value = word(bytes, p);
                case 1 -> value = (word(bytes, p) >> 10) | ((bytes[p + 2] & 0x0f) << 6);
                default -> value = ((bytes[p + 2] & 0xff) | ((bytes[p + 3] & 0xff) << 8)) >> 4;
            }
            out[i] = signExtend(value & 0x3ff, 10);
        }
    }

    private static int word(byte[] bytes, int p) {
        return (bytes[p] & 0xff) | ((bytes[p + 1] & 0xff) << 8);
    }

    private static int signExtend(int value, int bits) {
        int shift = 32 - bits;
        return (value << shift) >> shift;
    }
}
