package org.medstream.model.ludb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.ingest.wfdb.Annotation;
import org.medstream.ingest.wfdb.AnnotationCode;
import org.medstream.ingest.wfdb.WfdbAnnotations;

/**
 * Checks label construction. The expected counts for record 1 come from a separate reader of the
 * annotation file (a short Python decoder of the MIT annotation format), not from this code.
 */
class WaveLabelsTest {

    @Test
    void recordOneLeadTwo() throws IOException {
        List<Annotation> annotations = WfdbAnnotations.read(LudbTestData.folder().resolve("1.ii"));

        WaveLabels labels = WaveLabels.fromAnnotations(annotations, 5000);

        assertThat(labels.spanStart()).isEqualTo(644);
        assertThat(labels.spanEnd()).isEqualTo(3996);
        int[] counts = countInSpan(labels);
        assertThat(counts[WaveClass.NONE.ordinal()]).isEqualTo(2275);
        assertThat(counts[WaveClass.P.ordinal()]).isEqualTo(248);
        assertThat(counts[WaveClass.QRS.ordinal()]).isEqualTo(294);
        assertThat(counts[WaveClass.T.ordinal()]).isEqualTo(536);
    }

    @Test
    void recordOneFirstWaves() throws IOException {
        List<Annotation> annotations = WfdbAnnotations.read(LudbTestData.folder().resolve("1.ii"));

        int[] labels = WaveLabels.fromAnnotations(annotations, 5000).labels();

        // First triples of lead ii: QRS 644 (662) 682, then T 776 (843) 878.
        assertThat(labels[643]).isEqualTo(WaveClass.NONE.ordinal());
        assertThat(labels[644]).isEqualTo(WaveClass.QRS.ordinal());
        assertThat(labels[682]).isEqualTo(WaveClass.QRS.ordinal());
        assertThat(labels[683]).isEqualTo(WaveClass.NONE.ordinal());
        assertThat(labels[776]).isEqualTo(WaveClass.T.ordinal());
        assertThat(labels[878]).isEqualTo(WaveClass.T.ordinal());
        assertThat(labels[879]).isEqualTo(WaveClass.NONE.ordinal());
    }

    @Test
    void outsideSpanIsNone() throws IOException {
        List<Annotation> annotations = WfdbAnnotations.read(LudbTestData.folder().resolve("1.ii"));

        WaveLabels labels = WaveLabels.fromAnnotations(annotations, 5000);

        assertThat(labels.isAnnotated(643)).isFalse();
        assertThat(labels.isAnnotated(644)).isTrue();
        assertThat(labels.isAnnotated(3996)).isTrue();
        assertThat(labels.isAnnotated(3997)).isFalse();
        for (int t = 3997; t < 5000; t++) {
            assertThat(labels.labels()[t]).as("sample %d", t).isZero();
        }
    }

    @Test
    void offsetWithoutOnsetIsSkipped() {
        List<Annotation> annotations =
                List.of(
                        Annotation.of(10, AnnotationCode.PWAVE),
                        Annotation.of(15, AnnotationCode.WFOFF),
                        Annotation.of(20, AnnotationCode.WFON),
                        Annotation.of(25, AnnotationCode.NORMAL),
                        Annotation.of(30, AnnotationCode.WFOFF));

        WaveLabels labels = WaveLabels.fromAnnotations(annotations, 40);

        assertThat(labels.labels()[12]).isEqualTo(WaveClass.NONE.ordinal());
        assertThat(labels.labels()[20]).isEqualTo(WaveClass.QRS.ordinal());
        assertThat(labels.labels()[30]).isEqualTo(WaveClass.QRS.ordinal());
        assertThat(labels.spanStart()).isEqualTo(10);
        assertThat(labels.spanEnd()).isEqualTo(30);
    }

    @Test
    void onsetWithoutPeakIsSkipped() {
        List<Annotation> annotations =
                List.of(
                        Annotation.of(5, AnnotationCode.WFON),
                        Annotation.of(9, AnnotationCode.WFOFF),
                        Annotation.of(12, AnnotationCode.WFON),
                        Annotation.of(14, AnnotationCode.TWAVE),
                        Annotation.of(18, AnnotationCode.WFOFF));

        int[] labels = WaveLabels.fromAnnotations(annotations, 20).labels();

        assertThat(labels[7]).isEqualTo(WaveClass.NONE.ordinal());
        assertThat(labels[12]).isEqualTo(WaveClass.T.ordinal());
        assertThat(labels[19]).isEqualTo(WaveClass.NONE.ordinal());
    }

    private static int[] countInSpan(WaveLabels labels) {
        int[] counts = new int[WaveClass.COUNT];
        for (int t = labels.spanStart(); t <= labels.spanEnd(); t++) {
            counts[labels.labels()[t]]++;
        }
        return counts;
    }
}
