package org.medstream.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    @Test
    void scoresByHand() {
        ConfusionMatrix matrix = new ConfusionMatrix(List.of("none", "p"));
        // none: 3 right, 1 called p; p: 1 right, 1 called none.
        matrix.add(0, 0);
        matrix.add(0, 0);
        matrix.add(0, 0);
        matrix.add(0, 1);
        matrix.add(1, 1);
        matrix.add(1, 0);

        SegmentationScores scores = matrix.scores();

        assertThat(scores.samples()).isEqualTo(6);
        assertThat(scores.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        // none: precision 3/4, recall 3/4; p: precision 1/2, recall 1/2.
        assertThat(scores.f1ByClass().get("none")).isCloseTo(0.75, within(1e-12));
        assertThat(scores.f1ByClass().get("p")).isCloseTo(0.5, within(1e-12));
        assertThat(scores.macroF1()).isCloseTo(0.625, within(1e-12));
    }

    @Test
    void absentClassScoresZero() {
        ConfusionMatrix matrix = new ConfusionMatrix(List.of("none", "p"));
        matrix.add(0, 0);

        SegmentationScores scores = matrix.scores();

        assertThat(scores.f1ByClass().get("p")).isZero();
        assertThat(scores.macroF1()).isCloseTo(0.5, within(1e-12));
    }
}
