package org.medstream.model.medtsllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoundaryPeaksTest {

    @Test
    void localMaximaAboveThreshold() {
        float[] probability = {0.1f, 0.9f, 0.2f, 0.3f, 0.2f, 0.8f, 0.1f};

        assertThat(BoundaryPeaks.pick(probability, 1, 0.5)).containsExactly(1, 5);
        assertThat(BoundaryPeaks.pick(probability, 1, 0)).containsExactly(1, 3, 5);
    }

    @Test
    void closerPeakDroppedForHigherOne() {
        // Peaks at 2 (0.6), 4 (0.9) and 8 (0.7): with spacing 3 the peak at 2 is 2 samples
        // from the higher one at 4 and goes; 8 is 4 samples away and stays.
        float[] probability = {0, 0.1f, 0.6f, 0.2f, 0.9f, 0.1f, 0, 0.2f, 0.7f, 0};

        assertThat(BoundaryPeaks.pick(probability, 3, 0)).containsExactly(4, 8);
        assertThat(BoundaryPeaks.pick(probability, 2, 0)).containsExactly(2, 4, 8);
        assertThat(BoundaryPeaks.pick(probability, 5, 0)).containsExactly(4);
    }

    @Test
    void spacingCountsFromKeptPeaksOnly() {
        // 0.9 at 3 removes 0.8 at 5; 0.7 at 7 is 4 from 3 and stays, although it is 2 from the
        // removed peak at 5.
        float[] probability = {0, 0, 0, 0.9f, 0, 0.8f, 0, 0.7f, 0};

        assertThat(BoundaryPeaks.pick(probability, 3, 0)).containsExactly(3, 7);
    }

    @Test
    void plateauOnceEdgesNever() {
        float[] plateau = {0.1f, 0.7f, 0.7f, 0.7f, 0.1f};
        float[] edges = {0.9f, 0.1f, 0.2f, 0.1f, 0.8f};

        assertThat(BoundaryPeaks.pick(plateau, 1, 0)).containsExactly(1);
        assertThat(BoundaryPeaks.pick(edges, 1, 0)).containsExactly(2);
        assertThat(BoundaryPeaks.pick(new float[0], 1, 0)).isEmpty();
    }

    @Test
    void equalHeightsKeepEarlierPeak() {
        float[] probability = {0, 0.5f, 0, 0.5f, 0};

        assertThat(BoundaryPeaks.pick(probability, 3, 0)).containsExactly(1);
    }

    @Test
    void spacingBelowOneRejected() {
        assertThatThrownBy(() -> BoundaryPeaks.pick(new float[] {1}, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minimumSpacing");
    }

    @Test
    void minimumSpacingIsTenthPercentile() {
        // Lengths 10, 20, …, 100 and one more of 50: sorted 10 20 30 40 50 50 60 70 80 90 100,
        // rank 0.1 · 10 = 1, so the 10th percentile is 20.
        int[] first = {0, 10, 30, 60, 100, 150, 210, 280, 360, 450, 550};
        int[] second = {1000, 1050};

        assertThat(BoundaryPeaks.minimumSpacing(List.of(first, second))).isEqualTo(20);
    }

    @Test
    void minimumSpacingInterpolates() {
        // Lengths 4 and 14: rank 0.1, so 4 + 0.1 · 10 = 5.
        assertThat(BoundaryPeaks.minimumSpacing(List.of(new int[] {0, 4, 18}))).isEqualTo(5);
    }

    @Test
    void minimumSpacingNeedsTwoBoundaries() {
        assertThatThrownBy(() -> BoundaryPeaks.minimumSpacing(List.of(new int[] {5}, new int[] {})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no two consecutive boundaries");
    }
}
