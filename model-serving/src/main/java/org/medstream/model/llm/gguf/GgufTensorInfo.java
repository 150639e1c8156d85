package org.medstream.model.llm.gguf;

import java.util.Arrays;

/**
 * Location and storage type of one tensor in a GGUF file.
 *
 * @param name the tensor name, e.g. {@code blk.0.attn_q.weight}
 * @param dimensions the sizes as GGUF lists them: the first varies fastest, so a [out, in] weight
 *     matrix is listed as {in, out}
 * @param type the element type
 * @param typeId the ggml type id as stored, which names the type when {@code type} is null (an id
 *     this reader does not know)
 * @param offset the byte offset of the data from the start of the file's data section
 */
public record GgufTensorInfo(
        String name, long[] dimensions, GgufTensorType type, int typeId, long offset) {

    /** Row-major shape (outermost first): the GGUF dimensions reversed. */
    public long[] shape() {
        long[] shape = new long[dimensions.length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dimensions[dimensions.length - 1 - i];
        }
        return shape;
    }

    /** Number of elements. */
    public long elementCount() {
        long count = 1;
        for (long dimension : dimensions) {
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    /** Returns the type's name, or {@code type id N} for an id that this reader does not know. */
    public String typeName() {
        return type == null ? "type id " + typeId : type.name();
    }

    @Override
    public String toString() {
        return name + " " + typeName() + " " + Arrays.toString(dimensions);
    }
}
