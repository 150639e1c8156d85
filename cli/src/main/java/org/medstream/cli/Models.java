package org.medstream.cli;

import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.job.DetectorCatalog;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Looks up the detector a {@code --model} option names. */
final class Models {
    private Models() {}

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
                            + "' (supported: classic)");
        }
    }
}
