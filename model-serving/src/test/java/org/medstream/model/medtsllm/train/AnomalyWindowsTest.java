package org.medstream.model.medtsllm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.evaluation.beats.AamiClass;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;

/** Normal-window selection on bundled MIT-BIH record 208, which has many ventricular beats. */
class AnomalyWindowsTest {
    private static final Path MITDB = Path.of(System.getProperty("medstream.data.dir"), "mitdb");

    private static AnomalyRecord record;

    @BeforeAll
    static void read() throws IOException {
        record = AnomalyWindows.read(MITDB, 208);
    }

    @Test
    void recordAt125Hz() {
        // 650,000 samples at 360 Hz are 1805.6 s; at 125 Hz about 225,694 samples.
        assertThat(record.signal().length).isBetween(225_600, 225_700);
        assertThat(record.anomalous()).hasSameSizeAs(record.signal());
        // At 360 Hz the reference marks 149,213 of 208's 650,000 samples (23.0 %) anomalous. At
        // 125 Hz a span is 2 · 19 + 1 samples (312 ms) instead of 109 (303 ms).
        assertThat(record.anomalousFraction()).isBetween(0.225, 0.245);
    }

    @Test
    void normalWindowsHoldNoAnomalousSample() {
        List<LabelledWindow> normal = AnomalyWindows.normal(List.of(record), 256, 128);

        assertThat(normal).isNotEmpty();
        for (LabelledWindow window : normal) {
            for (int t = 0; t < 256; t++) {
                assertThat(record.anomalous()[window.start() + t])
                        .as("sample %d of the window at %d", t, window.start())
                        .isFalse();
            }
        }
    }

    @Test
    void normalWindowsAreTheSteppedOnesWithoutAnomalies() {
        List<LabelledWindow> all = AnomalyWindows.stepped(List.of(record), 256, 128);
        List<LabelledWindow> normal = AnomalyWindows.normal(List.of(record), 256, 128);

        long withAnomaly = all.stream().filter(AnomalyWindows::hasAnomaly).count();
        assertThat(normal.size() + withAnomaly).isEqualTo(all.size());
        // Most windows of 208 (2.05 s) hold one of its 1369 abnormal beats.
        assertThat(withAnomaly).isGreaterThan(all.size() / 2);
    }

    @Test
    void noNormalWindowCoversAVentricularBeat() throws IOException {
        List<LabelledWindow> normal = AnomalyWindows.normal(List.of(record), 256, 128);
        int checked = 0;
        int covered = 0;
        for (BeatAnnotation beat : WfdbBeatAnnotations.read(MITDB.resolve("208.atr"))) {
            if (AamiClass.ofLabel(beat.label()) != AamiClass.V) {
                continue;
            }
            // The beat's time at 125 Hz from its 360 Hz index, within a sample of the resampler's.
            double at125Hz = beat.sample() * 125.0 / 360.0;
            for (LabelledWindow window : normal) {
                if (at125Hz >= window.start() - 1.0 && at125Hz <= window.start() + 256.0) {
                    covered++;
                }
            }
            checked++;
        }
        assertThat(covered).isZero();
        assertThat(checked).isEqualTo(992);
    }

    @Test
    void windowTargetsMarkAnomalies() {
        LabelledWindow first =
                AnomalyWindows.stepped(List.of(record), 256, 128).stream()
                        .filter(AnomalyWindows::hasAnomaly)
                        .findFirst()
                        .orElseThrow();

        for (int t = 0; t < 256; t++) {
            assertThat(first.targets()[t]).isEqualTo(record.anomalous()[first.start() + t] ? 1 : 0);
            assertThat(first.mask()[t]).isEqualTo(1f);
        }
    }
}
