package org.medstream.model.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading model directories for the streaming path, the shipped ones and broken copies. */
class StreamingLmuModelTest {
    private static final Path MODELS =
            Path.of(System.getProperty("medstream.data.dir"), "..", "models");

    @TempDir Path folder;

    @Test
    void shippedModelsLoad() throws IOException {
        assertThat(StreamingLmuModel.load(MODELS.resolve("lmu-waves")).network().leads())
                .isEqualTo(12);
        assertThat(StreamingLmuModel.load(MODELS.resolve("lmu-beats")).network().classes())
                .isEqualTo(6);
    }

    @Test
    void delayDisagreeingWithNetworkRejected() throws IOException {
        Path copy = copy("lmu-beats");
        Path json = copy.resolve("model.json");
        Files.writeString(
                json,
                Files.readString(json)
                        .replaceFirst("\"delaySamples\" : 43", "\"delaySamples\" : 40"));

        assertThatThrownBy(() -> StreamingLmuModel.load(copy))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("delaySamples 40 but network.delaySamples 43");
    }

    @Test
    void missingWeightsNamed() throws IOException {
        Path copy = copy("lmu-beats");
        Files.delete(copy.resolve("lmu-beats.weights"));

        assertThatThrownBy(() -> StreamingLmuModel.load(copy))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("lmu-beats.weights");
    }

    private Path copy(String model) throws IOException {
        Path copy = Files.createDirectories(folder.resolve(model));
        try (var files = Files.list(MODELS.resolve(model))) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }
}
