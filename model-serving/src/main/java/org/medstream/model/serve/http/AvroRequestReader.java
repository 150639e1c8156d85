package org.medstream.model.serve.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.medstream.model.serve.inference.InvalidRequestException;
import org.medstream.model.serve.inference.Window;

/**
 * Reads a request body in the binary encoding of {@code InferenceRequest.avsc}, field by field with
 * Avro's {@link BinaryDecoder}. Avro's generic reader allocates every string and array at the
 * length the body declares, so a body of a few bytes could declare gigabytes. This reader checks
 * each declared length against the bytes the body has left before it allocates. Not thread-safe;
 * use one per body.
 */
final class AvroRequestReader {
    private final BinaryDecoder decoder;

    AvroRequestReader(byte[] body) {
        this.decoder = DecoderFactory.get().binaryDecoder(body, null);
    }

    /**
     * Reads the whole body as one request.
     *
     * @throws InvalidRequestException naming the field that could not be read
     */
    InferenceRequest read() throws InvalidRequestException {
        try {
            List<Window> windows = new ArrayList<>();
            for (long block = decoder.readArrayStart(); block != 0; block = decoder.arrayNext()) {
                requireBytesLeft(block, "windows");
                for (long i = 0; i < block; i++) {
                    windows.add(window("windows[" + windows.size() + "]"));
                }
            }
            if (!decoder.isEnd()) {
                throw new InvalidRequestException(
                        "body",
                        "trailing bytes after one InferenceRequest",
                        "exactly one InferenceRequest in Avro binary encoding");
            }
            return new InferenceRequest(windows);
        } catch (IOException e) {
            throw new InvalidRequestException(
                    "body",
                    e.getClass().getSimpleName() + ": " + e.getMessage(),
                    "one InferenceRequest in Avro binary encoding (" + AvroCodec.MEDIA_TYPE + ")");
        }
    }

    private Window window(String field) throws IOException, InvalidRequestException {
        String streamId = string(field + ".streamId");

        List<String> leads = new ArrayList<>();
        for (long block = decoder.readArrayStart(); block != 0; block = decoder.arrayNext()) {
            requireBytesLeft(block, field + ".leads");
            for (long i = 0; i < block; i++) {
                leads.add(string(field + ".leads[" + leads.size() + "]"));
            }
        }

        double samplingFrequencyHz = decoder.readDouble();

        List<float[]> rows = new ArrayList<>();
        for (long block = decoder.readArrayStart(); block != 0; block = decoder.arrayNext()) {
            requireBytesLeft(block, field + ".samples");
            for (long i = 0; i < block; i++) {
                rows.add(floats(field + ".samples[" + rows.size() + "]"));
            }
        }

        int warmupSamples = decoder.readInt();

        Map<String, String> patient = new LinkedHashMap<>();
        for (long block = decoder.readMapStart(); block != 0; block = decoder.mapNext()) {
            requireBytesLeft(block, field + ".patient");
            for (long i = 0; i < block; i++) {
                String key = string(field + ".patient");
                patient.put(key, string(field + ".patient." + key));
            }
        }
        return new Window(
                streamId,
                leads,
                samplingFrequencyHz,
                rows.toArray(new float[0][]),
                warmupSamples,
                patient);
    }

    private float[] floats(String field) throws IOException, InvalidRequestException {
        float[] values = new float[0];
        int count = 0;
        for (long block = decoder.readArrayStart(); block != 0; block = decoder.arrayNext()) {
            requireBytesLeft(block, field);
            requireBytesLeft(block * Float.BYTES, field);
            values = Arrays.copyOf(values, count + (int) block);
            for (long i = 0; i < block; i++) {
                values[count++] = decoder.readFloat();
            }
        }
        return values;
    }

    private String string(String field) throws IOException, InvalidRequestException {
        long length = decoder.readLong();
        if (length < 0) {
            throw new InvalidRequestException(
                    field, length + " bytes", "a string length of 0 or more");
        }
        requireBytesLeft(length, field);
        byte[] bytes = new byte[(int) length];
        decoder.readFixed(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Checks that {@code bytes} more bytes can still be in the body. */
    private void requireBytesLeft(long bytes, String field)
            throws IOException, InvalidRequestException {
        long left = remaining();
        if (bytes > left) {
            throw new InvalidRequestException(
                    field,
                    "a declared length of " + bytes + " bytes",
                    "at most the " + left + " bytes left in the body");
        }
    }

    private long remaining() throws IOException {
        return decoder.inputStream().available();
    }
}
