package org.medstream.stream.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertCategory;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.stream.time.StreamClock;

class AlarmRulesTest {
    private static final double FS = 360.0;
    private static final long FOUR_SECONDS = 1440;

    private final AlarmRules rules = AlarmRules.defaults();
    private final AlarmState state = new AlarmState();
    private final AlertFactory factory =
            new AlertFactory("bed-7", new StreamClock(0, FS), "test", "1", 0);
    private final List<Alert> alerts = new ArrayList<>();

    private List<Alert> starts() {
        return alerts.stream().filter(alert -> alert.getPhase() == AlertPhase.START).toList();
    }

    @Test
    void asystoleFiresAtFourSecondsWithoutBeat() {
        rules.reset(state, 0);
        rules.onBeat(state, factory, 100, -1, alerts::add);

        rules.onProgress(state, factory, 100 + FOUR_SECONDS - 1, alerts::add);
        assertThat(alerts).isEmpty();

        rules.onProgress(state, factory, 100 + FOUR_SECONDS, alerts::add);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getType()).isEqualTo(AlertType.ASYSTOLE);
        assertThat(alert.getOnsetSampleIndex()).isEqualTo(100);
        assertThat(alert.getSampleIndex()).isEqualTo(100 + FOUR_SECONDS);
        assertThat(alert.getAlertId()).isEqualTo("bed-7:ASYSTOLE:100");
        assertThat(alert.getPriority()).isEqualTo(AlertPriority.HIGH);
        assertThat(alert.getCategory()).isEqualTo(AlertCategory.PHYSIOLOGICAL);
    }

    @Test
    void noAsystoleAtExactlyFourSeconds() {
        rules.reset(state, 0);
        rules.onBeat(state, factory, 100, -1, alerts::add);
        rules.onProgress(state, factory, 100 + FOUR_SECONDS - 1, alerts::add);
        rules.onBeat(state, factory, 100 + FOUR_SECONDS, FOUR_SECONDS, alerts::add);

        assertThat(alerts).isEmpty();
    }

    @Test
    void asystoleAtFourSecondsPlusOneSample() {
        rules.reset(state, 0);
        rules.onBeat(state, factory, 100, -1, alerts::add);
        rules.onBeat(state, factory, 101 + FOUR_SECONDS, FOUR_SECONDS + 1, alerts::add);

        assertThat(alerts).extracting(Alert::getType).containsOnly(AlertType.ASYSTOLE);
        assertThat(alerts)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END);
        assertThat(alerts.get(0).getSampleIndex()).isEqualTo(100 + FOUR_SECONDS);
        assertThat(alerts.get(1).getSampleIndex()).isEqualTo(101 + FOUR_SECONDS);
        assertThat(alerts.get(1).getSequence()).isEqualTo(1);
        assertThat(alerts.get(1).getAlertId()).isEqualTo(alerts.get(0).getAlertId());
    }

    @Test
    void asystoleOncePerEpisode() {
        rules.reset(state, 0);
        rules.onProgress(state, factory, FOUR_SECONDS, alerts::add);
        rules.onProgress(state, factory, 3 * FOUR_SECONDS, alerts::add);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getOnsetSampleIndex()).isZero();

        rules.onBeat(state, factory, 5000, -1, alerts::add);
        rules.onProgress(state, factory, 5000 + FOUR_SECONDS, alerts::add);

        assertThat(alerts).hasSize(3);
        assertThat(alerts.get(1).getAlertId()).isEqualTo("bed-7:ASYSTOLE:0");
        assertThat(alerts.get(1).getPhase()).isEqualTo(AlertPhase.END);
        assertThat(alerts.get(1).getSampleIndex()).isEqualTo(5000);
        assertThat(alerts.get(2).getAlertId()).isEqualTo("bed-7:ASYSTOLE:5000");
        assertThat(alerts.get(2).getPhase()).isEqualTo(AlertPhase.START);
    }

    @Test
    void bradycardiaNeedsFiveSlowBeats() {
        long rr = 600; // 36 bpm at 360 Hz
        rules.reset(state, 0);
        long beat = 0;
        rules.onBeat(state, factory, beat, -1, alerts::add);
        for (int i = 0; i < 4; i++) {
            beat += rr;
            rules.onBeat(state, factory, beat, rr, alerts::add);
        }
        assertThat(alerts).isEmpty();

        beat += rr;
        rules.onBeat(state, factory, beat, rr, alerts::add);

        assertThat(alerts)
                .extracting(Alert::getType)
                .containsExactly(AlertType.EXTREME_BRADYCARDIA);
        assertThat(alerts.get(0).getOnsetSampleIndex()).isEqualTo(rr);
        assertThat(alerts.get(0).getSampleIndex()).isEqualTo(5 * rr);
        assertThat(alerts.get(0).getHeartRateBpm()).isEqualTo(36.0);
    }

    @Test
    void noBradycardiaAfterFourSlowBeats() {
        rules.reset(state, 0);
        long beat = 0;
        rules.onBeat(state, factory, beat, -1, alerts::add);
        for (int i = 0; i < 4; i++) {
            beat += 600;
            rules.onBeat(state, factory, beat, 600, alerts::add);
        }
        for (int i = 0; i < 10; i++) {
            beat += 300;
            rules.onBeat(state, factory, beat, 300, alerts::add);
        }
        assertThat(alerts).isEmpty();
    }

    @Test
    void bradycardiaBoundaryOfFortyBpmIsNotSlow() {
        rules.reset(state, 0);
        long beat = 0;
        rules.onBeat(state, factory, beat, -1, alerts::add);
        for (int i = 0; i < 10; i++) {
            beat += 540; // exactly 40 bpm
            rules.onBeat(state, factory, beat, 540, alerts::add);
        }
        assertThat(alerts).isEmpty();
    }

    @Test
    void bradycardiaRaisedOncePerEpisodeAndRearmed() {
        rules.reset(state, 0);
        long beat = 0;
        rules.onBeat(state, factory, beat, -1, alerts::add);
        for (int i = 0; i < 8; i++) {
            beat += 600;
            rules.onBeat(state, factory, beat, 600, alerts::add);
        }
        beat += 300;
        rules.onBeat(state, factory, beat, 300, alerts::add);
        for (int i = 0; i < 5; i++) {
            beat += 600;
            rules.onBeat(state, factory, beat, 600, alerts::add);
        }

        assertThat(starts()).extracting(Alert::getOnsetSampleIndex).containsExactly(600L, 5700L);
        assertThat(alerts)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END, AlertPhase.START);
        assertThat(alerts.get(1).getSampleIndex()).isEqualTo(5100);
        assertThat(alerts.get(1).getHeartRateBpm()).isEqualTo(72.0);
    }

    @Test
    void tachycardiaNeedsSeventeenFastBeats() {
        long rr = 144; // 150 bpm at 360 Hz
        rules.reset(state, 0);
        long beat = 0;
        rules.onBeat(state, factory, beat, -1, alerts::add);
        for (int i = 0; i < 16; i++) {
            beat += rr;
            rules.onBeat(state, factory, beat, rr, alerts::add);
        }
        assertThat(alerts).isEmpty();

        beat += rr;
        rules.onBeat(state, factory, beat, rr, alerts::add);

        assertThat(alerts)
                .extracting(Alert::getType)
                .containsExactly(AlertType.EXTREME_TACHYCARDIA);
        assertThat(alerts.get(0).getOnsetSampleIndex()).isEqualTo(rr);
        assertThat(alerts.get(0).getHeartRateBpm()).isEqualTo(150.0);
    }

    @Test
    void tachycardiaRunBrokenByNormalBeat() {
        rules.reset(state, 0);
        long beat = 0;
        rules.onBeat(state, factory, beat, -1, alerts::add);
        for (int i = 0; i < 16; i++) {
            beat += 144;
            rules.onBeat(state, factory, beat, 144, alerts::add);
        }
        beat += 300;
        rules.onBeat(state, factory, beat, 300, alerts::add);
        for (int i = 0; i < 16; i++) {
            beat += 144;
            rules.onBeat(state, factory, beat, 144, alerts::add);
        }
        assertThat(alerts).isEmpty();
    }

    /** Feeds {@code count} beats {@code rr} samples apart from {@code first}; returns the next. */
    private long beats(long first, int count, long rr, boolean ventricular) {
        long index = first;
        for (int i = 0; i < count; i++) {
            rules.onBeat(state, factory, index, rr, ventricular, alerts::add);
            index += rr;
        }
        return index;
    }

    @Test
    void ventricularTachycardiaAtFifthFastVentricularBeat() {
        rules.reset(state, 0);
        long next = beats(0, 10, 300, false);
        // 180 samples at 360 Hz: 120 bpm.
        long firstVentricular = next - 300 + 180;
        beats(firstVentricular, 4, 180, true);
        assertThat(alerts).isEmpty();

        beats(firstVentricular + 4 * 180, 1, 180, true);

        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getType()).isEqualTo(AlertType.VENTRICULAR_TACHYCARDIA);
        assertThat(alert.getOnsetSampleIndex()).isEqualTo(firstVentricular);
        assertThat(alert.getSampleIndex()).isEqualTo(firstVentricular + 4 * 180);
        assertThat(alert.getHeartRateBpm()).isEqualTo(120.0);
        assertThat(alert.getPriority()).isEqualTo(AlertPriority.HIGH);
    }

    @Test
    void slowVentricularRunRaisesNothing() {
        rules.reset(state, 0);
        // 240 samples at 360 Hz: 90 bpm, an accelerated idioventricular rhythm.
        beats(0, 12, 240, true);

        assertThat(alerts).isEmpty();
    }

    @Test
    void ventricularTachycardiaOncePerRun() {
        rules.reset(state, 0);
        long next = beats(0, 12, 180, true);
        next = beats(next, 3, 300, false);
        beats(next, 6, 180, true);

        assertThat(starts())
                .extracting(Alert::getType)
                .containsExactly(
                        AlertType.VENTRICULAR_TACHYCARDIA, AlertType.VENTRICULAR_TACHYCARDIA);
        assertThat(alerts)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END, AlertPhase.START);
    }

    @Test
    void bigeminyRaisesNothing() {
        rules.reset(state, 0);
        long index = 0;
        for (int i = 0; i < 20; i++) {
            rules.onBeat(state, factory, index, 180, i % 2 == 1, alerts::add);
            index += 180;
        }

        assertThat(alerts).isEmpty();
    }

    @Test
    void leadOffOncePerFlatStretch() {
        rules.reset(state, 0);
        long fiveSeconds = 1800;

        rules.onSignalAbsent(state, factory, fiveSeconds, 999 + fiveSeconds, alerts::add);
        assertThat(alerts).isEmpty();
        rules.onSignalAbsent(state, factory, fiveSeconds + 1, 1000 + fiveSeconds, alerts::add);
        rules.onSignalAbsent(state, factory, fiveSeconds + 90, 1089 + fiveSeconds, alerts::add);

        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getType()).isEqualTo(AlertType.LEAD_OFF);
        assertThat(alert.getCategory()).isEqualTo(AlertCategory.TECHNICAL);
        assertThat(alert.getOnsetSampleIndex()).isEqualTo(1000);
        assertThat(alert.getSampleIndex()).isEqualTo(1000 + fiveSeconds);

        rules.onSignalPresent(state, factory, 5000, alerts::add);
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).getPhase()).isEqualTo(AlertPhase.END);
        assertThat(alerts.get(1).getAlertId()).isEqualTo(alert.getAlertId());
        assertThat(alerts.get(1).getSampleIndex()).isEqualTo(5000);
        rules.onSignalAbsent(state, factory, fiveSeconds + 1, 9000, alerts::add);
        assertThat(alerts).hasSize(3);
        assertThat(alerts.get(2).getPhase()).isEqualTo(AlertPhase.START);
    }
}
