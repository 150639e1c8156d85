package org.medstream.ingest.wfdb;

import java.nio.file.Path;

/** A signal file named by a header that does not exist next to the header. */
public class WfdbDataFileNotFoundException extends WfdbException {
    private static final long serialVersionUID = 1L;

    private final Path missingFile;

    public WfdbDataFileNotFoundException(String headerName, int signal, Path missingFile) {
        super(
                String.format(
                        "Data file not found: %s names signal file %s for signal %d, but %s does"
                                + " not exist; copy the signal file next to the header or fix the"
                                + " file name in the header",
                        headerName, missingFile.getFileName(), signal, missingFile));
        this.missingFile = missingFile;
    }

    /** Full path of the signal file that was looked for. */
    public Path missingFile() {
        return missingFile;
    }
}
