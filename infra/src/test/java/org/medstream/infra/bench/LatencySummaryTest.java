package org.medstream.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {
    @Test
    void percentilesUseNearestRank() {
        List<Double> millis = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            millis.add((double) i);
        }

        LatencySummary summary = LatencySummary.of(millis);

        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50Millis()).isEqualTo(50.0);
        assertThat(summary.p99Millis()).isEqualTo(99.0);
        assertThat(summary.maxMillis()).isEqualTo(100.0);
    }

    @Test
    void percentileOfFewValues() {
        double[] sorted = {10, 20, 30};

        assertThat(LatencySummary.percentile(sorted, 50)).isEqualTo(20.0);
        assertThat(LatencySummary.percentile(sorted, 99)).isEqualTo(30.0);
        assertThat(LatencySummary.percentile(sorted, 1)).isEqualTo(10.0);
        assertThat(LatencySummary.percentile(new double[] {7}, 99)).isEqualTo(7.0);
    }

    @Test
    void emptySummaryIsNan() {
        LatencySummary summary = LatencySummary.of(List.of());

        assertThat(summary.count()).isZero();
        assertThat(summary.p50Millis()).isNaN();
        assertThat(summary.p99Millis()).isNaN();
        assertThat(summary.maxMillis()).isNaN();
    }

    @Test
    void percentileRejectsInvalidInput() {
        assertThatThrownBy(() -> LatencySummary.percentile(new double[0], 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no values");
        assertThatThrownBy(() -> LatencySummary.percentile(new double[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid percentile 0.0");
        assertThatThrownBy(() -> LatencySummary.percentile(new double[] {1}, 101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid percentile 101.0");
    }
}
