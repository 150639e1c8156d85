package org.medstream.stream.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.medstream.model.rhythm.RrIrregularityState;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertCategory;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.stream.time.StreamClock;

/** Life of the ATRIAL_FIBRILLATION alert from START to END, on beats with known rhythms. */
class AtrialFibrillationRuleTest {
    private static final double FS = 250;

    private final AlertFactory factory =
            new AlertFactory("bed-7", new StreamClock(0, FS), "test", "1", 0);

    /** A beat: its sample index, the samples since the previous beat, and its class. */
    private record Beat(long index, long rrSamples, char beatClass) {}

    /**
     * 40 s of sinus rhythm at 75 bpm, 60 beats of atrial fibrillation with intervals of 400 to 1000
     * ms (about 86 bpm), 80 beats with intervals of 300 to 700 ms (about 120 bpm), then 60 s of
     * sinus rhythm.
     */
    private static List<Beat> sinusAfSinus() {
        Random random = new Random(21);
        List<Double> rrMillis = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rrMillis.add(800 + 25 * Math.sin(2 * Math.PI * i / 5.0));
        }
        for (int i = 0; i < 60; i++) {
            rrMillis.add(400 + 600 * random.nextDouble());
        }
        for (int i = 0; i < 80; i++) {
            rrMillis.add(300 + 400 * random.nextDouble());
        }
        for (int i = 0; i < 75; i++) {
            rrMillis.add(800 + 25 * Math.sin(2 * Math.PI * i / 5.0));
        }
        List<Beat> beats = new ArrayList<>();
        long index = 0;
        beats.add(new Beat(0, -1, 'N'));
        for (double rr : rrMillis) {
            long rrSamples = Math.round(rr * FS / 1000);
            index += rrSamples;
            beats.add(new Beat(index, rrSamples, 'N'));
        }
        return beats;
    }

    private List<Alert> run(AlarmRules rules, AlarmState state, List<Beat> beats) {
        List<Alert> alerts = new ArrayList<>();
        for (Beat beat : beats) {
            rules.onBeat(
                    state, factory, beat.index(), beat.rrSamples(), beat.beatClass(), alerts::add);
        }
        return alerts;
    }

    private List<Alert> run(AlarmRules rules, List<Beat> beats) {
        AlarmState state = new AlarmState();
        rules.reset(state, 0);
        return run(rules, state, beats);
    }

    @Test
    void startUpdateEnd() {
        List<Beat> beats = sinusAfSinus();
        long afStart = beats.get(50).index();
        long sinusAgain = beats.get(190).index();

        List<Alert> alerts = run(AlarmRules.defaults(), beats);

        assertThat(alerts).extracting(Alert::getType).containsOnly(AlertType.ATRIAL_FIBRILLATION);
        assertThat(alerts.get(0).getPhase()).isEqualTo(AlertPhase.START);
        assertThat(alerts.get(alerts.size() - 1).getPhase()).isEqualTo(AlertPhase.END);
        assertThat(alerts.subList(1, alerts.size() - 1))
                .isNotEmpty()
                .extracting(Alert::getPhase)
                .containsOnly(AlertPhase.UPDATE);
        assertThat(alerts).extracting(Alert::getPriority).containsOnly(AlertPriority.MEDIUM);
        assertThat(alerts).extracting(Alert::getCategory).containsOnly(AlertCategory.PHYSIOLOGICAL);
        assertThat(alerts).extracting(Alert::getSequence).containsExactly(sequence(alerts.size()));
        Alert start = alerts.get(0);
        assertThat(alerts)
                .extracting(Alert::getAlertId)
                .containsOnly("bed-7:ATRIAL_FIBRILLATION:" + start.getOnsetSampleIndex());
        assertThat(start.getOnsetSampleIndex()).isBetween(afStart, afStart + 20 * (long) FS);
        assertThat(start.getSampleIndex() - start.getOnsetSampleIndex())
                .isGreaterThanOrEqualTo(30 * (long) FS);
        assertThat(start.getHeartRateBpm()).isBetween(70.0, 100.0);
        assertThat(alerts.subList(1, alerts.size() - 1))
                .extracting(Alert::getHeartRateBpm)
                .anyMatch(rateBpm -> rateBpm > 110);
        Alert end = alerts.get(alerts.size() - 1);
        assertThat(end.getSampleIndex()).isGreaterThan(sinusAgain + 30 * (long) FS);
        assertThat(end.getHeartRateBpm()).isBetween(70.0, 80.0);
    }

    private static Integer[] sequence(int count) {
        Integer[] numbers = new Integer[count];
        for (int i = 0; i < count; i++) {
            numbers[i] = i;
        }
        return numbers;
    }

    @Test
    void zeroSecondsTurnsItOff() {
        AlarmRules off =
                new AlarmRules(
                        AlarmThresholds.defaults()
                                .with(AlarmThresholds.ATRIAL_FIBRILLATION, "0 s", "test"));

        assertThat(run(off, sinusAfSinus())).isEmpty();
    }

    @Test
    void ventricularEctopyRaisesNothing() {
        // Sinus rhythm at 75 bpm with a PVC at a random third of the beats, coupled 480 to 620 ms
        // and followed by a pause that completes 1600 ms.
        Random random = new Random(4);
        List<Beat> beats = new ArrayList<>();
        long index = 0;
        beats.add(new Beat(0, -1, 'N'));
        for (int i = 0; i < 300; i++) {
            if (random.nextDouble() < 0.3) {
                long coupling = Math.round((480 + 140 * random.nextDouble()) * FS / 1000);
                index += coupling;
                beats.add(new Beat(index, coupling, 'V'));
                long pause = Math.round(1.6 * FS) - coupling;
                index += pause;
                beats.add(new Beat(index, pause, 'N'));
            } else {
                index += 200;
                beats.add(new Beat(index, 200, 'N'));
            }
        }

        assertThat(run(AlarmRules.defaults(), beats)).isEmpty();
    }

    @Test
    void endAllClosesIt() {
        List<Beat> beats = sinusAfSinus().subList(0, 170);
        AlarmRules rules = AlarmRules.defaults();
        AlarmState state = new AlarmState();
        rules.reset(state, 0);
        List<Alert> alerts = run(rules, state, beats);
        long last = beats.get(beats.size() - 1).index();

        rules.endAll(state, factory, last + 10, "the input ended", alerts::add);

        assertThat(alerts.get(alerts.size() - 1).getPhase()).isEqualTo(AlertPhase.END);
        assertThat(alerts.get(alerts.size() - 1).getMessage())
                .isEqualTo("Atrial fibrillation no longer tracked: the input ended");
        assertThat(state.atrialFibrillation.episode.active).isFalse();
    }

    @Test
    void stateIsFlinkPojo() {
        assertThat(TypeInformation.of(AlarmState.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(AtrialFibrillationRun.class))
                .isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(RrIrregularityState.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void restoredStateGivesSameAlerts() throws IOException {
        List<Beat> beats = sinusAfSinus();
        AlarmRules rules = AlarmRules.defaults();
        List<Alert> uninterrupted = run(rules, beats);
        TypeSerializer<AlarmState> serializer =
                TypeInformation.of(AlarmState.class).createSerializer(new SerializerConfigImpl());

        // Checkpoints at the first beat after the START, inside the atrial fibrillation.
        long startIndex = uninterrupted.get(0).getSampleIndex();
        int split = 0;
        while (beats.get(split).index() <= startIndex) {
            split++;
        }
        AlarmState state = new AlarmState();
        rules.reset(state, 0);
        List<Alert> alerts = new ArrayList<>(run(rules, state, beats.subList(0, split + 1)));
        DataOutputSerializer output = new DataOutputSerializer(4096);
        serializer.serialize(state, output);
        AlarmState restored =
                serializer.deserialize(new DataInputDeserializer(output.getCopyOfBuffer()));
        alerts.addAll(run(rules, restored, beats.subList(split + 1, beats.size())));

        assertThat(alerts).isEqualTo(uninterrupted);
        assertThat(uninterrupted.size()).isGreaterThan(2);
        assertThat(restored.atrialFibrillation.rhythm.acceptedIntervals).isPositive();
    }

    @Test
    void stateWithoutFieldRestored() {
        AlarmState old = new AlarmState();
        old.atrialFibrillation = null;

        assertThat(AlarmState.restored(old).atrialFibrillation).isNotNull();
    }

    @Test
    void badThresholdNamesOptionAndValue() {
        assertThatThrownBy(
                        () ->
                                AlarmThresholds.defaults()
                                        .with(
                                                AlarmThresholds.ATRIAL_FIBRILLATION_COSEN,
                                                "high",
                                                "alarm.unit.CCU.atrial-fibrillation-cosen"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Invalid alarm option alarm.unit.CCU.atrial-fibrillation-cosen='high':"
                                + " expected a number such as -1.7");
    }
}
