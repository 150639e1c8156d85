package org.medstream.evaluation.anomalies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;

class PointAdjustedEvaluatorTest {
    private final PointAdjustedEvaluator evaluator = new PointAdjustedEvaluator();

    @Test
    void oneHitDetectsWholeSegment() {
        boolean[] reference = marks("..####....###...");
        boolean[] predicted = marks("....#...........");

        AnomalyCounts counts = evaluator.score("r", reference, predicted);

        assertThat(counts.truePositives()).isEqualTo(4);
        assertThat(counts.falseNegatives()).isEqualTo(3);
        assertThat(counts.falsePositives()).isZero();
        assertThat(counts.trueNegatives()).isEqualTo(9);
        assertThat(counts.segments()).isEqualTo(2);
        assertThat(counts.detectedSegments()).isEqualTo(1);
        assertThat(counts.precision()).isEqualTo(100.0);
        assertThat(counts.recall()).isCloseTo(100.0 * 4 / 7, within(1e-9));
        assertThat(counts.f1()).isCloseTo(100.0 * 8 / 11, within(1e-9));
    }

    @Test
    void predictionsOutsideSegmentsCountOneByOne() {
        boolean[] reference = marks("..####..........");
        boolean[] predicted = marks("#.#.....##......");

        AnomalyCounts counts = evaluator.score("r", reference, predicted);

        assertThat(counts.truePositives()).isEqualTo(4);
        assertThat(counts.falsePositives()).isEqualTo(3);
        assertThat(counts.falseNegatives()).isZero();
        assertThat(counts.trueNegatives()).isEqualTo(9);
        assertThat(counts.precision()).isCloseTo(100.0 * 4 / 7, within(1e-9));
        assertThat(counts.recall()).isEqualTo(100.0);
    }

    @Test
    void aurocOfBinaryPredictions() {
        boolean[] reference = marks("####....####....");
        boolean[] predicted = marks("##......##.....#");

        AnomalyCounts counts = evaluator.score("r", reference, predicted);

        // TPR 8/8 after adjustment, TNR 7/8.
        assertThat(counts.auroc()).isCloseTo(100.0 * (1 + 7.0 / 8) / 2, within(1e-9));
    }

    @Test
    void noReferenceAnomaliesGiveNanRecall() {
        AnomalyCounts counts = evaluator.score("r", marks("......"), marks("..#..."));

        assertThat(counts.recall()).isNaN();
        assertThat(counts.precision()).isEqualTo(0.0);
        assertThat(counts.segments()).isZero();
    }

    @Test
    void totalSumsCounts() {
        AnomalyCounts first = evaluator.score("a", marks("..##.."), marks("...#.."));
        AnomalyCounts second = evaluator.score("b", marks("##...."), marks("....#."));

        AnomalyResult result = evaluator.total(List.of(first, second));

        assertThat(result.total().truePositives()).isEqualTo(2);
        assertThat(result.total().falsePositives()).isEqualTo(1);
        assertThat(result.total().falseNegatives()).isEqualTo(2);
        assertThat(result.total().samples()).isEqualTo(12);
        assertThat(result.total().detectedSegments()).isEqualTo(1);
        assertThat(result.toTable()).contains("total").contains("   1/2  ");
        assertThat(result.toJson()).contains("\"record\" : \"b\"").contains("\"recall\" : 50.0");
    }

    @Test
    void lengthMismatchRejected() {
        assertThatThrownBy(() -> evaluator.score("208", new boolean[3], new boolean[4]))
                .hasMessage(
                        "Record 208: 3 reference samples but 4 predicted samples; expected the"
                                + " same length");
    }

    @Test
    void referenceMarksNonNormalBeats() {
        // At 100 Hz the half width is 15 samples: V at 50 marks 35..65, N at 10 marks nothing,
        // A at 95 marks 80..99 (cut at the end), the rhythm change '+' nothing.
        List<BeatAnnotation> beats =
                List.of(
                        new BeatAnnotation(10, 'N'),
                        new BeatAnnotation(50, 'V'),
                        new BeatAnnotation(70, '+'),
                        new BeatAnnotation(95, 'A'));

        boolean[] anomalous = AnomalyReference.anomalous(beats, 100, 100);

        assertThat(count(anomalous)).isEqualTo(31 + 20);
        assertThat(anomalous[34]).isFalse();
        assertThat(anomalous[35]).isTrue();
        assertThat(anomalous[65]).isTrue();
        assertThat(anomalous[66]).isFalse();
        assertThat(anomalous[79]).isFalse();
        assertThat(anomalous[99]).isTrue();
    }

    @Test
    void annotationsRoundTrip() {
        List<Annotation> annotations =
                AnomalySpans.toAnnotations(List.of(new long[] {2, 5}, new long[] {8, 9}));

        assertThat(annotations)
                .containsExactly(
                        Annotation.of(2, AnnotationCode.WFON),
                        Annotation.of(4, AnnotationCode.WFOFF),
                        Annotation.of(8, AnnotationCode.WFON),
                        Annotation.of(8, AnnotationCode.WFOFF));
        assertThat(AnomalySpans.predicted(annotations, 10, "x.anomaly"))
                .isEqualTo(marks("..###...#."));
    }

    @Test
    void unpairedOnsetRejected() {
        List<Annotation> annotations =
                List.of(
                        Annotation.of(2, AnnotationCode.WFON),
                        Annotation.of(4, AnnotationCode.WFON),
                        Annotation.of(6, AnnotationCode.WFOFF));

        assertThatThrownBy(() -> AnomalySpans.predicted(annotations, 10, "208.anomaly"))
                .hasMessage(
                        "Invalid anomaly annotations in 208.anomaly: onset '(' at sample 2 has no"
                                + " offset ')'; each span needs '(' at its start and ')' at its"
                                + " end");
    }

    /** Returns true for each '#' of {@code text}. */
    private static boolean[] marks(String text) {
        boolean[] marks = new boolean[text.length()];
        for (int i = 0; i < marks.length; i++) {
            marks[i] = text.charAt(i) == '#';
        }
        return marks;
    }

    private static int count(boolean[] marks) {
        int count = 0;
        for (boolean mark : marks) {
            count += mark ? 1 : 0;
        }
        return count;
    }
}
