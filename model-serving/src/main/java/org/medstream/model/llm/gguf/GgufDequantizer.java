package org.medstream.model.llm.gguf;

import java.nio.ByteBuffer;
import org.medstream.model.llm.HalfPrecision;

/** Converts the stored bytes of the supported GGUF tensor types to float32. */
final class GgufDequantizer {
    private static final int Q8_0_BLOCK = 32;

    private GgufDequantizer() {}

    /**
     * Converts all bytes remaining in {@code bytes}, a whole number of blocks of {@code type}, into
     * {@code values} from index {@code start}.
     *
     * @return the number of values written
     */
    static int dequantize(GgufTensorType type, ByteBuffer bytes, float[] values, int start) {
        int index = start;
        switch (type) {
            case F32:
                while (bytes.remaining() >= 4) {
                    values[index++] = bytes.getFloat();
                }
                break;
            case F16:
                while (bytes.remaining() >= 2) {
                    values[index++] = HalfPrecision.float16ToFloat(bytes.getShort());
                }
                break;
            case BF16:
                while (bytes.remaining() >= 2) {
                    values[index++] = HalfPrecision.bfloat16ToFloat(bytes.getShort());
                }
                break;
            case Q8_0:
                while (bytes.remaining() >= 2 + Q8_0_BLOCK) {
                    float scale = HalfPrecision.float16ToFloat(bytes.getShort());
                    for (int i = 0; i < Q8_0_BLOCK; i++) {
                        values[index++] = scale * bytes.get();
                    }
                }
                break;
            default:
                throw new IllegalArgumentException("no dequantisation for " + type);
        }
        return index - start;
    }
}
