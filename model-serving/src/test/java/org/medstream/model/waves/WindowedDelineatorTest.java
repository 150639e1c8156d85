package org.medstream.model.waves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medstream.evaluation.waves.Wave;
import org.medstream.model.ludb.LudbReader;
import org.medstream.model.ludb.LudbRecord;
import org.medstream.model.ludb.LudbTestData;

/**
 * Window cutting and stitching of {@link WindowedDelineator} on LUDB record 1, with labellers whose
 * output is known: one that labels each sample from its own value, so stitched windows must give
 * the labels of the whole record, and one that labels by the position in the window.
 */
class WindowedDelineatorTest {
    private static final int WINDOW = 512;
    private static final int STEP = 256;
    private static final double HZ = 500;

    private static float[][] frames;

    /** A wave with the model lead it belongs to. */
    private record LeadWave(int lead, Wave wave) {}

    @BeforeAll
    static void load() throws IOException {
        LudbRecord record = new LudbReader(LudbTestData.folder()).read(1);
        int samples = record.signals().get(0).length;
        frames = new float[samples][record.leads().size()];
        for (int lead = 0; lead < record.leads().size(); lead++) {
            for (int t = 0; t < samples; t++) {
                frames[t][lead] = record.signals().get(lead)[t];
            }
        }
    }

    /**
     * Labels a sample by its value alone, cycling through the four classes every 0.1 mV, so that
     * the labels change often.
     */
    private static int byValue(float value) {
        return Math.floorMod((int) Math.floor(value * 10), 4);
    }

    private static int[][] labelByValue(List<float[]> windows) {
        int[][] labels = new int[windows.size()][];
        for (int w = 0; w < windows.size(); w++) {
            labels[w] = new int[windows.get(w).length];
            for (int t = 0; t < labels[w].length; t++) {
                labels[w][t] = byValue(windows.get(w)[t]);
            }
        }
        return labels;
    }

    /** Waves of the per-sample labels of the first {@code samples} frames, assembled directly. */
    private static List<LeadWave> expectedByValue(boolean[] present, int samples) {
        List<LeadWave> waves = new ArrayList<>();
        for (int lead = 0; lead < present.length; lead++) {
            if (!present[lead]) {
                continue;
            }
            int index = lead;
            WaveAssembler assembler = new WaveAssembler(WaveRules.DEFAULT, HZ);
            for (int t = 0; t < samples; t++) {
                assembler.accept(
                        t,
                        byValue(frames[t][lead]),
                        frames[t][lead],
                        wave -> waves.add(new LeadWave(index, wave)));
            }
            assembler.finish(wave -> waves.add(new LeadWave(index, wave)));
        }
        return sorted(waves);
    }

    private static List<LeadWave> delineate(
            WindowedDelineator.WindowLabeller labeller, boolean[] present, int samples) {
        WindowedDelineator delineator =
                new WindowedDelineator(labeller, WINDOW, STEP, WaveRules.DEFAULT, HZ, present);
        List<LeadWave> waves = new ArrayList<>();
        WaveSink sink = (lead, wave) -> waves.add(new LeadWave(lead, wave));
        for (int t = 0; t < samples; t++) {
            delineator.accept(frames[t], sink);
        }
        delineator.finish(sink);
        return sorted(waves);
    }

    private static List<LeadWave> sorted(List<LeadWave> waves) {
        List<LeadWave> copy = new ArrayList<>(waves);
        copy.sort(
                (a, b) ->
                        a.lead() != b.lead()
                                ? Integer.compare(a.lead(), b.lead())
                                : Long.compare(a.wave().onset(), b.wave().onset()));
        return copy;
    }

    private static boolean[] leads(int... present) {
        boolean[] mask = new boolean[12];
        for (int lead : present) {
            mask[lead] = true;
        }
        return mask;
    }

