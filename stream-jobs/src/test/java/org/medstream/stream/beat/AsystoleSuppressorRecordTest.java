package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertCategory;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Beat;
import org.medstream.schemas.ChannelQuality;
import org.medstream.schemas.QualityFlag;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmThresholds;
import org.medstream.stream.detect.PanTompkinsDetector;

/**
 * The asystole suppressor on real two-lead MIT-BIH records: the false asystole of record 208, and
 * QRS pauses on one or on every lead of record 100.
 */
class AsystoleSuppressorRecordTest {
    /** First sample of the 4 s in which the classic detector finds no beats on lead MLII of 208. */
    private static final long RECORD_208_PAUSE_ONSET = 498_200;

    private static AlarmRules rules(boolean suppressor) {
        return new AlarmRules(
                AlarmThresholds.defaults()
                        .with(
                                AlarmThresholds.SUPPRESSOR,
                                suppressor ? "on" : "off",
                                "alarm.suppressor"));
    }

    /** Record 208 from 1340 s to 1420 s: the noisy stretch at 1384 s and 36 s on each side. */
    private static List<SignalChunk> record208Stretch() throws Exception {
        RecordChunks source = RecordChunks.read("mitdb", "208", 1420);
        int from = (int) Math.round(1340 * source.samplingFrequencyHz());
        return source.fixedFrom(from, 90);
    }

    private static List<Alert> asystole(DetectionRun run) {
        return run.alerts().stream()
                .filter(alert -> alert.getType() == AlertType.ASYSTOLE)
                .toList();
    }

    @Test
    void record208FalseAsystoleHeldBack() throws Exception {
        List<SignalChunk> chunks = record208Stretch();

        DetectionRun on = DetectionRun.of(chunks, new PanTompkinsDetector(), rules(true));
        DetectionRun off = DetectionRun.of(chunks, new PanTompkinsDetector(), rules(false));

        assertThat(asystole(off))
                .as("asystole without the suppressor")
                .extracting(Alert::getOnsetSampleIndex)
                .contains(RECORD_208_PAUSE_ONSET);
        assertThat(asystole(on)).as("asystole with the suppressor").isEmpty();
        assertThat(on.beatSummaries())
                .as("beats do not depend on the suppressor")
                .isEqualTo(off.beatSummaries());
    }

