package org.medstream.model.medtsllm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbRecord;
import org.medstream.model.ludb.LudbTestData;
import org.medstream.model.ludb.WaveLabels;
import org.medstream.schemas.PatientContext;

class WaveWindowsTest {
    private static LudbRecord record;

    @BeforeAll
    static void read() throws IOException {
        record = new LudbReader(LudbTestData.folder()).read(1);
    }

    @Test
    void trainingWindowsStepAndLabels() {
        List<LabelledWindow> windows = WaveWindows.training(List.of(record), 512, 256);

        assertThat(windows).isNotEmpty().allMatch(LabelledWindow::hasLabels);
        assertThat(windows).allMatch(window -> window.start() % 256 == 0);
        assertThat(windows).allMatch(window -> window.start() + 512 <= 5000);
        LabelledWindow first = windows.get(0);
        WaveLabels labels = record.labels().get(record.leads().indexOf(first.lead()));
        for (int i = 0; i < 512; i++) {
            int t = first.start() + i;
            assertThat(first.targets()[i]).isEqualTo(labels.labels()[t]);
            assertThat(first.mask()[i]).isEqualTo(labels.isAnnotated(t) ? 1f : 0f);
        }
    }

    @Test
    void scoringCountsEachAnnotatedSampleOnce() {
        List<LabelledWindow> windows = WaveWindows.scoring(List.of(record), 512);

        for (int lead = 0; lead < record.leads().size(); lead++) {
            String name = record.leads().get(lead);
            int[] counts = new int[5000];
            for (LabelledWindow window : windows) {
                if (window.lead().equals(name)) {
                    for (int i = 0; i < 512; i++) {
                        counts[window.start() + i] += (int) window.mask()[i];
                    }
                }
            }
            WaveLabels labels = record.labels().get(lead);
            for (int t = 0; t < 5000; t++) {
                assertThat(counts[t])
                        .as("lead %s sample %d", name, t)
                        .isEqualTo(labels.isAnnotated(t) ? 1 : 0);
            }
        }
    }

    @Test
    void patientTableBesideDataFolder(@TempDir Path directory) throws IOException {
        Path data = Files.createDirectories(directory.resolve("data"));
        Files.copy(
                LudbTestData.folder().resolve(LudbPatients.FILE_NAME),
                directory.resolve(LudbPatients.FILE_NAME));

        Map<Integer, PatientContext> patients = LudbPatients.read(data);

        assertThat(patients.get(1).getAgeYears()).isEqualTo(51);
    }

    @Test
    void missingPatientTableNamed(@TempDir Path directory) {
        assertThatThrownBy(() -> LudbPatients.read(directory))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("ludb.csv")
                .hasMessageContaining("leave the patient part out of --prompt");
    }

    @Test
    void patientsFromLudbTable() throws IOException {
        Map<Integer, PatientContext> patients = LudbPatients.read(LudbTestData.folder());

        PatientContext first = patients.get(1);
        assertThat(first.getAgeYears()).isEqualTo(51);
        assertThat(first.getSex().toString()).isEqualTo("F");
        assertThat(first.getDiagnoses()).isNotEmpty();
    }
}
