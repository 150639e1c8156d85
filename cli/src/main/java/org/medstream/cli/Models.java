package org.medstream.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.detect.LmuBeatDetector;
import org.medstream.stream.detect.MedTsLlmBeatDetector;
import org.medstream.stream.job.DetectorCatalog;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Looks up the detector a {@code --model} option names. */
final class Models {
    /** Directory of the shipped LMU wave model, relative to the medstream home. */
    static final String BUNDLED_WAVE_MODEL = "models/lmu-waves";

    /** Directory of the shipped LMU breaths model, relative to the medstream home. */
    static final String BUNDLED_BREATHS_MODEL = "models/lmu-breaths";

    /** Directory of the shipped LMU anomalies model, relative to the medstream home. */
    static final String BUNDLED_ANOMALIES_MODEL = "models/lmu-anomalies";

    private Models() {}

    /**
     * Returns the shipped anomalies model under $MEDSTREAM_HOME, or under the working directory.
     */
    static Path bundledAnomaliesModel() {
        return bundled(BUNDLED_ANOMALIES_MODEL);
    }

    /** Returns the shipped wave model under $MEDSTREAM_HOME, or under the working directory. */
    static Path bundledWaveModel() {
        return bundled(BUNDLED_WAVE_MODEL);
    }

    /** Returns the shipped breaths model under $MEDSTREAM_HOME, or under the working directory. */
    static Path bundledBreathsModel() {
        return bundled(BUNDLED_BREATHS_MODEL);
    }

    private static Path bundled(String directory) {
        Path home = Path.of(System.getenv().getOrDefault("MEDSTREAM_HOME", "."));
        return home.resolve(directory);
    }

    /**
     * Returns the detector called {@code model}.
     *
     * @throws ParameterException when no detector has that name
     */
    static BeatDetector<?> beatDetector(CommandLine commandLine, String model) {
        try {
            return DetectorCatalog.byName(model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    commandLine,
                    "Invalid value for option '--model': unknown model '"
                            + model
                            + "' (supported: classic, lmu)");
        } catch (UncheckedIOException e) {
            throw new ParameterException(commandLine, e.getMessage(), e);
        }
    }

    /**
     * Returns the MedTsLLM beat detector for the model in {@code directory}.
     *
     * @throws ParameterException naming --model-dir when it contains no one-lead beats model
     */
    static BeatDetector<?> medTsLlmBeatDetector(CommandLine commandLine, Path directory) {
        try {
            return new MedTsLlmBeatDetector(directory);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw invalidModelDirectory(commandLine, e);
        }
    }

    /**
     * Returns the LMU beat detector with the beats model in {@code directory}.
     *
     * @throws ParameterException when the directory contains no beats model
     */
    static BeatDetector<?> lmuBeatDetector(CommandLine commandLine, Path directory) {
        try {
            return new LmuBeatDetector(directory);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw invalidModelDirectory(commandLine, e);
        }
    }

    /** Returns the usage error for a --model-dir whose model cannot be loaded, with the cause. */
    static ParameterException invalidModelDirectory(CommandLine commandLine, Exception cause) {
        return new ParameterException(
                commandLine,
                "Invalid value for option '--model-dir': " + cause.getMessage(),
                cause);
    }
}
