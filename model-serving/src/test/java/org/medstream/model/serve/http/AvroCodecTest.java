package org.medstream.model.serve.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medstream.model.serve.inference.InvalidRequestException;
import org.medstream.model.serve.inference.Window;

class AvroCodecTest {
    private static final AvroCodec CODEC = new AvroCodec();

    @Test
    void requestRoundTrips() throws InvalidRequestException {
        Window window =
                new Window(
                        "bed-1",
                        List.of("ii", "v1"),
                        500,
                        new float[][] {{1f, -2.5f}, {3f, 4f}},
                        1,
                        Map.of("age", "69"));

        InferenceRequest read =
                CODEC.readRequest(CODEC.writeRequest(new InferenceRequest(List.of(window))));

        Window copy = read.windows().get(0);
        assertThat(copy.streamId()).isEqualTo("bed-1");
        assertThat(copy.leads()).containsExactly("ii", "v1");
        assertThat(copy.samplingFrequencyHz()).isEqualTo(500);
        assertThat(copy.samples()).isDeepEqualTo(window.samples());
        assertThat(copy.warmupSamples()).isEqualTo(1);
        assertThat(copy.patient()).containsEntry("age", "69");
    }

    @Test
    void hugeDeclaredStringIsRejected() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeLong(body, 1);
        writeLong(body, Integer.MAX_VALUE - 16);
        body.write('x');

        assertThatThrownBy(() -> CODEC.readRequest(body.toByteArray()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(
                        "Invalid windows[0].streamId a declared length of 2147483631 bytes");
    }

    @Test
    void hugeDeclaredArrayIsRejected() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeLong(body, Integer.MAX_VALUE - 16);

        assertThatThrownBy(() -> CODEC.readRequest(body.toByteArray()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Invalid windows a declared length of 2147483631 bytes");
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] request =
                CODEC.writeRequest(
                        new InferenceRequest(
                                List.of(
                                        new Window(
                                                "s",
                                                List.of("ii"),
                                                500,
                                                new float[][] {{1f}},
                                                0,
                                                null))));
        byte[] body = java.util.Arrays.copyOf(request, request.length + 1);

        assertThatThrownBy(() -> CODEC.readRequest(body))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("trailing bytes");
    }

    /** Writes a long as Avro does: zig-zag, then 7 bits per byte. */
    private static void writeLong(ByteArrayOutputStream out, long value) {
        long n = (value << 1) ^ (value >> 63);
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
    }
}
