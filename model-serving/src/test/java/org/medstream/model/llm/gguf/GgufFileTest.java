package org.medstream.model.llm.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.model.llm.FloatTensor;
import org.medstream.model.llm.HalfPrecision;
import org.medstream.model.llm.Stories260K;

class GgufFileTest {
    private static final int F32 = 0;
    private static final int F16 = 1;
    private static final int Q8_0 = 8;
    private static final int Q4_K = 12;
    private static final int BF16 = 30;

    @TempDir Path directory;

    @Test
    void storiesHeaderRead() throws IOException {
        GgufFile file = GgufFile.open(Stories260K.GGUF);

        assertThat(file.version()).isEqualTo(3);
        assertThat(file.alignment()).isEqualTo(32);
        assertThat(file.tensors()).hasSize(48);
        assertThat(file.metadata().getLong("llama.block_count")).isEqualTo(5);
        assertThat(file.metadata().getDouble("llama.attention.layer_norm_rms_epsilon"))
                .isEqualTo(1e-5, org.assertj.core.data.Offset.offset(1e-10));
        assertThat(file.metadata().getStrings("tokenizer.ggml.tokens")).hasSize(512);
        assertThat(file.metadata().getString("general.architecture")).isEqualTo("llama");
    }

    @Test
    void storiesShapeReversed() throws IOException {
        GgufFile file = GgufFile.open(Stories260K.GGUF);

        GgufTensorInfo key = file.tensors().get("blk.0.attn_k.weight");
        FloatTensor embedding = file.readTensor("token_embd.weight");

        assertThat(key.dimensions()).containsExactly(64, 32);
        assertThat(key.shape()).containsExactly(32, 64);
        assertThat(embedding.shape()).containsExactly(512, 64);
        assertThat(embedding.values()).hasSize(512 * 64);
    }

    @Test
    void everyMetadataTypeRead() throws IOException {
        Path path = directory.resolve("metadata.gguf");
        new GgufWriter(3, 32)
                .putEncoded("uint8", value(0).put((byte) 200))
                .putEncoded("int8", value(1).put((byte) -5))
                .putEncoded("uint16", value(2).putShort((short) 60000))
                .putEncoded("int16", value(3).putShort((short) -30000))
                .putEncoded("uint32", value(4).putInt((int) 4_000_000_000L))
                .putEncoded("int32", value(5).putInt(-7))
                .putEncoded("float32", value(6).putFloat(1.5f))
                .putEncoded("bool", value(7).put((byte) 1))
                .putEncoded(
                        "string", value(8).putLong(2).put(new byte[] {(byte) 0xc3, (byte) 0xbc}))
                .putEncoded("array", value(9).putInt(5).putLong(3).putInt(1).putInt(2).putInt(3))
                .putEncoded("uint64", value(10).putLong(-1))
                .putEncoded("int64", value(11).putLong(-9))
                .putEncoded("float64", value(12).putDouble(2.5))
                .putEncoded(
                        "nested",
                        value(9).putInt(9)
                                .putLong(2)
                                .putInt(0)
                                .putLong(1)
                                .put((byte) 1)
                                .putInt(0)
                                .putLong(2)
                                .put((byte) 2)
                                .put((byte) 3))
                .write(path);

        GgufMetadata metadata = GgufFile.open(path).metadata();

        assertThat(metadata.asMap().get("uint8")).isEqualTo(200);
        assertThat(metadata.asMap().get("int8")).isEqualTo(-5);
        assertThat(metadata.asMap().get("uint16")).isEqualTo(60000);
        assertThat(metadata.asMap().get("int16")).isEqualTo(-30000);
        assertThat(metadata.asMap().get("uint32")).isEqualTo(4_000_000_000L);
        assertThat(metadata.asMap().get("int32")).isEqualTo(-7);
        assertThat(metadata.asMap().get("float32")).isEqualTo(1.5f);
        assertThat(metadata.asMap().get("bool")).isEqualTo(true);
        assertThat(metadata.getString("string")).isEqualTo("ü");
        assertThat(metadata.getInts("array")).containsExactly(1, 2, 3);
        assertThat(Long.toUnsignedString(metadata.getLong("uint64")))
                .isEqualTo("18446744073709551615");
        assertThat(metadata.getLong("int64")).isEqualTo(-9);
        assertThat(metadata.getDouble("float64")).isEqualTo(2.5);
        assertThat(metadata.asMap().get("nested")).isEqualTo(List.of(List.of(1), List.of(2, 3)));
    }

