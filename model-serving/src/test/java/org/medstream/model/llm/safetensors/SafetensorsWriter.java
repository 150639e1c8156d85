package org.medstream.model.llm.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medstream.model.llm.FloatTensor;
import org.medstream.model.llm.HalfPrecision;

/** Writes float tensors to a safetensors file in F32, F16 or BF16, for tests. */
final class SafetensorsWriter {
    private final String dtype;
    private final Map<String, FloatTensor> tensors = new LinkedHashMap<>();

    SafetensorsWriter(String dtype) {
        this.dtype = dtype;
    }

    SafetensorsWriter add(String name, FloatTensor tensor) {
        tensors.put(name, tensor);
        return this;
    }

    void write(Path path) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, FloatTensor> entry : tensors.entrySet()) {
            long begin = data.size();
            data.writeBytes(encode(entry.getValue().values()));
            ObjectNode node = header.putObject(entry.getKey());
            node.put("dtype", dtype);
            for (long dimension : entry.getValue().shape()) {
                node.withArray("shape").add(dimension);
            }
            node.putArray("data_offsets").add(begin).add(data.size());
        }

        byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        ByteBuffer file =
                ByteBuffer.allocate(8 + headerBytes.length + data.size())
                        .order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(headerBytes.length).put(headerBytes).put(data.toByteArray());
        Files.write(path, file.array());
    }

    /** Rounds {@code value} to this writer's dtype, as a reader will see it. */
    float round(float value) {
        switch (dtype) {
            case "F16":
                return HalfPrecision.float16ToFloat(HalfPrecision.floatToFloat16(value));
            case "BF16":
                return HalfPrecision.bfloat16ToFloat(HalfPrecision.floatToBfloat16(value));
            default:
                return value;
        }
    }

    private byte[] encode(float[] values) {
        int width = dtype.equals("F32") ? 4 : 2;
        ByteBuffer buffer =
                ByteBuffer.allocate(width * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            switch (dtype) {
                case "F32":
                    buffer.putFloat(value);
                    break;
                case "F16":
                    buffer.putShort(HalfPrecision.floatToFloat16(value));
                    break;
                default:
                    buffer.putShort(HalfPrecision.floatToBfloat16(value));
                    break;
            }
        }
        return buffer.array();
    }
}
