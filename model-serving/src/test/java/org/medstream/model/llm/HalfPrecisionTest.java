package org.medstream.model.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfPrecisionTest {
    @Test
    void everyFloat16RoundTrips() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float value = HalfPrecision.float16ToFloat((short) bits);
            if (Float.isNaN(value)) {
                continue;
            }
            assertThat(HalfPrecision.floatToFloat16(value) & 0xffff)
                    .as("bits %04x", bits)
                    .isEqualTo(bits);
        }
    }

    @Test
    void float16KnownValues() {
        assertThat(HalfPrecision.float16ToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(HalfPrecision.float16ToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(HalfPrecision.float16ToFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(HalfPrecision.float16ToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(HalfPrecision.float16ToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfPrecision.float16ToFloat((short) 0x7e00)).isNaN();
    }

    @Test
    void float16RoundsToNearestEven() {
        // 1 + 2^−11 lies halfway between 1 and 1 + 2^−10: ties go to the even mantissa, 1.
        assertThat(HalfPrecision.floatToFloat16(1f + 0x1p-11f)).isEqualTo((short) 0x3c00);
        assertThat(HalfPrecision.floatToFloat16(1f + 0x1p-11f + 0x1p-20f))
                .isEqualTo((short) 0x3c01);
        assertThat(HalfPrecision.floatToFloat16(1e6f)).isEqualTo((short) 0x7c00);
    }

    @Test
    void bfloat16KnownValues() {
        assertThat(HalfPrecision.bfloat16ToFloat((short) 0x3f80)).isEqualTo(1f);
        assertThat(HalfPrecision.floatToBfloat16(1f)).isEqualTo((short) 0x3f80);
        assertThat(HalfPrecision.floatToBfloat16(-3.5f)).isEqualTo((short) 0xc060);
        // 1 + 2^−8 is halfway between 1 and 1 + 2^−7: ties go to even, 1.
        assertThat(HalfPrecision.floatToBfloat16(1f + 0x1p-8f)).isEqualTo((short) 0x3f80);
        assertThat(HalfPrecision.bfloat16ToFloat(HalfPrecision.floatToBfloat16(Float.NaN))).isNaN();
    }
}
