package org.medstream.stream.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.medtsllm.train.BoundaryProgress;
import org.medstream.model.medtsllm.train.BoundaryTask;
import org.medstream.model.medtsllm.train.BoundaryTrainer;
import org.medstream.model.medtsllm.train.BoundaryTrainingOptions;
import org.medstream.model.medtsllm.train.MedTsLlmTrainingResult;
import org.medstream.stream.breaths.MedTsLlmBreathModels;

/**
 * Trains the small MedTsLLM beats model of the beat tests: three epochs of 48 windows of MIT-BIH
 * record 100 at a high learning rate, validated on record 103, with the stories260K backbone copied
 * into the model directory. Its beats are poor but deterministic.
 */
public final class MedTsLlmBeatModels {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));

    private MedTsLlmBeatModels() {}

    /** Trains the model into {@code directory} and returns it. */
    public static Path train(Path directory) throws IOException {
        BoundaryTrainingOptions options =
                new BoundaryTrainingOptions(
                        BoundaryTask.BEATS,
                        DATA.resolve("mitdb"),
                        directory,
                        MedTsLlmBreathModels.BACKBONE,
                        List.of(100),
                        List.of(103),
                        null,
                        MedTsLlmConfig.defaults(256, 1).withPrototypes(64),
                        null,
                        PromptParts.parse("task"),
                        48,
                        3,
                        1,
                        0,
                        8,
                        true,
                        3e-3f,
                        0.5,
                        null,
                        "medstream train --model medtsllm --task beats",
                        "test");
        try (MedTsLlmTrainingResult result =
                new BoundaryTrainer(BoundaryProgress.NONE).train(options)) {
            assertThat(result.metadata().skippedBatches()).isZero();
        }
        Files.copy(
                MedTsLlmBreathModels.BACKBONE,
                directory.resolve(MedTsLlmBreathModels.BACKBONE.getFileName()));
        return directory;
    }
}
