package org.medstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.ingest.wfdb.WfdbReadOptions;
import picocli.CommandLine.Option;

/** WFDB read options of the records given with {@code --record}, as a picocli mixin. */
final class RecordOptions {
    @Option(
            names = "--allow-short-file",
            description =
                    "Read the frames that exist when a signal file is shorter than its header"
                            + " says (logged as a warning) instead of failing.")
    boolean allowShortFile;

    @Option(
            names = "--no-verify",
            description =
                    "Skip the check of each signal's first sample and checksum against the"
                            + " header.")
    boolean noVerify;

    Recording open(Path path) throws IOException {
        WfdbReadOptions options =
                WfdbReadOptions.defaults().allowShortFile(allowShortFile).verify(!noVerify);
        return RecordingFiles.open(path, options);
    }
}
