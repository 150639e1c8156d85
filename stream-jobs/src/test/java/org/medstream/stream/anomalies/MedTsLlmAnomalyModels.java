package org.medstream.stream.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.medtsllm.train.AnomalyProgress;
import org.medstream.model.medtsllm.train.AnomalyTrainer;
import org.medstream.model.medtsllm.train.AnomalyTrainingOptions;
import org.medstream.model.medtsllm.train.MedTsLlmTrainingResult;

/**
 * Trains the small MedTsLLM anomaly model of the anomaly operator tests: one epoch of 16 windows of
 * MIT-BIH record 100 with a rate of 5 %, so that it marks many spans, with the stories260K backbone
 * copied into the model directory.
 */
public final class MedTsLlmAnomalyModels {
    public static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final Path BACKBONE =
            DATA.resolveSibling("models").resolve("stories260K").resolve("stories260K.gguf");

    private MedTsLlmAnomalyModels() {}

    /** Trains the model into {@code directory} and returns it. */
    public static Path train(Path directory) throws IOException {
        AnomalyTrainingOptions options =
                new AnomalyTrainingOptions(
                        DATA.resolve("mitdb"),
                        directory,
                        BACKBONE,
                        List.of(100),
                        List.of(103),
                        MedTsLlmConfig.defaults(256, 1).withPrototypes(64),
                        PromptParts.parse("task"),
                        16,
                        1,
                        1,
                        0,
                        4,
                        true,
                        1e-4f,
                        0.05,
                        "medstream train --model medtsllm --task anomalies",
                        "test");
        try (MedTsLlmTrainingResult result =
                new AnomalyTrainer(AnomalyProgress.NONE).train(options)) {
            assertThat(result.metadata().skippedBatches()).isZero();
        }
        Files.copy(BACKBONE, directory.resolve(BACKBONE.getFileName()));
        return directory;
    }
}
