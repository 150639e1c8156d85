package org.medstream.model.ludb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LudbReaderTest {

    @Test
    void recordOneHasTwelveLeads() throws IOException {
        LudbRecord record = new LudbReader(LudbTestData.folder()).read(1);

        assertThat(record.samplingFrequencyHz()).isEqualTo(500.0);
        assertThat(record.leads())
                .containsExactly(
                        "i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6");
        assertThat(record.signals()).allSatisfy(signal -> assertThat(signal).hasSize(5000));
        assertThat(record.labels())
                .allSatisfy(labels -> assertThat(labels.length()).isEqualTo(5000));
    }

    @Test
    void leadLabelsDiffer() throws IOException {
        LudbRecord record = new LudbReader(LudbTestData.folder()).read(1);

        // Lead i starts its annotations at 641, lead ii at 644.
        assertThat(record.labels().get(0).spanStart()).isEqualTo(641);
        assertThat(record.labels().get(1).spanStart()).isEqualTo(644);
    }

    @Test
    void missingLeadFileFails(@TempDir Path folder) throws IOException {
        for (String extension : List.of("hea", "dat", "i", "ii")) {
            Files.copy(
                    LudbTestData.folder().resolve("1." + extension),
                    folder.resolve("1." + extension));
        }

        assertThatThrownBy(() -> new LudbReader(folder).read(1))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("1.iii")
                .hasMessageContaining("lead iii not found");
    }
}
