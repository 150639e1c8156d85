package org.medstream.model.anomalies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * At 100 Hz a span must last 3 samples (30 ms), a dip of 5 samples (50 ms) ends it, and a span
 * reaches its maximum length at 1000 samples.
 */
class AnomalySpanAssemblerTest {
    private static final double HZ = 100;

    @Test
    void runBecomesSpanWithMaxScore() {
        double[] scores = scores(10, 0.1, 1, 0.6, 1, 0.9, 2, 0.7, 20, 0.2);

        List<AnomalySpan> spans = assemble(scores);

        assertThat(spans).containsExactly(new AnomalySpan(10, 14, 0.9));
    }

    @Test
    void spanReportedAfterMergeGap() {
        List<Long> reportedAt = new ArrayList<>();
        AnomalySpanAssembler assembler = new AnomalySpanAssembler(HZ, 0.5);
        double[] scores = scores(3, 0.0, 4, 0.8, 20, 0.0);
        for (int t = 0; t < scores.length; t++) {
            long now = t;
            assembler.accept(scores[t], span -> reportedAt.add(now));
        }

        assertThat(reportedAt).containsExactly(11L);
    }

    @Test
    void shortDipDoesNotSplit() {
        double[] scores = scores(5, 0.0, 4, 0.8, 4, 0.3, 4, 0.6, 10, 0.0);

        List<AnomalySpan> spans = assemble(scores);

        assertThat(spans).containsExactly(new AnomalySpan(5, 17, 0.8));
    }

    @Test
    void longDipSplits() {
        double[] scores = scores(5, 0.0, 4, 0.8, 5, 0.3, 4, 0.6, 10, 0.0);

        List<AnomalySpan> spans = assemble(scores);

        assertThat(spans).containsExactly(new AnomalySpan(5, 9, 0.8), new AnomalySpan(14, 18, 0.6));
    }

    @Test
    void flickerIsNoSpan() {
        assertThat(assemble(scores(5, 0.0, 2, 0.99, 10, 0.0))).isEmpty();
    }

    @Test
    void thresholdIsInclusive() {
        assertThat(assemble(scores(5, 0.0, 3, 0.5, 10, 0.0)))
                .containsExactly(new AnomalySpan(5, 8, 0.5));
    }

    @Test
    void longSpanSplitAtMaximumLength() {
        List<AnomalySpan> spans = assemble(scores(2, 0.0, 1500, 0.7, 10, 0.0));

        assertThat(spans)
                .containsExactly(new AnomalySpan(2, 1002, 0.7), new AnomalySpan(1002, 1502, 0.7));
    }

    @Test
    void finishEndsOpenSpan() {
        List<AnomalySpan> spans = new ArrayList<>();
        AnomalySpanAssembler assembler = new AnomalySpanAssembler(HZ, 0.5);
        for (double score : scores(2, 0.0, 6, 0.9, 2, 0.1)) {
            assembler.accept(score, spans::add);
        }
        assertThat(spans).isEmpty();

        assembler.finish(spans::add);

        assertThat(spans).containsExactly(new AnomalySpan(2, 8, 0.9));
    }

    @Test
    void restoredStateContinuesExactly() {
        Random random = new Random(7);
        double[] scores = new double[3000];
        for (int t = 0; t < scores.length; t++) {
            scores[t] = random.nextDouble() < 0.3 ? random.nextDouble() : 0.1;
        }
        List<AnomalySpan> whole = assemble(scores);

        List<AnomalySpan> split = new ArrayList<>();
        AnomalySpanAssembler first = new AnomalySpanAssembler(HZ, 0.5);
        for (int t = 0; t < 1234; t++) {
            first.accept(scores[t], split::add);
        }
        AnomalySpanAssembler second = new AnomalySpanAssembler(HZ, 0.5);
        second.restore(first.state().clone());
        for (int t = 1234; t < scores.length; t++) {
            second.accept(scores[t], split::add);
        }
        second.finish(split::add);

        assertThat(whole).isNotEmpty();
        assertThat(split).isEqualTo(whole);
        assertThat(second.samples()).isEqualTo(scores.length);
    }

    @Test
    void invalidInputRejected() {
        AnomalySpanAssembler assembler = new AnomalySpanAssembler(HZ, 0.5);

        assertThatThrownBy(() -> assembler.accept(Double.NaN, span -> {}))
                .hasMessage("Invalid anomaly score NaN at sample 0");
        assertThatThrownBy(() -> new AnomalySpanAssembler(HZ, 0))
                .hasMessage("Invalid anomaly threshold 0.0; expected a value in (0, 1]");
        assertThatThrownBy(() -> assembler.restore(new long[3]))
                .hasMessage("Invalid anomaly span assembler state of 3 values; expected 4");
    }

    @Test
    void scoreIsSoftmaxOfAnomalous() {
        assertThat(AnomalyScore.of(new float[] {0f, 0f}, 0)).isEqualTo(0.5);
        assertThat(AnomalyScore.of(new float[] {9f, 1f, 3f}, 1))
                .isCloseTo(1 / (1 + Math.exp(-2)), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(AnomalyScore.of(new float[] {1000f, -1000f}, 0)).isEqualTo(0.0);
        assertThat(AnomalyScore.of(new float[] {-1000f, 1000f}, 0)).isEqualTo(1.0);
    }

    /** Builds scores from (count, score) pairs. */
    private static double[] scores(double... countScorePairs) {
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < countScorePairs.length; i += 2) {
            for (int n = 0; n < (int) countScorePairs[i]; n++) {
                scores.add(countScorePairs[i + 1]);
            }
        }
        return scores.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<AnomalySpan> assemble(double[] scores) {
        List<AnomalySpan> spans = new ArrayList<>();
        AnomalySpanAssembler assembler = new AnomalySpanAssembler(HZ, 0.5);
        for (double score : scores) {
            assembler.accept(score, spans::add);
        }
        assembler.finish(spans::add);
        return spans;
    }
}
