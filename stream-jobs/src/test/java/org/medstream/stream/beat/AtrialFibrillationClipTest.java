package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medstream.model.rhythm.AfDecision;
import org.medstream.model.rhythm.AfDetector;
import org.medstream.model.rhythm.RrIrregularityState;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Beat;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmThresholds;
import org.medstream.stream.detect.PanTompkinsDetector;

/**
 * The atrial fibrillation detector and alarm on real PhysioNet/CinC Challenge 2017 clips of 30 s,
 * two labelled atrial fibrillation (A) and two normal rhythm (N), through the beat detection
 * operator with the classic detector. The alarm needs irregular RR intervals for 10 s here, because
 * the 30 s default is as long as the clips.
 */
class AtrialFibrillationClipTest {
    private static final AlarmRules RULES =
            new AlarmRules(
                    AlarmThresholds.defaults()
                            .with(
                                    AlarmThresholds.ATRIAL_FIBRILLATION,
                                    "10 s",
                                    "alarm.atrial-fibrillation"));

    private static DetectionRun run(String clip) throws Exception {
        Path data = Path.of(System.getProperty("medstream.data.dir"));
        RecordChunks source = RecordChunks.read(data.resolve("cinc2017").resolve(clip), clip);
        int oneSecond = (int) Math.round(source.samplingFrequencyHz());
        return DetectionRun.of(source.fixed(oneSecond), new PanTompkinsDetector(), RULES);
    }

    /** Fraction of the detector's decisions on the clip's beats that are atrial fibrillation. */
    private static double afFraction(List<Beat> beats) {
        AfDetector detector = AfDetector.defaults();
        RrIrregularityState state = detector.createState();
        int evaluated = 0;
        int atrialFibrillation = 0;
        for (Beat beat : beats) {
            AfDecision decision =
                    detector.onBeat(
                            state, beat.getSampleIndex(), beat.getBeatClass().charAt(0), 300);
            if (decision.evaluated()) {
                evaluated++;
                if (decision.atrialFibrillation()) {
                    atrialFibrillation++;
                }
            }
        }
        assertThat(evaluated).isGreaterThan(10);
        return (double) atrialFibrillation / evaluated;
    }

    private static List<Alert> atrialFibrillationAlerts(DetectionRun run) {
        return run.alerts().stream()
                .filter(alert -> alert.getType() == AlertType.ATRIAL_FIBRILLATION)
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A00004", "A00067"})
    void afClipRaisesAlarm(String clip) throws Exception {
        DetectionRun run = run(clip);

        List<Alert> alerts = atrialFibrillationAlerts(run);

        assertThat(afFraction(run.beats())).isGreaterThan(0.9);
        assertThat(alerts.get(0).getPhase()).isEqualTo(AlertPhase.START);
        assertThat(alerts.get(0).getSampleIndex() - alerts.get(0).getOnsetSampleIndex())
                .isGreaterThanOrEqualTo(10 * 300);
        // The clip ends in atrial fibrillation, so the end of input closes the alert.
        assertThat(alerts.get(alerts.size() - 1).getPhase()).isEqualTo(AlertPhase.END);
        assertThat(alerts.get(alerts.size() - 1).getMessage())
                .startsWith("Atrial fibrillation no longer tracked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A00001", "A00016"})
    void normalClipRaisesNothing(String clip) throws Exception {
        DetectionRun run = run(clip);

        assertThat(afFraction(run.beats())).isLessThan(0.1);
        assertThat(atrialFibrillationAlerts(run)).isEmpty();
    }
}
