package org.medstream.model.rhythm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordRhythmTest {
    private static final double FS = 300;

    /** Beats of class N at the given RR intervals (ms), the first at sample 0. */
    private static RecordRhythm rhythm(double[] rrMillis) {
        long[] indices = new long[rrMillis.length + 1];
        for (int i = 0; i < rrMillis.length; i++) {
            indices[i + 1] = indices[i] + Math.round(rrMillis[i] * FS / 1000);
        }
        char[] classes = new char[indices.length];
        Arrays.fill(classes, 'N');
        return RecordRhythm.of(AfDetector.defaults(), indices, classes, FS);
    }

    @Test
    void regularRhythmIsNormal() {
        double[] rr = new double[40];
        for (int i = 0; i < rr.length; i++) {
            rr[i] = 800 + 20 * Math.sin(i / 3.0);
        }

        RecordRhythm result = rhythm(rr);

        assertThat(result.label()).isEqualTo(RecordRhythm.NORMAL);
        assertThat(result.score()).isLessThan(0.5);
        assertThat(result.beats()).isEqualTo(41);
        assertThat(result.evaluatedBeats()).isPositive();
    }

    @Test
    void randomIntervalsAreFibrillation() {
        Random random = new Random(5);
        double[] rr = new double[40];
        for (int i = 0; i < rr.length; i++) {
            rr[i] = 400 + 500 * random.nextDouble();
        }

        RecordRhythm result = rhythm(rr);

        assertThat(result.label()).isEqualTo(RecordRhythm.ATRIAL_FIBRILLATION);
        assertThat(result.score()).isGreaterThanOrEqualTo(0.5);
        assertThat(result.medianCosen()).isGreaterThan(AfDetector.DEFAULT_COSEN_THRESHOLD);
    }

    @Test
    void fewBeatsUndecided() {
        RecordRhythm result = rhythm(new double[] {800, 810, 790});

        assertThat(result.label()).isEqualTo(RecordRhythm.UNDECIDED);
        assertThat(result.score()).isZero();
        assertThat(result.evaluatedBeats()).isZero();
        assertThat(result.medianCosen()).isNaN();
    }

    @Test
    void classCountMustMatch() {
        assertThatThrownBy(
                        () -> RecordRhythm.of(AfDetector.defaults(), new long[3], new char[2], FS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("3 beat indices but 2 classes");
    }
}
