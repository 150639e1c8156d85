package org.medstream.model.medtsllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoundaryScorerTest {

    @Test
    void exactBoundariesScorePerfectly() {
        BoundaryScorer scorer = new BoundaryScorer();
        scorer.add(new int[] {10, 30, 60}, new int[] {10, 30, 60}, 0, 100);

        BoundaryScores scores = scorer.scores();

        assertThat(scores.meanIou()).isEqualTo(1.0);
        assertThat(scores.meanAbsoluteError()).isEqualTo(0.0);
        assertThat(scores.referenceSegments()).isEqualTo(2);
        assertThat(scores.referenceBoundaries()).isEqualTo(3);
        assertThat(scores.predictedBoundaries()).isEqualTo(3);
    }

    @Test
    void shiftedBoundariesByHand() {
        // Span [0, 100). Reference segments [10, 30) and [30, 60). Predicted cuts 0, 12, 33, 60,
        // 100, so predicted segments [0, 12), [12, 33), [33, 60), [60, 100).
        // [10, 30): best is [12, 33), intersection 18, union 23.
        // [30, 60): best is [33, 60), intersection 27, union 30.
        // Errors: |10 - 12| = 2, |30 - 33| = 3, |60 - 60| = 0.
        BoundaryScorer scorer = new BoundaryScorer();
        scorer.add(new int[] {10, 30, 60}, new int[] {12, 33, 60}, 0, 100);

        BoundaryScores scores = scorer.scores();

        assertThat(scores.meanIou()).isCloseTo((18.0 / 23 + 27.0 / 30) / 2, within(1e-12));
        assertThat(scores.meanAbsoluteError()).isCloseTo(5.0 / 3, within(1e-12));
    }

    @Test
    void missedBoundaryMergesSegments() {
        // The prediction misses 30, so [10, 60) is one predicted segment: each reference
        // segment has IoU with it of 20/50 and 30/50. The missed boundary at 30 is 20 from
        // the predicted one at 10.
        BoundaryScorer scorer = new BoundaryScorer();
        scorer.add(new int[] {10, 30, 60}, new int[] {10, 60}, 0, 100);

        BoundaryScores scores = scorer.scores();

        assertThat(scores.meanIou()).isCloseTo((0.4 + 0.6) / 2, within(1e-12));
        assertThat(scores.meanAbsoluteError()).isCloseTo(20.0 / 3, within(1e-12));
    }

    @Test
    void spansPoolSegmentsAndBoundaries() {
        // First span: one segment [0, 10) against predicted [0, 10): IoU 1, errors 0 and 0.
        // Second span [100, 200): one segment [120, 140) against predicted cuts 100, 130, 200,
        // best [100, 130) or [130, 200): intersections 10 and 10, unions 40 and 80, so 0.25;
        // errors 10 and 10.
        BoundaryScorer scorer = new BoundaryScorer();
        scorer.add(new int[] {0, 10}, new int[] {0, 10}, 0, 50);
        scorer.add(new int[] {120, 140}, new int[] {130}, 100, 200);

        BoundaryScores scores = scorer.scores();

        assertThat(scores.meanIou()).isCloseTo((1 + 0.25) / 2, within(1e-12));
        assertThat(scores.meanAbsoluteError()).isCloseTo(20.0 / 4, within(1e-12));
        assertThat(scores.referenceSegments()).isEqualTo(2);
    }

    @Test
    void spanWithoutPredictionLeftOutOfError() {
        // No prediction: the span is one predicted segment [0, 100), IoU 20/100 for [10, 30).
        BoundaryScorer scorer = new BoundaryScorer();
        scorer.add(new int[] {10, 30}, new int[0], 0, 100);

        BoundaryScores scores = scorer.scores();

        assertThat(scores.meanIou()).isCloseTo(0.2, within(1e-12));
        assertThat(scores.meanAbsoluteError()).isNaN();
        assertThat(scores.unmatchedBoundaries()).isEqualTo(2);
    }

    @Test
    void boundariesOutsideSpanIgnored() {
        BoundaryScorer scorer = new BoundaryScorer();
        scorer.add(new int[] {-5, 10, 30, 100}, new int[] {10, 30, 150}, 0, 100);

        BoundaryScores scores = scorer.scores();

        assertThat(scores.referenceBoundaries()).isEqualTo(2);
        assertThat(scores.predictedBoundaries()).isEqualTo(2);
        assertThat(scores.meanIou()).isEqualTo(1.0);
    }

    @Test
    void emptySpanRejected() {
        assertThatThrownBy(() -> new BoundaryScorer().add(new int[0], new int[0], 5, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[5, 5)");
    }

    @Test
    void nothingAddedGivesNaN() {
        BoundaryScores scores = new BoundaryScorer().scores();

        assertThat(scores.meanIou()).isNaN();
        assertThat(scores.meanAbsoluteError()).isNaN();
    }
}
