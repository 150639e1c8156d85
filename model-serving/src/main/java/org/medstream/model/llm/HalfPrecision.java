package org.medstream.model.llm;

/**
 * Conversions between float32 and the two 16-bit float formats of model files: IEEE 754 binary16
 * (F16) and bfloat16 (BF16, the upper half of a float32). Java 17 has no built-in binary16
 * conversion ({@code Float.float16ToFloat} arrived in Java 20).
 */
public final class HalfPrecision {
    private HalfPrecision() {}

    /** Converts the binary16 bits {@code bits} to float32; exact for every value, NaN and ±∞. */
    public static float float16ToFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;

        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa · 2^−24, exact in float32.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /**
     * Rounds {@code value} to the nearest binary16 (ties to even) and returns its bits. Values
     * beyond the binary16 range become ±∞.
     */
    public static short floatToFloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        float magnitude = Math.abs(value);

        if (Float.isNaN(value)) {
            return (short) (sign | 0x7e00);
        }
        if (magnitude >= 65520f) {
            return (short) (sign | 0x7c00);
        }
        if (magnitude < 0x1p-14f) {
            // Subnormal range: a multiple of 2^−24, rounded half to even by Math.rint.
            return (short) (sign | (int) Math.rint(magnitude * 0x1p24f));
        }

        int exponent = ((bits >>> 23) & 0xff) - 112;
        int mantissa = bits & 0x7fffff;
        int rounded = (exponent << 10) | (mantissa >>> 13);
        int remainder = mantissa & 0x1fff;
        if (remainder > 0x1000 || (remainder == 0x1000 && (rounded & 1) == 1)) {
            // A carry out of the mantissa correctly increments the exponent.
            rounded++;
        }
        return (short) (sign | rounded);
    }

    /** Converts the bfloat16 bits {@code bits} to float32 (exact). */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** Rounds {@code value} to the nearest bfloat16 (ties to even) and returns its bits. */
    public static short floatToBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int roundingBias = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }
}
