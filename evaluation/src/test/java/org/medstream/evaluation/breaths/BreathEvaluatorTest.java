package org.medstream.evaluation.breaths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.evaluation.matching.FiducialScore;

/** Breaths at 125 Hz: the 500 ms tolerance is 62 samples. */
class BreathEvaluatorTest {
    private static final double HZ = 125;
    private static final double OPEN_END = Double.POSITIVE_INFINITY;

    @Test
    void nearbyOnsetsMatch() {
        FiducialScore score =
                total(
                        new BreathEvaluator(500, 0, OPEN_END),
                        List.of(1000L, 1400L, 1800L),
                        List.of(1010L, 1390L, 1862L));

        assertThat(score.tp()).isEqualTo(3);
        assertThat(score.fn()).isZero();
        assertThat(score.fp()).isZero();
        assertThat(score.meanErrorMillis()).isCloseTo((80 - 80 + 496) / 3.0, within(1e-9));
        assertThat(score.meanAbsoluteErrorMillis()).isCloseTo((80 + 80 + 496) / 3.0, within(1e-9));
    }

    @Test
    void farOnsetIsMissAndFalse() {
        FiducialScore score =
                total(
                        new BreathEvaluator(500, 0, OPEN_END),
                        List.of(1000L, 1400L),
                        List.of(1000L, 1463L));

        assertThat(score.tp()).isEqualTo(1);
        assertThat(score.fn()).isEqualTo(1);
        assertThat(score.fp()).isEqualTo(1);
        assertThat(score.f1()).isCloseTo(50, within(1e-9));
    }

    @Test
    void oneTestOnsetMatchesOneReference() {
        FiducialScore score =
                total(new BreathEvaluator(500, 0, OPEN_END), List.of(1000L, 1040L), List.of(1030L));

        assertThat(score.tp()).isEqualTo(1);
        assertThat(score.fn()).isEqualTo(1);
        assertThat(score.meanErrorMillis()).isCloseTo(-80, within(1e-9));
    }

    @Test
    void onlyScoredSpanCounts() {
        // Scored from 10 s (sample 1250): the onset at 1240 is outside, and the test onset just
        // before the span matches the reference onset at 1260.
        FiducialScore score =
                total(
                        new BreathEvaluator(500, 10, OPEN_END),
                        List.of(500L, 1260L),
                        List.of(100L, 1245L));

        assertThat(score.tp()).isEqualTo(1);
        assertThat(score.fn()).isZero();
        assertThat(score.fp()).isZero();
    }

    @Test
    void segmentIouOfShiftedBreaths() {
        // Reference breath [1000, 1400); test breaths [1100, 1500) and [1500, 1900).
        BreathScore breaths =
                breaths(
                        new BreathEvaluator(500, 0, OPEN_END),
                        List.of(1000L, 1400L),
                        List.of(1100L, 1500L, 1900L));

        assertThat(breaths.segments()).isEqualTo(1);
        assertThat(breaths.meanIou()).isCloseTo(300 / 500.0, within(1e-9));
    }

    @Test
    void recordsScoredApartAndSummed() {
        BreathResult result =
                new BreathEvaluator(500, 0, OPEN_END)
                        .evaluate(
                                List.of(
                                        new BreathScoreInput("a", HZ, List.of(100L), List.of(100L)),
                                        new BreathScoreInput("b", HZ, List.of(100L), List.of())));

        assertThat(result.records()).containsOnlyKeys("a", "b");
        assertThat(result.records().get("b").onsets().fn()).isEqualTo(1);
        assertThat(result.total().onsets().tp()).isEqualTo(1);
        assertThat(result.total().onsets().fn()).isEqualTo(1);
        assertThat(result.total().meanAbsoluteErrorSamples()).isZero();
        assertThat(result.toTable()).contains("Total").contains("MAE@125");
        assertThat(result.toJson()).contains("\"meanAbsoluteErrorSamples125Hz\"");
    }

    @Test
    void emptySpanRejected() {
        assertThatThrownBy(() -> new BreathEvaluator(500, 30, 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from 30.0 s to 30.0 s");
    }

    private static FiducialScore total(
            BreathEvaluator evaluator, List<Long> reference, List<Long> test) {
        return breaths(evaluator, reference, test).onsets();
    }

    private static BreathScore breaths(
            BreathEvaluator evaluator, List<Long> reference, List<Long> test) {
        return evaluator.evaluate(List.of(new BreathScoreInput("r", HZ, reference, test))).total();
    }
}
