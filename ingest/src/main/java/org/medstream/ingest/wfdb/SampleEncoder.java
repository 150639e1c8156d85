package org.medstream.ingest.wfdb;

import java.io.ByteArrayOutputStream;

/**
 * Encodes samples in a WFDB storage format as the WFDB library's {@code putvec} does. Format 212
 * packs samples in pairs and, like the library's {@code f212}, stores a lone last sample in 2
 * bytes.
 */
final class SampleEncoder {
    private final StorageFormat format;
    private final ByteArrayOutputStream out;
    private int pending;
    private boolean hasPending;

    SampleEncoder(StorageFormat format, ByteArrayOutputStream out) {
        this.format = format;
        this.out = out;
    }

    /** True for the formats this encoder writes: 16, 24, 32, 61, 80, 160 and 212. */
    static boolean supports(StorageFormat format) {
        return switch (format) {
            case FORMAT_8, FORMAT_310, FORMAT_311 -> false;
            default -> true;
        };
    }

    void write(int value) {
        switch (format) {
            case FORMAT_16 -> {
                out.write(value);
                out.write(value >> 8);
            }
            case FORMAT_24 -> {
                out.write(value);
                out.write(value >> 8);
                out.write(value >> 16);
            }
            case FORMAT_32 -> {
                out.write(value);
                out.write(value >> 8);
                out.write(value >> 16);
                out.write(value >> 24);
            }
            case FORMAT_61 -> {
                out.write(value >> 8);
                out.write(value);
            }
            case FORMAT_80 -> out.write((value & 0xff) + 128);
            case FORMAT_160 -> {
                int shifted = (value & 0xffff) + 32768;
                out.write(shifted);
                out.write(shifted >> 8);
            }
            case FORMAT_212 -> write212(value);
            default ->
                    throw new IllegalStateException(
                            "Format " + format.code() + " has no encoder; check supports() first");
        }
    }

    /** Writes a pending lone format 212 sample; call once after the last sample. */
    void finish() {
        if (hasPending) {
            out.write(pending);
            out.write((pending >> 8) & 0x0f);
            hasPending = false;
        }
    }

    private void write212(int value) {
        if (!hasPending) {
            pending = value & 0xfff;
            hasPending = true;
            return;
        }
        int second = value & 0xfff;
        out.write(pending);
        out.write(((pending >> 8) & 0x0f) | ((second >> 4) & 0xf0));
        out.write(second);
        hasPending = false;
    }
}
