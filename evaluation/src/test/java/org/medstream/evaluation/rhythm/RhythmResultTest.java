package org.medstream.evaluation.rhythm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.evaluation.rhythm.RhythmResult.RhythmLabel;

class RhythmResultTest {
    /** Three A (two found), four N (one called A), two O and one noisy record. */
    private static final RhythmResult RESULT =
            new RhythmResult(
                    List.of(
                            new RhythmLabel("a1", "A", "A"),
                            new RhythmLabel("a2", "A", "A"),
                            new RhythmLabel("a3", "A", "N"),
                            new RhythmLabel("n1", "N", "N"),
                            new RhythmLabel("n2", "N", "N"),
                            new RhythmLabel("n3", "N", "N"),
                            new RhythmLabel("n4", "N", "A"),
                            new RhythmLabel("o1", "O", "N"),
                            new RhythmLabel("o2", "O", "N"),
                            new RhythmLabel("x1", "~", "~")));

    @Test
    void fibrillationScores() {
        assertThat(RESULT.sensitivity()).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(RESULT.specificity()).isCloseTo(600.0 / 7, within(1e-9));
        assertThat(RESULT.positivePredictivity()).isCloseTo(200.0 / 3, within(1e-9));
    }

    @Test
    void challengeScoreAveragesThreeLabels() {
        // N: 3 right, 4 references, 6 predictions; A: 2 right, 3 and 3; O: none predicted.
        assertThat(RESULT.f1("N")).isCloseTo(60.0, within(1e-9));
        assertThat(RESULT.f1("A")).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(RESULT.f1("O")).isZero();
        assertThat(RESULT.challengeF1()).isCloseTo((60.0 + 200.0 / 3) / 3, within(1e-9));
    }

    @Test
    void tableAndJsonCarryCounts() {
        assertThat(RESULT.count("N", "A")).isEqualTo(1);
        assertThat(RESULT.toTable()).contains("Se 66.67%, Sp 85.71%");
        assertThat(RESULT.toJson()).contains("\"challengeF1\"").contains("\"reference\" : \"O\"");
    }

    @Test
    void noPositivesGiveNan() {
        RhythmResult result = new RhythmResult(List.of(new RhythmLabel("n1", "N", "N")));

        assertThat(result.sensitivity()).isNaN();
        assertThat(result.toJson()).contains("\"sensitivity\" : null");
    }
}
