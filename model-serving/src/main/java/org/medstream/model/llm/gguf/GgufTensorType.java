package org.medstream.model.llm.gguf;

/**
 * Tensor element types of GGUF files (ggml's {@code ggml_type}), by their numeric id. Only the
 * types that this reader dequantises carry a block layout. The others are listed so that an error
 * can name the type a file uses.
 */
public enum GgufTensorType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2),
    Q4_1(3),
    Q5_0(6),
    Q5_1(7),
    /** Blocks of 32 elements: a binary16 scale d, then 32 int8 values q; element = d · q. */
    Q8_0(8, 32, 34),
    Q8_1(9),
    Q2_K(10),
    Q3_K(11),
    Q4_K(12),
    Q5_K(13),
    Q6_K(14),
    Q8_K(15),
    IQ2_XXS(16),
    IQ2_XS(17),
    IQ3_XXS(18),
    IQ1_S(19),
    IQ4_NL(20),
    IQ3_S(21),
    IQ2_S(22),
    IQ4_XS(23),
    I8(24),
    I16(25),
    I32(26),
    I64(27),
    F64(28),
    IQ1_M(29),
    BF16(30, 1, 2),
    TQ1_0(34),
    TQ2_0(35),
    MXFP4(39);

    /** The types that {@link GgufFile#readTensor} converts to float32, for error messages. */
    public static final String SUPPORTED = "F32, F16, BF16, Q8_0";

    private final int id;
    private final int blockElements;
    private final int blockBytes;

    GgufTensorType(int id) {
        this(id, 0, 0);
    }

    GgufTensorType(int id, int blockElements, int blockBytes) {
        this.id = id;
        this.blockElements = blockElements;
        this.blockBytes = blockBytes;
    }

    /** Returns the type with ggml id {@code id}, or null when the id is unknown. */
    static GgufTensorType fromId(int id) {
        for (GgufTensorType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        return null;
    }

    /** Returns the ggml id stored in a file. */
    public int id() {
        return id;
    }

    /** Returns whether this reader can dequantise the type. */
    public boolean isSupported() {
        return blockBytes > 0;
    }

    /**
     * Bytes that {@code elements} values of this type take in a file.
     *
     * @throws IllegalArgumentException when the count is not a whole number of blocks
     */
    long byteSize(long elements) {
        if (elements % blockElements != 0) {
            throw new IllegalArgumentException(
                    elements + " elements are not a whole number of " + name() + " blocks");
        }
        return elements / blockElements * blockBytes;
    }
}
