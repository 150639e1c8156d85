package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertCategory;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Beat;

/**
 * ECG without detectable QRS complexes, through the beat detection operator: no error, no or few
 * beats, and the asystole alarm fires.
 */
class AsystoleInputTest {
    private static final double FS = SyntheticEcg.FS;

    @Test
    void lowVoltageRecordRaisesAsystole() throws Exception {
        // Record 100 at 2 % of its amplitude: R waves of about 0.02 to 0.04 mV, as with a
        // detached or badly placed electrode, below the detector's 0.1 mV minimum QRS.
        RecordChunks source = RecordChunks.read("mitdb", "100", 60, 0.02);

        DetectionRun run = DetectionRun.of(source.fixed(90));

        assertThat(run.deadLetters()).isEmpty();
        assertThat(run.beats()).as("beats in 60 s (about 75 at full amplitude)").hasSizeLessThan(5);
        List<Alert> asystole = asystoleAlerts(run);
        assertThat(asystole).isNotEmpty();
        assertThat(asystole.get(0).getOnsetSampleIndex()).isZero();
        assertThat(asystole.get(0).getSampleIndex()).isEqualTo(Math.round(4 * FS));
        assertThat(asystole.get(0).getCategory()).isEqualTo(AlertCategory.PHYSIOLOGICAL);
    }

    @Test
    void stretchWithoutQrsRaisesAsystole() throws Exception {
        // 10 s of beats at 75 bpm, 10 s of baseline wander and noise without QRS, 10 s of beats.
        int length = (int) (30 * FS);
        long[] before = SyntheticEcg.regularPeaks(180, 288, (long) (10 * FS));
        long[] after = SyntheticEcg.regularPeaks((long) (20 * FS) + 180, 288, length);
        long[] peaks = new long[before.length + after.length];
        System.arraycopy(before, 0, peaks, 0, before.length);
        System.arraycopy(after, 0, peaks, before.length, after.length);
        float[] lead = SyntheticEcg.lead(length, peaks);
        Random noise = new Random(12);
        for (int i = (int) (10 * FS); i < (int) (20 * FS); i++) {
            double wander = 0.3 * Math.sin(2 * Math.PI * 0.3 * i / FS);
            lead[i] += (float) (wander + 0.02 * noise.nextGaussian());
        }

        DetectionRun run = DetectionRun.of(SyntheticEcg.chunks("bed-asystole", lead, 90));

        long lastBeatBefore = before[before.length - 1];
        assertThat(run.deadLetters()).isEmpty();
        assertThat(run.beats())
                .extracting(Beat::getSampleIndex)
                .filteredOn(index -> index > lastBeatBefore + 20 && index < after[0] - 20)
                .as("beats in the stretch without QRS")
                .isEmpty();
        assertThat(run.beats()).extracting(Beat::getSampleIndex).contains(after[after.length - 2]);
        List<Alert> asystole = asystoleAlerts(run);
        assertThat(asystole)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END);
        assertThat(asystole.get(1).getAlertId()).isEqualTo(asystole.get(0).getAlertId());
        assertThat(asystole.get(1).getSampleIndex()).isBetween(after[0] - 20, after[0] + 20);
        assertThat(asystole.get(0).getAlertId())
                .isEqualTo("bed-asystole:ASYSTOLE:" + lastBeatBefore);
        assertThat(asystole.get(0).getSampleIndex()).isEqualTo(lastBeatBefore + Math.round(4 * FS));
    }

    private static List<Alert> asystoleAlerts(DetectionRun run) {
        return run.alerts().stream()
                .filter(alert -> alert.getType() == AlertType.ASYSTOLE)
                .toList();
    }
}
