package org.medstream.evaluation.anomalies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.evaluation.beats.BeatAnnotation;

class BeatLevelEvaluatorTest {
    /** At 100 Hz the ±150 ms of a beat is ±15 samples. */
    private static final double RATE_HZ = 100;

    private final BeatLevelEvaluator evaluator = new BeatLevelEvaluator();

    @Test
    void ventricularBeatDetectedBySpanNearIt() {
        boolean[] predicted = new boolean[1000];
        mark(predicted, 214, 220); // within 15 samples of the V beat at 200
        List<BeatAnnotation> beats =
                List.of(new BeatAnnotation(200, 'V'), new BeatAnnotation(600, 'V'));

        BeatLevelCounts counts = evaluator.score("r", beats, predicted, RATE_HZ);

        assertThat(counts.ventricularBeats()).isEqualTo(2);
        assertThat(counts.ventricularDetected()).isEqualTo(1);
        assertThat(counts.ventricularSensitivity()).isEqualTo(50.0);
        assertThat(counts.spans()).isEqualTo(1);
        assertThat(counts.falsePositiveSpans()).isZero();
        assertThat(counts.positivePredictivity()).isEqualTo(100.0);
    }

    @Test
    void spanJustOutsideTheWindowMissesAndIsFalsePositive() {
        boolean[] predicted = new boolean[1000];
        mark(predicted, 216, 230); // starts 16 samples after the beat
        List<BeatAnnotation> beats = List.of(new BeatAnnotation(200, 'V'));

        BeatLevelCounts counts = evaluator.score("r", beats, predicted, RATE_HZ);

        assertThat(counts.ventricularDetected()).isZero();
        assertThat(counts.falsePositiveSpans()).isEqualTo(1);
        assertThat(counts.positivePredictivity()).isZero();
    }

    @Test
    void spanOnSupraventricularBeatIsNoFalsePositive() {
        boolean[] predicted = new boolean[1000];
        mark(predicted, 495, 505);
        mark(predicted, 700, 710); // on a normal beat
        List<BeatAnnotation> beats =
                List.of(
                        new BeatAnnotation(500, 'A'),
                        new BeatAnnotation(705, 'N'),
                        new BeatAnnotation(900, '+'));

        BeatLevelCounts counts = evaluator.score("r", beats, predicted, RATE_HZ);

        assertThat(counts.ventricularBeats()).isZero();
        assertThat(counts.ventricularSensitivity()).isNaN();
        assertThat(counts.abnormalBeats()).isEqualTo(1);
        assertThat(counts.abnormalDetected()).isEqualTo(1);
        assertThat(counts.spans()).isEqualTo(2);
        assertThat(counts.falsePositiveSpans()).isEqualTo(1);
        assertThat(counts.positivePredictivity()).isEqualTo(50.0);
    }

    @Test
    void totalSumsRecords() {
        boolean[] predicted = new boolean[100];
        mark(predicted, 50, 52);
        BeatLevelCounts first =
                evaluator.score("a", List.of(new BeatAnnotation(50, 'V')), predicted, RATE_HZ);
        BeatLevelCounts second =
                evaluator.score("b", List.of(new BeatAnnotation(10, 'F')), predicted, RATE_HZ);

        List<BeatLevelCounts> rows = evaluator.withTotal(List.of(first, second));

        BeatLevelCounts total = rows.get(2);
        assertThat(total.name()).isEqualTo(PointAdjustedEvaluator.TOTAL);
        assertThat(total.ventricularDetected()).isEqualTo(1);
        assertThat(total.abnormalBeats()).isEqualTo(2);
        assertThat(total.abnormalDetected()).isEqualTo(1);
        assertThat(total.spans()).isEqualTo(2);
        assertThat(total.falsePositiveSpans()).isEqualTo(1);
    }

    /** Marks samples from {@code from} to {@code to}, both included. */
    private static void mark(boolean[] predicted, int from, int to) {
        for (int t = from; t <= to; t++) {
            predicted[t] = true;
        }
    }
}
