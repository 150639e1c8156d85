package org.medstream.model.waves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.medstream.evaluation.waves.Wave;
import org.medstream.evaluation.waves.WaveKind;

/** At 1000 Hz one sample is one millisecond, so the default rules read in samples. */
class WaveAssemblerTest {
    private static final double HZ = 1000;
    private static final int NONE = 0;
    private static final int P = 1;
    private static final int QRS = 2;
    private static final int T = 3;

    @Test
    void runBecomesWave() {
        int[] labels = labels(new int[] {NONE, 10}, new int[] {QRS, 80}, new int[] {NONE, 100});
        float[] values = new float[labels.length];
        values[50] = 2f;

        List<Wave> waves = assemble(labels, values);

        assertThat(waves).containsExactly(new Wave(WaveKind.QRS, 10, 50, 89));
    }

    @Test
    void shortRunDropped() {
        int[] labels = labels(new int[] {NONE, 10}, new int[] {P, 39}, new int[] {NONE, 100});

        assertThat(assemble(labels, new float[labels.length])).isEmpty();
    }

    @Test
    void flickerInsideWaveMerged() {
        int[] labels =
                labels(
                        new int[] {NONE, 10},
                        new int[] {T, 100},
                        new int[] {NONE, 15},
                        new int[] {T, 100},
                        new int[] {NONE, 100});

        List<Wave> waves = assemble(labels, new float[labels.length]);

        assertThat(waves).extracting(Wave::onset, Wave::offset).containsExactly(tuple(10, 224));
    }

    @Test
    void distantRunsStaySeparate() {
        int[] labels =
                labels(
                        new int[] {NONE, 10},
                        new int[] {P, 60},
                        new int[] {NONE, 21},
                        new int[] {P, 60},
                        new int[] {NONE, 100});

        assertThat(assemble(labels, new float[labels.length])).hasSize(2);
    }

    @Test
    void notchedTWaveMerged() {
        int[] labels =
                labels(
                        new int[] {NONE, 10},
                        new int[] {T, 80},
                        new int[] {NONE, 120},
                        new int[] {T, 80},
                        new int[] {NONE, 200});

        List<Wave> waves = assemble(labels, new float[labels.length]);

        assertThat(waves).extracting(Wave::onset, Wave::offset).containsExactly(tuple(10, 289));
    }

    @Test
    void pRunsApartStaySeparate() {
        int[] labels =
                labels(
                        new int[] {NONE, 10},
                        new int[] {P, 60},
                        new int[] {NONE, 120},
                        new int[] {P, 60},
                        new int[] {NONE, 100});

        assertThat(assemble(labels, new float[labels.length])).hasSize(2);
    }

    @Test
    void secondTWaveOfCycleDropped() {
        int[] labels =
                labels(
                        new int[] {QRS, 80},
                        new int[] {NONE, 100},
                        new int[] {T, 150},
                        new int[] {NONE, 200},
                        new int[] {T, 70},
                        new int[] {NONE, 100},
                        new int[] {QRS, 80},
                        new int[] {NONE, 100},
                        new int[] {T, 150},
                        new int[] {NONE, 200});

        List<Wave> waves = assemble(labels, new float[labels.length]);

        assertThat(waves)
                .extracting(Wave::kind, Wave::onset)
                .containsExactly(
                        Tuple.tuple(WaveKind.QRS, 0L),
                        Tuple.tuple(WaveKind.T, 180L),
                        Tuple.tuple(WaveKind.QRS, 700L),
                        Tuple.tuple(WaveKind.T, 880L));
    }

    @Test
    void spuriousRunOfOtherKindIgnored() {
        int[] labels =
                labels(
                        new int[] {QRS, 50},
                        new int[] {T, 5},
                        new int[] {QRS, 50},
                        new int[] {NONE, 100});

        List<Wave> waves = assemble(labels, new float[labels.length]);

        assertThat(waves).extracting(Wave::kind).containsExactly(WaveKind.QRS);
        assertThat(waves.get(0).offset()).isEqualTo(104);
    }

    @Test
    void waveEmittedOnceGapPassed() {
        int[] labels = labels(new int[] {QRS, 60}, new int[] {NONE, 200});
        WaveAssembler assembler = new WaveAssembler(WaveRules.DEFAULT, HZ);
        List<Long> emittedAt = new ArrayList<>();

        for (int t = 0; t < labels.length; t++) {
            long sample = t;
            assembler.accept(t, labels[t], 0f, wave -> emittedAt.add(sample));
        }

        // Offset 59, merge gap 20 samples: no later run can merge once sample 80 arrives.
        assertThat(emittedAt).containsExactly(80L);
    }

    @Test
    void restoredStateContinuesIdentically() {
        int[] labels =
                labels(
                        new int[] {NONE, 30},
                        new int[] {P, 70},
                        new int[] {NONE, 10},
                        new int[] {P, 30},
                        new int[] {QRS, 90},
                        new int[] {NONE, 50},
                        new int[] {T, 150},
                        new int[] {NONE, 200},
                        new int[] {T, 80},
                        new int[] {NONE, 40});
        float[] values = new float[labels.length];
        for (int t = 0; t < values.length; t++) {
            values[t] = (float) Math.sin(t * 0.05);
        }
        List<Wave> expected = assemble(labels, values);

        for (int split : new int[] {1, 60, 105, 200, 300, 400, 600, 650}) {
            List<Wave> waves = new ArrayList<>();
            WaveAssembler first = new WaveAssembler(WaveRules.DEFAULT, HZ);
            for (int t = 0; t < split; t++) {
                first.accept(t, labels[t], values[t], waves::add);
            }
            WaveAssembler second = new WaveAssembler(WaveRules.DEFAULT, HZ);
            second.restore(first.state());
            for (int t = split; t < labels.length; t++) {
                second.accept(t, labels[t], values[t], waves::add);
            }
            second.finish(waves::add);

            assertThat(waves).as("split at %d", split).isEqualTo(expected);
        }
    }

    @Test
    void skippedSampleRejected() {
        WaveAssembler assembler = new WaveAssembler(WaveRules.DEFAULT, HZ);
        assembler.accept(100, NONE, 0f, wave -> {});

        assertThatThrownBy(() -> assembler.accept(102, NONE, 0f, wave -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Labels out of order: expected sample 101, got sample 102");
    }

    @Test
    void unknownLabelRejected() {
        WaveAssembler assembler = new WaveAssembler(WaveRules.DEFAULT, HZ);

        assertThatThrownBy(() -> assembler.accept(0, 4, 0f, wave -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid label 4 at sample 0; expected a class index from 0 to 3");
    }

    private static Tuple tuple(long onset, long offset) {
        return Tuple.tuple(onset, offset);
    }

    private static List<Wave> assemble(int[] labels, float[] values) {
        List<Wave> waves = new ArrayList<>();
        WaveAssembler assembler = new WaveAssembler(WaveRules.DEFAULT, HZ);
        for (int t = 0; t < labels.length; t++) {
            assembler.accept(t, labels[t], values[t], waves::add);
        }
        assembler.finish(waves::add);
        return waves;
    }

    /** Concatenates runs given as {label, length}. */
    private static int[] labels(int[]... runs) {
        int length = 0;
        for (int[] run : runs) {
            length += run[1];
        }
        int[] labels = new int[length];
        int t = 0;
        for (int[] run : runs) {
            for (int i = 0; i < run[1]; i++) {
                labels[t++] = run[0];
            }
        }
        return labels;
    }
}