    @ParameterizedTest(name = "{0} samples")
    @ValueSource(ints = {5000, 4999, 768, 512, 300, 1})
    void pointwiseLabelsStitchToWholeRecord(int samples) {
        boolean[] present = leads(0, 1, 6, 11);

        List<LeadWave> waves = delineate(WindowedDelineatorTest::labelByValue, present, samples);

        assertThat(waves).isEqualTo(expectedByValue(present, samples));
        if (samples == 5000) {
            assertThat(waves).hasSizeGreaterThan(15);
        }
    }

    @Test
    void windowsCutEveryStep() {
        List<Integer> windowCounts = new ArrayList<>();
        List<float[]> firstWindows = new ArrayList<>();
        WindowedDelineator.WindowLabeller counting =
                windows -> {
                    windowCounts.add(windows.size());
                    if (firstWindows.isEmpty()) {
                        firstWindows.addAll(windows);
                    }
                    assertThat(windows).allSatisfy(w -> assertThat(w).hasSize(WINDOW));
                    return labelByValue(windows);
                };

        delineate(counting, leads(1, 6), 5000);

        // Windows end at 512, 768, ..., 4864, then one more at the end of the record.
        assertThat(windowCounts).hasSize((5000 - WINDOW) / STEP + 1 + 1);
        assertThat(windowCounts).containsOnly(2);
        for (int t = 0; t < WINDOW; t++) {
            assertThat(firstWindows.get(0)[t]).isEqualTo(frames[t][1]);
            assertThat(firstWindows.get(1)[t]).isEqualTo(frames[t][6]);
        }
    }

    /**
     * A labeller that marks the middle of each window as QRS and its edges as none: stitched, the
     * stream is QRS from the first window's middle on, so one long wave per lead.
     */
    @Test
    void middleOfEachWindowKept() {
        int margin = (WINDOW - STEP) / 2;
        WindowedDelineator.WindowLabeller middle =
                windows -> {
                    int[][] labels = new int[windows.size()][WINDOW];
                    for (int[] window : labels) {
                        for (int t = margin; t < WINDOW - margin; t++) {
                            window[t] = 2;
                        }
                    }
                    return labels;
                };

        List<LeadWave> waves = delineate(middle, leads(3), 4864);

        assertThat(waves).hasSize(1);
        assertThat(waves.get(0).wave().onset()).isEqualTo(margin);
        assertThat(waves.get(0).wave().offset()).isEqualTo(4864 - margin - 1);
    }

    @Test
    void restoredSnapshotContinuesIdentically() {
        boolean[] present = leads(0, 1, 2, 7);
        List<LeadWave> expected =
                delineate(WindowedDelineatorTest::labelByValue, present, frames.length);

        for (int split : new int[] {1, 511, 512, 700, 2048, 4999}) {
            WindowedDelineator first = newDelineator(present);
            WindowedDelineator second = newDelineator(present);
            List<LeadWave> waves = new ArrayList<>();
            WaveSink sink = (lead, wave) -> waves.add(new LeadWave(lead, wave));
            for (int t = 0; t < split; t++) {
                first.accept(frames[t], sink);
            }
            second.restore(first.snapshot());
            for (int t = split; t < frames.length; t++) {
                second.accept(frames[t], sink);
            }
            second.finish(sink);

            assertThat(sorted(waves)).as("split at %d", split).isEqualTo(expected);
        }
    }

    @Test
    void snapshotOfAnotherModelRejected() {
        WindowedDelineator delineator = newDelineator(leads(1));
        DelineatorSnapshot recurrent =
                new DelineatorSnapshot(new double[10], 0, new float[WINDOW * 12], List.of());

        assertThatThrownBy(() -> delineator.restore(recurrent))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit this windowed model");
    }

    @Test
    void oddOverlapRejected() {
        assertThatThrownBy(
                        () ->
                                new WindowedDelineator(
                                        WindowedDelineatorTest::labelByValue,
                                        512,
                                        255,
                                        WaveRules.DEFAULT,
                                        HZ,
                                        leads(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid window 512 and step 255");
    }

    private static WindowedDelineator newDelineator(boolean[] present) {
        return new WindowedDelineator(
                WindowedDelineatorTest::labelByValue, WINDOW, STEP, WaveRules.DEFAULT, HZ, present);
    }
}
