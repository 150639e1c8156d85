package org.medstream.stream.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.stream.time.StreamClock;

/**
 * The priority of ATRIAL_FIBRILLATION follows its ventricular rate: ESCALATE above the tachycardia
 * limit, DEESCALATE at or below the limit minus the update step, one alert id throughout.
 */
class AtrialFibrillationPriorityTest {
    private static final double FS = 250;

    private final AlertFactory factory =
            new AlertFactory("bed-5", new StreamClock(0, FS), "test", "1", 0);
    private final List<Alert> alerts = new ArrayList<>();
    private final AlarmState state = new AlarmState();
    private final Random random = new Random(7);
    private long index;

    /** Feeds {@code count} beats with intervals drawn from {@code [fromMillis, toMillis)}. */
    private void beats(AlarmRules rules, int count, double fromMillis, double toMillis) {
        for (int i = 0; i < count; i++) {
            double rrMillis = fromMillis + (toMillis - fromMillis) * random.nextDouble();
            long rrSamples = Math.round(rrMillis * FS / 1000);
            index += rrSamples;
            rules.onBeat(state, factory, index, rrSamples, 'N', alerts::add);
        }
    }

    /** Feeds {@code count} sinus beats at 75 bpm with a slight respiratory variation. */
    private void sinus(AlarmRules rules, int count) {
        for (int i = 0; i < count; i++) {
            long rrSamples = Math.round((800 + 25 * Math.sin(2 * Math.PI * i / 5.0)) * FS / 1000);
            index += rrSamples;
            rules.onBeat(state, factory, index, rrSamples, 'N', alerts::add);
        }
    }

    private List<Alert> fibrillation() {
        return alerts.stream()
                .filter(alert -> alert.getType() == AlertType.ATRIAL_FIBRILLATION)
                .toList();
    }

    private AlarmRules start(AlarmRules rules) {
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, 'N', alerts::add);
        sinus(rules, 50);
        return rules;
    }

    @Test
    void rapidRateEscalatesAndSlowerRateDeescalates() {
        AlarmRules rules = start(AlarmRules.defaults());
        // About 86 bpm, then about 160 bpm, then about 86 bpm again, then sinus rhythm.
        beats(rules, 60, 400, 1000);
        beats(rules, 80, 280, 470);
        beats(rules, 60, 400, 1000);
        sinus(rules, 75);

        List<Alert> fibrillation = fibrillation();
        assertThat(fibrillation)
                .extracting(Alert::getPhase, Alert::getPriority)
                .contains(
                        tuple(AlertPhase.START, AlertPriority.MEDIUM),
                        tuple(AlertPhase.ESCALATE, AlertPriority.HIGH),
                        tuple(AlertPhase.DEESCALATE, AlertPriority.MEDIUM));
        assertThat(fibrillation.get(0).getPhase()).isEqualTo(AlertPhase.START);
        assertThat(fibrillation.get(fibrillation.size() - 1).getPhase()).isEqualTo(AlertPhase.END);
        assertThat(fibrillation).extracting(Alert::getAlertId).containsOnly(startId(fibrillation));
        assertThat(fibrillation)
                .extracting(Alert::getSequence)
                .isEqualTo(sequenceFromZero(fibrillation.size()));
        List<AlertPhase> priorityChanges =
                fibrillation.stream()
                        .map(Alert::getPhase)
                        .filter(
                                phase ->
                                        phase == AlertPhase.ESCALATE
                                                || phase == AlertPhase.DEESCALATE)
                        .toList();
        assertThat(priorityChanges)
                .as("one rise and one fall")
                .containsExactly(AlertPhase.ESCALATE, AlertPhase.DEESCALATE);
    }

    @Test
    void priorityChangesCarryBlockRate() {
        AlarmRules rules = start(AlarmRules.defaults());
        beats(rules, 60, 400, 1000);
        beats(rules, 80, 280, 470);
        beats(rules, 60, 400, 1000);

        Alert escalate = phase(AlertPhase.ESCALATE);
        Alert deescalate = phase(AlertPhase.DEESCALATE);
        assertThat(escalate.getHeartRateBpm()).isGreaterThan(140.0);
        assertThat(deescalate.getHeartRateBpm()).isLessThanOrEqualTo(130.0);
        assertThat(deescalate.getSampleIndex()).isGreaterThan(escalate.getSampleIndex());
    }

    @Test
    void rateBelowLimitKeepsMediumPriority() {
        AlarmRules rules = start(AlarmRules.defaults());
        beats(rules, 200, 400, 1000);

        assertThat(fibrillation())
                .extracting(Alert::getPriority)
                .containsOnly(AlertPriority.MEDIUM);
    }

    @Test
    void rapidOnsetStartsHigh() {
        AlarmRules rules = start(AlarmRules.defaults());
        beats(rules, 120, 280, 470);

        Alert start = fibrillation().get(0);
        assertThat(start.getPhase()).isEqualTo(AlertPhase.START);
        assertThat(start.getPriority()).isEqualTo(AlertPriority.HIGH);
        assertThat(start.getMessage()).contains("above the 140 bpm tachycardia limit");
        assertThat(fibrillation()).extracting(Alert::getPhase).doesNotContain(AlertPhase.ESCALATE);
    }

    @Test
    void unitLimitMovesTiers() {
        // A neonatal unit's tachycardia limit of 200 bpm: 160 bpm stays medium.
        AlarmRules rules =
                start(
                        new AlarmRules(
                                AlarmThresholds.defaults()
                                        .with(AlarmThresholds.TACHYCARDIA_BPM, "200", "test")));
        beats(rules, 60, 400, 1000);
        beats(rules, 80, 280, 470);

        assertThat(fibrillation())
                .extracting(Alert::getPriority)
                .containsOnly(AlertPriority.MEDIUM);
    }

    private Alert phase(AlertPhase phase) {
        return fibrillation().stream()
                .filter(alert -> alert.getPhase() == phase)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + phase + " in " + fibrillation()));
    }

    private static String startId(List<Alert> alerts) {
        return alerts.get(0).getAlertId();
    }

    private static List<Integer> sequenceFromZero(int size) {
        List<Integer> sequence = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            sequence.add(i);
        }
        return sequence;
    }
}