    @Test
    void unknownMetadataTypeRejected() throws IOException {
        Path path = directory.resolve("type.gguf");
        new GgufWriter(3, 32).putEncoded("general.odd", value(13).putInt(0)).write(path);

        assertThatThrownBy(() -> GgufFile.open(path))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "type.gguf: metadata key general.odd has unknown value type 13 at byte 43"
                                + " (known: 0 to 12)");
    }

    @Test
    void missingMetadataKeyNamed() throws IOException {
        GgufMetadata metadata = GgufFile.open(Stories260K.GGUF).metadata();

        assertThatThrownBy(() -> metadata.getLong("llama.expert_count"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stories260K.gguf: metadata key llama.expert_count is missing");
    }

    @Test
    void plainTypesDequantised() throws IOException {
        float[] halfValues = {1.5f, -2.25f, 65504f, 0x1p-14f, 0x1p-24f, 0f, -0f, 1f / 3};
        float[] bfloatValues = {1f, -3.5f, 1e30f, 0x1p-126f, 1f / 3, 0f};
        float[] floatValues = {1f, 2f, 3f, 4f, 5f, 6f};
        Path path = directory.resolve("types.gguf");
        new GgufWriter(3, 32)
                .put("general.architecture", "test")
                .tensor("f32", new long[] {3, 2}, F32, floatBytes(floatValues))
                .tensor("f16", new long[] {8}, F16, halfBytes(halfValues, false))
                .tensor("bf16", new long[] {6}, BF16, halfBytes(bfloatValues, true))
                .write(path);
        GgufFile file = GgufFile.open(path);

        FloatTensor f32 = file.readTensor("f32");
        FloatTensor f16 = file.readTensor("f16");
        FloatTensor bf16 = file.readTensor("bf16");

        assertThat(f32.shape()).containsExactly(2, 3);
        assertThat(f32.values()).containsExactly(floatValues);
        assertThat(f16.values())
                .containsExactly(1.5f, -2.25f, 65504f, 0x1p-14f, 0x1p-24f, 0f, -0f, 0.33325195f);
        assertThat(bf16.values())
                .containsExactly(
                        1f,
                        -3.5f,
                        HalfPrecision.bfloat16ToFloat(HalfPrecision.floatToBfloat16(1e30f)),
                        0x1p-126f,
                        0.333984375f,
                        0f);
    }

    @Test
    void q8BlocksDequantised() throws IOException {
        // Two blocks of 32: scales 0.5 and 0.25, quants −128..−97 and 96..127.
        ByteBuffer bytes = ByteBuffer.allocate(2 * 34).order(ByteOrder.LITTLE_ENDIAN);
        float[] expected = new float[64];
        float[] scales = {0.5f, 0.25f};
        for (int block = 0; block < 2; block++) {
            bytes.putShort(HalfPrecision.floatToFloat16(scales[block]));
            for (int i = 0; i < 32; i++) {
                int quant = block == 0 ? -128 + i : 96 + i;
                bytes.put((byte) quant);
                expected[block * 32 + i] = scales[block] * quant;
            }
        }
        Path path = directory.resolve("q8.gguf");
        new GgufWriter(3, 32).tensor("q8", new long[] {32, 2}, Q8_0, bytes.array()).write(path);

        FloatTensor tensor = GgufFile.open(path).readTensor("q8");

        assertThat(tensor.shape()).containsExactly(2, 32);
        assertThat(tensor.values()).containsExactly(expected);
    }

    @Test
    void versionTwoAndWideAlignmentRead() throws IOException {
        Path path = directory.resolve("v2.gguf");
        new GgufWriter(2, 64)
                .put("general.alignment", 64)
                .tensor("a", new long[] {3}, F32, floatBytes(new float[] {1f, 2f, 3f}))
                .tensor("b", new long[] {2}, F32, floatBytes(new float[] {4f, 5f}))
                .write(path);

        GgufFile file = GgufFile.open(path);

        assertThat(file.version()).isEqualTo(2);
        assertThat(file.alignment()).isEqualTo(64);
        assertThat(file.dataStart() % 64).isZero();
        assertThat(file.readTensor("b").values()).containsExactly(4f, 5f);
    }

    @Test
    void unsupportedTypeNamed() throws IOException {
        Path path = directory.resolve("stories.gguf");
        new GgufWriter(3, 32)
                .tensor("blk.0.attn_q.weight", new long[] {256}, Q4_K, new byte[144])
                .write(path);
        GgufFile file = GgufFile.open(path);

        assertThatThrownBy(() -> file.readTensor("blk.0.attn_q.weight"))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "stories.gguf: tensor blk.0.attn_q.weight has type Q4_K; supported: F32,"
                                + " F16, BF16, Q8_0");
    }

    @Test
    void unknownTypeIdNamed() throws IOException {
        Path path = directory.resolve("future.gguf");
        new GgufWriter(3, 32).tensor("x", new long[] {4}, 99, new byte[16]).write(path);
        GgufFile file = GgufFile.open(path);

        assertThatThrownBy(() -> file.readTensor("x"))
                .hasMessage(
                        "future.gguf: tensor x has type type id 99; supported: F32, F16, BF16, Q8_0");
    }

    @Test
    void truncatedDataRejected() throws IOException {
        byte[] whole = Files.readAllBytes(Stories260K.GGUF);
        Path path = directory.resolve("cut.gguf");
        Files.write(path, Arrays.copyOf(whole, whole.length - 100));

        assertThatThrownBy(() -> GgufFile.open(path))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "cut.gguf: tensor blk.4.ffn_norm.weight occupies bytes 1185120 to 1185376"
                                + " but the file has only 1185276 bytes (truncated file?)");
    }

    @Test
    void truncatedHeaderRejected() throws IOException {
        byte[] whole = Files.readAllBytes(Stories260K.GGUF);
        Path path = directory.resolve("header.gguf");
        Files.write(path, Arrays.copyOf(whole, 1000));

        assertThatThrownBy(() -> GgufFile.open(path))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "header.gguf: array length 512 at byte 61 in the value of metadata key"
                                + " tokenizer.ggml.tokens needs at least 4096 bytes but only 931"
                                + " follow (truncated or corrupt file?)");
    }

    @Test
    void fileEndingInsideStringRejected() throws IOException {
        byte[] whole = Files.readAllBytes(Stories260K.GGUF);
        Path path = directory.resolve("string.gguf");
        Files.write(path, Arrays.copyOf(whole, 5000));

        assertThatThrownBy(() -> GgufFile.open(path))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("string.gguf: file ends at byte 5000 but ")
                .hasMessageEndingWith(
                        " in the value of metadata key tokenizer.ggml.tokens (truncated file?)");
    }

    @Test
    void badMagicRejected() throws IOException {
        Path path = directory.resolve("model.zip");
        Files.write(path, new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0});

        assertThatThrownBy(() -> GgufFile.open(path))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "model.zip: not a GGUF file: the first bytes are 50 4b 03 04 but a GGUF"
                                + " file starts with 47 47 55 46 (\"GGUF\")");
    }

    @Test
    void versionOneRejected() throws IOException {
        Path path = directory.resolve("old.gguf");
        new GgufWriter(1, 32).write(path);

        assertThatThrownBy(() -> GgufFile.open(path))
                .hasMessage("old.gguf: unsupported GGUF version 1; supported: 2, 3");
    }

    /** Starts an encoded metadata value: the uint32 type id, with room for the value. */
    private static ByteBuffer value(int typeId) {
        return ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putInt(typeId);
    }

    private static byte[] floatBytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    private static byte[] halfBytes(float[] values, boolean bfloat) {
        ByteBuffer buffer = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putShort(
                    bfloat
                            ? HalfPrecision.floatToBfloat16(value)
                            : HalfPrecision.floatToFloat16(value));
        }
        return buffer.array();
    }
}
