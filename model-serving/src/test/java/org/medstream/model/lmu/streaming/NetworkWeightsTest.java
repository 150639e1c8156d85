package org.medstream.model.lmu.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkWeightsTest {
    @TempDir Path folder;

    @Test
    void roundTrip() throws IOException {
        Path file = folder.resolve("net.weights");
        sample().write(file);

        NetworkWeights read = NetworkWeights.read(file);

        assertThat(read.names()).containsExactly("a.weight", "a.bias");
        assertThat(read.values("a.weight", 2, 3)).containsExactly(1, 2, 3, 4, 5, -6.5f);
        assertThat(read.values("a.bias", 2)).containsExactly(0.25f, Float.MIN_VALUE);
    }

    @Test
    void wrongShapeNamed() {
        assertThatThrownBy(() -> sample().values("a.weight", 3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Tensor 'a.weight' has shape [2, 3], the network needs [3, 2]");
    }

    @Test
    void missingTensorNamed() {
        assertThatThrownBy(() -> sample().values("head.bias", 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No tensor 'head.bias' in the weights; present: [a.weight, a.bias]");
    }

    @Test
    void otherFileRejected() throws IOException {
        Path file = folder.resolve("model.json");
        Files.writeString(file, "{\"task\": \"waves\"}");

        assertThatThrownBy(() -> NetworkWeights.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("model.json is not a medstream network weights file");
    }

    @Test
    void cutFileRejected() throws IOException {
        Path file = folder.resolve("net.weights");
        sample().write(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));

        assertThatThrownBy(() -> NetworkWeights.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith(
                        "net.weights ends before its last tensor; the file is cut short");
    }

    @Test
    void tensorLargerThanFileRejected() throws IOException {
        Path file = folder.resolve("net.weights");
        Map<String, NetworkWeights.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("x", new NetworkWeights.Tensor(new int[] {1}, new float[] {1}));
        new NetworkWeights(tensors).write(file);
        byte[] bytes = Files.readAllBytes(file);
        // The dimension of "x" follows magic, version, count, name (2 + 1 bytes) and rank.
        int dimension = 4 + 4 + 4 + 3 + 4;
        bytes[dimension + 1] = 0x10;
        Files.write(file, bytes);

        assertThatThrownBy(() -> NetworkWeights.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("tensor x of 1048577 values is larger than the file");
    }

    @Test
    void shapeMustMatchValues() {
        assertThatThrownBy(() -> new NetworkWeights.Tensor(new int[] {2, 2}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Shape [2, 2] needs 4 values, got 3");
    }

    private static NetworkWeights sample() {
        Map<String, NetworkWeights.Tensor> tensors = new LinkedHashMap<>();
        tensors.put(
                "a.weight",
                new NetworkWeights.Tensor(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
        tensors.put(
                "a.bias",
                new NetworkWeights.Tensor(new int[] {2}, new float[] {0.25f, Float.MIN_VALUE}));
        return new NetworkWeights(tensors);
    }
}
