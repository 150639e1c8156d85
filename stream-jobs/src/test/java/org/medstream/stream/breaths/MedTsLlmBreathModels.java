package org.medstream.stream.breaths;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.medstream.model.medtsllm.CovariateMode;
import org.medstream.model.medtsllm.Covariates;
import org.medstream.model.medtsllm.MedTsLlmConfig;
import org.medstream.model.medtsllm.prompt.PromptParts;
import org.medstream.model.medtsllm.train.BoundaryProgress;
import org.medstream.model.medtsllm.train.BoundaryTask;
import org.medstream.model.medtsllm.train.BoundaryTrainer;
import org.medstream.model.medtsllm.train.BoundaryTrainingOptions;
import org.medstream.model.medtsllm.train.MedTsLlmTrainingResult;
import org.medstream.model.train.TimeSplit;

/**
 * Trains the small MedTsLLM breaths models of the breath operator tests on the bundled BIDMC record
 * 01: RESP and PLETH interleaved or RESP alone, 0–60 s for training, with the stories260K backbone
 * copied into the model directory. A few epochs of 24 windows give poor but deterministic breaths.
 */
public final class MedTsLlmBreathModels {
    public static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    public static final Path RECORD = DATA.resolve("bidmc").resolve("bidmc_01_Signals.csv");
    public static final Path BACKBONE =
            DATA.resolveSibling("models").resolve("stories260K").resolve("stories260K.gguf");

    /** Channels of the models, as {@code model.json} names them. */
    public static final List<String> CHANNELS = List.of("RESP", "PLETH");

    private MedTsLlmBreathModels() {}

    /** Trains a model of {@link #CHANNELS} into {@code directory} and returns it. */
    public static Path train(Path directory) throws IOException {
        return train(directory, true);
    }

    /**
     * Trains a model into {@code directory} and returns it.
     *
     * @param covariates whether the model reads PLETH beside RESP, interleaved, or RESP alone
     */
    public static Path train(Path directory, boolean covariates) throws IOException {
        MedTsLlmConfig network = MedTsLlmConfig.defaults(512, 1).withPrototypes(64);
        BoundaryTrainingOptions options =
                new BoundaryTrainingOptions(
                        BoundaryTask.BREATHS,
                        DATA.resolve("bidmc"),
                        directory,
                        BACKBONE,
                        List.of(1),
                        List.of(1),
                        new TimeSplit(0, 60, 270, 300),
                        covariates
                                ? network.withCovariates(
                                        new Covariates(CovariateMode.INTERLEAVE, 2))
                                : network,
                        covariates ? CHANNELS : null,
                        PromptParts.parse("task"),
                        24,
                        4,
                        1,
                        0,
                        8,
                        true,
                        3e-3f,
                        0.5,
                        null,
                        "medstream train --model medtsllm --task breaths",
                        "test");
        try (MedTsLlmTrainingResult result =
                new BoundaryTrainer(BoundaryProgress.NONE).train(options)) {
            assertThat(result.metadata().skippedBatches()).isZero();
        }
        Files.copy(BACKBONE, directory.resolve(BACKBONE.getFileName()));
        return directory;
    }
}
