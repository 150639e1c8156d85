package org.medstream.model.serve.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    private static final Path MODELS =
            Path.of(System.getProperty("medstream.data.dir"), "..", "models").normalize();

    @Test
    void loadsEveryShippedLmuModel() throws IOException {
        ModelRegistry registry = new ModelRegistry();

        for (String name :
                new String[] {"lmu-waves", "lmu-beats", "lmu-breaths", "lmu-anomalies"}) {
            registry.load(MODELS.resolve(name), Device.CPU);
        }

        assertThat(registry.models()).hasSize(4);
        assertThat(registry.get("lmu-anomalies").info().task()).isEqualTo("anomalies");
    }

    @Test
    void unknownFamilyIsRejected(@TempDir Path directory) throws IOException {
        Files.writeString(
                directory.resolve("model.json"), "{\"model\": \"patchtst\", \"task\": \"waves\"}");

        assertThatThrownBy(() -> new ModelRegistry().load(directory, Device.CPU))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Cannot serve model 'patchtst'")
                .hasMessageContaining("lmu, medtsllm");
    }

    @Test
    void medTsLlmOtherTaskIsRejected(@TempDir Path directory) throws IOException {
        Files.writeString(
                directory.resolve("model.json"),
                "{\"model\": \"medtsllm\", \"task\": \"rhythm\", \"classes\": [\"N\", \"A\"]}");

        assertThatThrownBy(() -> new ModelRegistry().load(directory, Device.CPU))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Cannot serve MedTsLLM task 'rhythm'")
                .hasMessageContaining("task waves");
    }

    @Test
    void missingFamilyIsRejected(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("model.json"), "{\"task\": \"waves\"}");

        assertThatThrownBy(() -> new ModelRegistry().load(directory, Device.CPU))
                .hasMessageContaining("Missing text field 'model'");
    }

    @Test
    void truncatedModelJsonNamed(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("model.json"), "{\"model\": \"lmu\",\n");

        assertThatThrownBy(() -> new ModelRegistry().load(directory, Device.CPU))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Invalid " + file + ": Unexpected end-of-input")
                .hasMessageEndingWith("(line 2, column 1)")
                .hasMessageNotContaining("REDACTED");
    }

    @Test
    void unclosedModelJsonNamedWithoutSource(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("model.json"), "{\n");

        assertThatThrownBy(() -> new ModelRegistry().load(directory, Device.CPU))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("expected close marker for Object (start marker at [line: 1")
                .hasMessageNotContaining("Source");
    }

    @Test
    void modelFileGivenForDirectoryNamed(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("model.json"), "{}");

        assertThatThrownBy(() -> new ModelRegistry().load(file, Device.CPU))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("is a file, not a model directory");
    }

    @Test
    void missingDirectoryIsRejected(@TempDir Path directory) {
        assertThatThrownBy(() -> new ModelRegistry().load(directory.resolve("absent"), Device.CPU))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("absent");
    }

    @Test
    void gpuIsRejectedForLmu() {
        assertThatThrownBy(
                        () ->
                                new ModelRegistry()
                                        .load(MODELS.resolve("lmu-beats"), Device.parse("gpu:1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Device gpu:1 is not available for LMU model lmu-beats")
                .hasMessageContaining("--device cpu");
    }

    @Test
    void duplicateNameIsRejected() throws IOException {
        ModelRegistry registry = new ModelRegistry();
        registry.load(MODELS.resolve("lmu-beats"), Device.CPU);

        assertThatThrownBy(() -> registry.load(MODELS.resolve("lmu-beats"), Device.CPU))
                .hasMessageContaining("Two models are named 'lmu-beats'");
    }

    @Test
    void deviceParsesCpuAndGpu() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Device.parse("GPU").toString()).isEqualTo("gpu:0");
        assertThat(Device.parse("gpu:2").index()).isEqualTo(2);
        assertThatThrownBy(() -> Device.parse("tpu"))
                .hasMessage("Invalid device 'tpu'; expected cpu, gpu or gpu:N (N = 0, 1, …)");
    }
}
