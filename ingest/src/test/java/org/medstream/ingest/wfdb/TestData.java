package org.medstream.ingest.wfdb;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the bundled data directory that Surefire passes as {@code medstream.data.dir}. */
final class TestData {
    private TestData() {}

    static Path dir() {
        String property = System.getProperty("medstream.data.dir");
        if (property == null) {
            throw new IllegalStateException(
                    "System property medstream.data.dir is not set; run the tests through Maven");
        }
        Path dir = Path.of(property);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("Data directory " + dir + " does not exist");
        }
        return dir;
    }

    static Path mitdb(String record) {
        return dir().resolve("mitdb").resolve(record);
    }

    static Path formats(String record) {
        return dir().resolve("wfdb-formats").resolve(record);
    }
}
