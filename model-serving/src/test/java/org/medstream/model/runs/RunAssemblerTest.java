package org.medstream.model.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With the beats model's ±50 ms runs at 360 Hz, a run must last 9 samples (25 ms) to be a beat. */
class RunAssemblerTest {
    private static final double HZ = 360;
    private static final double HALF_WIDTH_SECONDS = 0.05;
    private static final int CLASSES = 5;
    private static final int N = 1;
    private static final int V = 3;

    private record Beat(long sample, int label) {}

    @Test
    void runBecomesBeatAtItsMiddle() {
        List<Beat> beats = assemble(runs(new int[] {0, 100}, new int[] {N, 37}, new int[] {0, 50}));

        assertThat(beats).containsExactly(new Beat(118, N));
    }

    @Test
    void majorityClassWins() {
        List<Beat> beats =
                assemble(
                        runs(
                                new int[] {0, 10},
                                new int[] {N, 10},
                                new int[] {V, 27},
                                new int[] {0, 10}));

        assertThat(beats).extracting(Beat::label).containsExactly(V);
    }

    @Test
    void flickerIsNoBeat() {
        assertThat(assemble(runs(new int[] {0, 10}, new int[] {N, 8}, new int[] {0, 10})))
                .isEmpty();
    }

    @Test
    void longRunReportedAtMaximumLength() {
        List<Long> reportedAt = new ArrayList<>();
        List<Beat> beats = new ArrayList<>();
        RunAssembler assembler = new RunAssembler(CLASSES, HALF_WIDTH_SECONDS, HZ);
        int[] labels = runs(new int[] {0, 10}, new int[] {N, 300}, new int[] {0, 10});
        for (int t = 0; t < labels.length; t++) {
            long now = t;
            assembler.accept(
                    labels[t],
                    (sample, c) -> {
                        beats.add(new Beat(sample, c));
                        reportedAt.add(now);
                    });
        }

        // Twice the 37-sample training run: 74 samples, reported at the last of them.
        assertThat(beats).containsExactly(new Beat(46, N));
        assertThat(reportedAt).containsExactly(83L);
    }

    @Test
    void restoredStateContinuesIdentically() {
        int[] labels =
                runs(
                        new int[] {0, 100},
                        new int[] {N, 37},
                        new int[] {0, 200},
                        new int[] {V, 30},
                        new int[] {0, 50},
                        new int[] {N, 120},
                        new int[] {0, 20});
        List<Beat> expected = assemble(labels);

        for (int split : new int[] {1, 110, 137, 350, 400, 450, 520}) {
            List<Beat> beats = new ArrayList<>();
            RunAssembler first = new RunAssembler(CLASSES, HALF_WIDTH_SECONDS, HZ);
            for (int t = 0; t < split; t++) {
                first.accept(labels[t], (sample, c) -> beats.add(new Beat(sample, c)));
            }
            RunAssembler second = new RunAssembler(CLASSES, HALF_WIDTH_SECONDS, HZ);
            second.restore(first.state());
            for (int t = split; t < labels.length; t++) {
                second.accept(labels[t], (sample, c) -> beats.add(new Beat(sample, c)));
            }
            second.finish((sample, c) -> beats.add(new Beat(sample, c)));

            assertThat(beats).as("split at %d", split).isEqualTo(expected);
        }
    }

    @Test
    void unknownLabelRejected() {
        assertThatThrownBy(
                        () ->
                                new RunAssembler(CLASSES, HALF_WIDTH_SECONDS, HZ)
                                        .accept(6, (sample, c) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid label 6 at sample 0; expected a class index from 0 to 5");
    }

    private static List<Beat> assemble(int[] labels) {
        List<Beat> beats = new ArrayList<>();
        RunAssembler assembler = new RunAssembler(CLASSES, HALF_WIDTH_SECONDS, HZ);
        for (int label : labels) {
            assembler.accept(label, (sample, c) -> beats.add(new Beat(sample, c)));
        }
        assembler.finish((sample, c) -> beats.add(new Beat(sample, c)));
        return beats;
    }

    /** Concatenates runs given as {label, length}. */
    private static int[] runs(int[]... runs) {
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
