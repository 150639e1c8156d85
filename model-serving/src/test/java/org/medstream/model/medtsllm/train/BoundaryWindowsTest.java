package org.medstream.model.medtsllm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoundaryWindowsTest {

    @Test
    void labelsCoverHalfWidthAroundBoundaries() {
        int[] labels = BoundaryWindows.labels(new int[] {0, 5, 11}, 12, 1);

        assertThat(labels).containsExactly(1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1);
        assertThat(BoundaryWindows.labels(new int[] {3}, 6, 0)).containsExactly(0, 0, 0, 1, 0, 0);
    }

    @Test
    void negativeHalfWidthRejected() {
        assertThatThrownBy(() -> BoundaryWindows.labels(new int[] {3}, 6, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void trainingWindowsStayInsideSpan() {
        BoundaryRecord record = record(100, 10, 40, new int[] {12, 20, 35});

        List<LabelledWindow> windows = BoundaryWindows.training(List.of(record), 8, 5, 1);

        assertThat(windows).extracting(LabelledWindow::start).containsExactly(10, 15, 20, 25, 30);
        LabelledWindow first = windows.get(0);
        assertThat(first.input()).containsExactly(10, 11, 12, 13, 14, 15, 16, 17);
        assertThat(first.targets()).containsExactly(0, 1, 1, 1, 0, 0, 0, 0);
        assertThat(first.mask()).containsOnly(1f);
        assertThat(first.record()).isEqualTo(100);
    }

    @Test
    void scoringWindowsCoverEachSampleOnce() {
        BoundaryRecord record = record(7, 10, 31, new int[] {15});

        List<LabelledWindow> windows = BoundaryWindows.scoring(List.of(record), 8, 0);

        assertThat(windows).extracting(LabelledWindow::start).containsExactly(10, 18, 23);
        int[] counted = new int[40];
        for (LabelledWindow window : windows) {
            for (int t = 0; t < 8; t++) {
                if (window.mask()[t] > 0) {
                    counted[window.start() + t]++;
                }
            }
        }
        for (int t = 0; t < 40; t++) {
            assertThat(counted[t]).as("sample %d", t).isEqualTo(t >= 10 && t < 31 ? 1 : 0);
        }
    }

    @Test
    void spanShorterThanWindowRejected() {
        BoundaryRecord record = record(3, 0, 5, new int[] {2});

        assertThatThrownBy(() -> BoundaryWindows.scoring(List.of(record), 8, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record 3")
                .hasMessageContaining("shorter than one window of 8");
    }

    /** Creates a record of 40 samples whose values are their sample indices. */
    private static BoundaryRecord record(int number, int from, int to, int[] boundaries) {
        float[] signal = new float[40];
        for (int t = 0; t < signal.length; t++) {
            signal[t] = t;
        }
        return new BoundaryRecord(number, "ii", signal, boundaries, from, to);
    }
}
