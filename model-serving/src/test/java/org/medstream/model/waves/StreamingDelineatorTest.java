package org.medstream.model.waves;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.evaluation.waves.Wave;
import org.medstream.evaluation.waves.WaveKind;
import org.medstream.evaluation.waves.WfdbWaves;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbRecord;
import org.medstream.model.ludb.LudbTestData;

/** The shipped waves model streamed over LUDB record 1 (a training record of that model). */
class StreamingDelineatorTest {
    private static final Path MODEL =
            Path.of(System.getProperty("medstream.data.dir"), "..", "models", "lmu-waves");

    private static StreamingLmuModel model;
    private static float[][] frames;

    /** A wave with the model lead it belongs to. */
    private record LeadWave(int lead, Wave wave) {}

    @BeforeAll
    static void load() throws IOException {
        model = StreamingLmuModel.load(MODEL);
        LudbRecord record = new LudbReader(LudbTestData.folder()).read(1);
        int samples = record.signals().get(0).length;
        frames = new float[samples][record.leads().size()];
        for (int lead = 0; lead < record.leads().size(); lead++) {
            for (int t = 0; t < samples; t++) {
                frames[t][lead] = record.signals().get(lead)[t];
            }
        }
    }

    @Test
    void everyLeadFindsTheAnnotatedQrsComplexes() throws IOException {
        List<LeadWave> waves = delineate(allPresent(), frames.length);

        for (int lead = 0; lead < 12; lead++) {
            assertFindsAnnotatedQrs(waves, lead);
        }
    }

    @Test
    void wavesInOrderPerLead() {
        List<LeadWave> waves = delineate(allPresent(), frames.length);

        for (int lead = 0; lead < 12; lead++) {
            long previousOffset = -1;
            for (LeadWave wave : waves) {
                if (wave.lead() == lead) {
                    assertThat(wave.wave().onset()).isGreaterThan(previousOffset);
                    previousOffset = wave.wave().offset();
                }
            }
        }
    }

    @Test
    void absentLeadsGetNoWaves() {
        boolean[] present = new boolean[12];
        present[1] = true;
        present[6] = true;

        List<LeadWave> waves = delineate(present, frames.length);

        assertThat(waves).extracting(LeadWave::lead).containsOnly(1, 6);
        assertFindsAnnotatedQrs(waves, 1);
        assertFindsAnnotatedQrs(waves, 6);
    }

    @Test
    void restoredSnapshotContinuesIdentically() {
        List<LeadWave> expected = delineate(allPresent(), frames.length);

        for (int split : new int[] {1, 777, 2500, 4999}) {
            List<LeadWave> waves = new ArrayList<>();
            StreamingDelineator first = model.newDelineator(WaveRules.DEFAULT, allPresent());
            for (int t = 0; t < split; t++) {
                first.accept(frames[t], (lead, wave) -> waves.add(new LeadWave(lead, wave)));
            }
            StreamingDelineator second = model.newDelineator(WaveRules.DEFAULT, allPresent());
            second.restore(first.snapshot());
            for (int t = split; t < frames.length; t++) {
                second.accept(frames[t], (lead, wave) -> waves.add(new LeadWave(lead, wave)));
            }
            second.finish((lead, wave) -> waves.add(new LeadWave(lead, wave)));

            assertThat(waves).as("split at %d", split).isEqualTo(expected);
        }
    }

    /** Checks that every QRS complex annotated on the lead overlaps a QRS wave found there. */
    private static void assertFindsAnnotatedQrs(List<LeadWave> waves, int lead) {
        List<Wave> annotated;
        try {
            annotated =
                    WfdbWaves.of(
                            WfdbAnnotations.read(
                                    LudbTestData.folder()
                                            .resolve("1." + LudbReader.LEADS.get(lead))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Wave> found =
                waves.stream()
                        .filter(w -> w.lead() == lead && w.wave().kind() == WaveKind.QRS)
                        .map(LeadWave::wave)
                        .toList();
        List<Wave> annotatedQrs = annotated.stream().filter(w -> w.kind() == WaveKind.QRS).toList();

        assertThat(annotatedQrs).as("annotated QRS complexes on lead %d", lead).isNotEmpty();
        for (Wave reference : annotatedQrs) {
            assertThat(found)
                    .as("QRS at sample %d on lead %d", reference.onset(), lead)
                    .anyMatch(
                            w ->
                                    w.onset() <= reference.offset()
                                            && w.offset() >= reference.onset());
        }
    }

    private static List<LeadWave> delineate(boolean[] present, int samples) {
        List<LeadWave> waves = new ArrayList<>();
        StreamingDelineator delineator = model.newDelineator(WaveRules.DEFAULT, present);
        for (int t = 0; t < samples; t++) {
            delineator.accept(frames[t], (lead, wave) -> waves.add(new LeadWave(lead, wave)));
        }
        delineator.finish((lead, wave) -> waves.add(new LeadWave(lead, wave)));
        return waves;
    }

    private static boolean[] allPresent() {
        boolean[] present = new boolean[12];
        Arrays.fill(present, true);
        return present;
    }
}
