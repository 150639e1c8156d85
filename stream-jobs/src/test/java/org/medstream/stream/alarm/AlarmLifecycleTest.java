package org.medstream.stream.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.stream.time.StreamClock;

/** Phases and sequence numbers of alerts from START to END. */
class AlarmLifecycleTest {
    private static final double FS = 360;

    private final AlarmRules rules = AlarmRules.defaults();
    private final AlarmState state = new AlarmState();
    private final AlertFactory factory =
            new AlertFactory("bed-3", new StreamClock(0, FS), "test", "1", 0);
    private final List<Alert> alerts = new ArrayList<>();

    /** Feeds {@code count} beats {@code rrSamples} apart after {@code from}; returns the last. */
    private long beats(long from, int count, long rrSamples) {
        long beat = from;
        for (int i = 0; i < count; i++) {
            beat += rrSamples;
            rules.onBeat(state, factory, beat, rrSamples, alerts::add);
        }
        return beat;
    }

    @Test
    void tachycardiaUpdatesWhenRateMoves() {
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        // 144 samples: 150 bpm for 51 beats (20 s), then 120 samples: 180 bpm for 40 beats. START
        // comes at beat 17, and the rate is re-evaluated every 17 beats after it: beats 34 and 51
        // at 150 bpm, beat 68 at 180 bpm.
        long last = beats(0, 51, 144);
        last = beats(last, 40, 120);
        last = beats(last, 1, 360);

        assertThat(alerts).extracting(Alert::getType).containsOnly(AlertType.EXTREME_TACHYCARDIA);
        assertThat(alerts)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.UPDATE, AlertPhase.END);
        assertThat(alerts).extracting(Alert::getSequence).containsExactly(0, 1, 2);
        assertThat(alerts)
                .extracting(Alert::getAlertId)
                .containsOnly("bed-3:EXTREME_TACHYCARDIA:144");
        assertThat(alerts.get(0).getHeartRateBpm()).isEqualTo(150.0);
        assertThat(alerts.get(1).getHeartRateBpm()).isEqualTo(180.0);
        assertThat(alerts.get(2).getSampleIndex()).isEqualTo(last);
        assertThat(alerts.get(2).getHeartRateBpm()).isEqualTo(60.0);
    }

    @Test
    void steadyRateSendsNoUpdate() {
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        beats(0, 200, 144);

        assertThat(alerts).extracting(Alert::getPhase).containsExactly(AlertPhase.START);
    }

    @Test
    void updatesRateLimitedByInterval() {
        AlarmRules limited =
                new AlarmRules(
                        AlarmThresholds.defaults()
                                .with(AlarmThresholds.UPDATE_INTERVAL, "60 s", "test"));
        limited.reset(state, 0);
        long beat = 0;
        limited.onBeat(state, factory, beat, -1, alerts::add);
        // Alternating 17-beat blocks at 150 and 180 bpm, about 6 s each, for about 60 s.
        for (int block = 0; block < 10; block++) {
            long rr = block % 2 == 0 ? 144 : 120;
            for (int i = 0; i < 17; i++) {
                beat += rr;
                limited.onBeat(state, factory, beat, rr, alerts::add);
            }
        }

        assertThat(alerts).extracting(Alert::getPhase).containsExactly(AlertPhase.START);
    }

    @Test
    void leadOffEscalatesThenEnds() {
        rules.reset(state, 0);
        long sixtySeconds = 21_600;

        rules.onSignalAbsent(state, factory, 1801, 1800, alerts::add);
        rules.onSignalAbsent(state, factory, sixtySeconds, sixtySeconds - 1, alerts::add);
        assertThat(alerts).hasSize(1);
        rules.onSignalAbsent(state, factory, sixtySeconds + 1, sixtySeconds, alerts::add);
        rules.onSignalAbsent(state, factory, sixtySeconds + 900, sixtySeconds + 899, alerts::add);
        rules.onSignalPresent(state, factory, sixtySeconds + 1000, alerts::add);

        assertThat(alerts)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.ESCALATE, AlertPhase.END);
        assertThat(alerts)
                .extracting(Alert::getPriority)
                .containsExactly(AlertPriority.MEDIUM, AlertPriority.HIGH, AlertPriority.HIGH);
        assertThat(alerts).extracting(Alert::getAlertId).containsOnly("bed-3:LEAD_OFF:0");
        assertThat(alerts.get(1).getSampleIndex()).isEqualTo(sixtySeconds);
        assertThat(alerts).extracting(Alert::getSequence).containsExactly(0, 1, 2);
    }

    @Test
    void leadOffEscalationOff() {
        AlarmRules never =
                new AlarmRules(
                        AlarmThresholds.defaults()
                                .with(AlarmThresholds.LEAD_OFF_ESCALATION, "0 s", "test"));
        never.reset(state, 0);

        never.onSignalAbsent(state, factory, 1801, 1800, alerts::add);
        never.onSignalAbsent(state, factory, 1_000_000, 999_999, alerts::add);

        assertThat(alerts).extracting(Alert::getPhase).containsExactly(AlertPhase.START);
    }

    @Test
    void endAllClosesOpenAlerts() {
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        long last = beats(0, 20, 144);
        rules.onProgress(state, factory, last + 4 * 360 + 1, alerts::add);

        rules.endAll(state, factory, last + 2000, "the input ended", alerts::add);
        rules.endAll(state, factory, last + 3000, "the input ended", alerts::add);

        assertThat(alerts)
                .extracting(alert -> alert.getType() + "/" + alert.getPhase())
                .containsExactly(
                        "EXTREME_TACHYCARDIA/START",
                        "ASYSTOLE/START",
                        "ASYSTOLE/END",
                        "EXTREME_TACHYCARDIA/END");
        assertThat(alerts.get(2).getMessage())
                .isEqualTo("Asystole no longer tracked: the input ended");
    }

    @Test
    void stateFromBeforePhasesCompleted() {
        AlarmState old = new AlarmState();
        old.asystole = null;
        old.bradycardia = null;
        old.tachycardia = null;
        old.ventricular = null;
        old.leadOff = null;

        AlarmState restored = AlarmState.restored(old);
        rules.onBeat(restored, factory, 0, -1, alerts::add);
        rules.onProgress(restored, factory, 4 * 360 + 1, alerts::add);

        assertThat(restored.tachycardia.episode).isNotNull();
        assertThat(restored.leadOff).isNotNull();
        assertThat(alerts).extracting(Alert::getType).containsExactly(AlertType.ASYSTOLE);
        assertThat(AlarmState.restored(null)).isNull();
    }

    @Test
    void replaySendsSameKeys() {
        List<String> first = keysOfRun();
        alerts.clear();
        List<String> second = keysOfRun();

        assertThat(first).hasSizeGreaterThan(3);
        assertThat(second).isEqualTo(first);
    }

    private List<String> keysOfRun() {
        AlarmState fresh = new AlarmState();
        rules.reset(fresh, 0);
        long beat = 0;
        rules.onBeat(fresh, factory, beat, -1, alerts::add);
        for (long rr : new long[] {144, 120, 600}) {
            for (int i = 0; i < 51; i++) {
                beat += rr;
                rules.onBeat(fresh, factory, beat, rr, alerts::add);
            }
        }
        return alerts.stream().map(AlertFactory::idempotencyKey).toList();
    }
}