    @Test
    void pauseOnEveryLeadRaisesAsystole() throws Exception {
        RecordChunks source = RecordChunks.read("mitdb", "100", 60);
        int fs = (int) source.samplingFrequencyHz();
        Random random = new Random(20261205L);
        source.pauseQrs(0, 30 * fs, 38 * fs, random);
        source.pauseQrs(1, 30 * fs, 38 * fs, random);

        DetectionRun run =
                DetectionRun.of(source.fixed(90), new PanTompkinsDetector(), rules(true));

        List<Alert> asystole = asystole(run);
        assertThat(asystole)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END);
        assertThat(asystole.get(0).getOnsetSampleIndex()).isBetween(29L * fs, 30L * fs);
        assertThat(asystole.get(1).getSampleIndex()).isBetween(38L * fs, 39L * fs);
    }

    @Test
    void noisyFlaggedPauseStillRaisedWithNote() throws Exception {
        // The gate flags lead MLII noisy during a pause on both leads: the alarm stays a
        // high-priority physiological one, and its message states that the pause may be artefact.
        RecordChunks source = RecordChunks.read("mitdb", "100", 60);
        int fs = (int) source.samplingFrequencyHz();
        Random random = new Random(20261205L);
        source.pauseQrs(0, 30 * fs, 38 * fs, random);
        source.pauseQrs(1, 30 * fs, 38 * fs, random);
        List<SignalChunk> chunks = new ArrayList<>();
        for (SignalChunk chunk : source.fixed(90)) {
            long first = chunk.getFirstSampleIndex();
            boolean noisy = first >= 29L * fs && first < 38L * fs;
            chunks.add(noisy ? withLeadFlag(chunk, QualityFlag.NOISY) : chunk);
        }

        DetectionRun run = DetectionRun.of(chunks, new PanTompkinsDetector(), rules(true));

        List<Alert> asystole = asystole(run);
        assertThat(asystole).extracting(Alert::getPhase).contains(AlertPhase.START);
        Alert start = asystole.get(0);
        assertThat(start.getPriority()).isEqualTo(AlertPriority.HIGH);
        assertThat(start.getCategory()).isEqualTo(AlertCategory.PHYSIOLOGICAL);
        assertThat(start.getMessage())
                .startsWith("Asystole: no QRS complex for 4.0 s. The ECG signal was noisy")
                .contains("the pause may be artefact");
    }

    @Test
    void cleanPauseHasNoQualityNote() throws Exception {
        RecordChunks source = RecordChunks.read("mitdb", "100", 60);
        int fs = (int) source.samplingFrequencyHz();
        Random random = new Random(20261205L);
        source.pauseQrs(0, 30 * fs, 38 * fs, random);
        source.pauseQrs(1, 30 * fs, 38 * fs, random);

        DetectionRun run =
                DetectionRun.of(source.fixed(90), new PanTompkinsDetector(), rules(true));

        assertThat(asystole(run).get(0).getMessage())
                .isEqualTo("Asystole: no QRS complex for 4.0 s");
    }

    private static SignalChunk withLeadFlag(SignalChunk chunk, QualityFlag flag) {
        List<ChannelQuality> quality = new ArrayList<>();
        for (int channel = 0; channel < chunk.getChannelNames().size(); channel++) {
            quality.add(
                    ChannelQuality.newBuilder()
                            .setFlags(channel == 0 ? List.of(flag) : List.of())
                            .build());
        }
        return SignalChunk.newBuilder(chunk).setQuality(quality).build();
    }

    @Test
    void pauseOnFirstLeadOnlyHeldBack() throws Exception {
        RecordChunks source = RecordChunks.read("mitdb", "100", 60);
        int fs = (int) source.samplingFrequencyHz();
        source.pauseQrs(0, 30 * fs, 38 * fs, new Random(20261205L));
        List<SignalChunk> chunks = source.fixed(90);

        DetectionRun on = DetectionRun.of(chunks, new PanTompkinsDetector(), rules(true));
        DetectionRun off = DetectionRun.of(chunks, new PanTompkinsDetector(), rules(false));

        assertThat(asystole(off)).extracting(Alert::getPhase).contains(AlertPhase.START);
        assertThat(asystole(on)).isEmpty();
    }

    @Test
    void singleLeadStreamUnaffected() throws Exception {
        // One channel, a 10 s stretch without QRS: the suppressor has no other lead to read.
        int length = (int) (30 * SyntheticEcg.FS);
        long[] before = SyntheticEcg.regularPeaks(180, 288, (long) (10 * SyntheticEcg.FS));
        float[] lead = SyntheticEcg.lead(length, before);

        DetectionRun on =
                DetectionRun.of(
                        SyntheticEcg.chunks("bed-1", lead, 90),
                        new PanTompkinsDetector(),
                        rules(true));

        assertThat(asystole(on)).extracting(Alert::getPhase).contains(AlertPhase.START);
    }

    @Test
    void restoreInsideHeldBackPauseGivesSameOutput() throws Exception {
        List<SignalChunk> chunks = record208Stretch();
        DetectionRun whole = DetectionRun.of(chunks, new PanTompkinsDetector(), rules(true));
        // Cut inside the 4 s that lead MLII shows without beats.
        DetectionRun restored =
                DetectionRun.restoredAt(
                        chunks,
                        RECORD_208_PAUSE_ONSET + 720,
                        () ->
                                new BeatDetectionFunction<>(
                                        new PanTompkinsDetector(),
                                        rules(true),
                                        BeatDetectionSettings.defaults()));

        assertThat(restored.beats())
                .extracting(Beat::getSampleIndex)
                .isEqualTo(whole.beats().stream().map(Beat::getSampleIndex).toList());
        assertThat(restored.alerts())
                .extracting(Alert::getAlertId, Alert::getPhase)
                .isEqualTo(
                        whole.alerts().stream()
                                .map(alert -> tuple(alert.getAlertId(), alert.getPhase()))
                                .toList());
    }
}
