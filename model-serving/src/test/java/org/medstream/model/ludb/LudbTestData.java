package org.medstream.model.ludb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** Location of the LUDB records bundled in {@code data/ludb} (records 1, 2 and 3). */
public final class LudbTestData {
    private LudbTestData() {}

    /** Returns the folder {@code data/ludb}, from the system property that Maven sets. */
    public static Path folder() {
        String directory = System.getProperty("medstream.data.dir");
        assertThat(directory)
                .as("system property medstream.data.dir (run through Maven or pass -D)")
                .isNotNull();
        return Path.of(directory, "ludb");
    }
}
