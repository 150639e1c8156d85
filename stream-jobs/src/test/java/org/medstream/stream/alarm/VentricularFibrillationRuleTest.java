package org.medstream.stream.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.stream.time.StreamClock;

/** The VF filter leakage, the ventricular flutter/fibrillation rule and its option. */
class VentricularFibrillationRuleTest {
    private static final double FS = 250;

    private static float[] sine(double frequencyHz, double amplitudeMv, int frames) {
        float[] samples = new float[frames];
        for (int i = 0; i < frames; i++) {
            samples[i] = (float) (amplitudeMv * Math.sin(2 * Math.PI * frequencyHz * i / FS));
        }
        return samples;
    }

    @Test
    void leakageLowForSinusoid() {
        VfFilterLeakage.Result result = VfFilterLeakage.measure(sine(5, 1, 500), 500, FS);

        assertThat(result.leakage()).isLessThan(0.05);
        assertThat(result.frequencyHz()).isBetween(4.6, 5.4);
    }

    @Test
    void leakageHighForNarrowPulses() {
        // One narrow biphasic spike a second, a QRS-like train on a flat baseline.
        float[] pulses = new float[500];
        for (int start = 100; start < 500; start += 250) {
            pulses[start] = 1f;
            pulses[start + 1] = -1f;
        }

        VfFilterLeakage.Result result = VfFilterLeakage.measure(pulses, 500, FS);

        assertThat(result.leakage()).isGreaterThan(0.9);
    }

    @Test
    void flatWindowNotMeasured() {
        assertThat(VfFilterLeakage.measure(new float[500], 500, FS).measured()).isFalse();
    }

    @Test
    void sinusoidRaisesAndEnds() {
        AlarmRules rules = AlarmRules.defaults();
        AlarmState state = new AlarmState();
        rules.reset(state, 0);
        List<Alert> alerts = new ArrayList<>();
        float[] flutter = sine(5, 1, (int) (20 * FS));
        float[] flat = new float[(int) (10 * FS)];

        rules.onSamples(state, factory(), flutter, 0, flutter.length, 0, false, alerts::add);
        rules.onSamples(state, factory(), flat, 0, flat.length, flutter.length, false, alerts::add);

        assertThat(alerts)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END);
        assertThat(alerts.get(0).getType()).isEqualTo(AlertType.VENTRICULAR_FLUTTER_FIBRILLATION);
        assertThat(alerts.get(0).getOnsetSampleIndex()).isZero();
        assertThat(alerts.get(0).getSampleIndex()).isEqualTo((long) (4 * FS) - 1);
        assertThat(alerts.get(0).getMessage()).startsWith("Ventricular flutter/fibrillation:");
        assertThat(alerts.get(1).getSampleIndex())
                .isBetween(flutter.length + (long) (4 * FS) - 1, flutter.length + (long) (5 * FS));
    }

    @Test
    void heldWhileSignalAbsent() {
        AlarmRules rules = AlarmRules.defaults();
        AlarmState state = new AlarmState();
        rules.reset(state, 0);
        List<Alert> alerts = new ArrayList<>();
        float[] flutter = sine(5, 1, (int) (20 * FS));

        rules.holdAsystole(state, flutter.length - 1);
        rules.onSamples(state, factory(), flutter, 0, flutter.length, 0, false, alerts::add);

        assertThat(alerts).isEmpty();
    }

    @Test
    void missingSamplesHoldBack() {
        AlarmRules rules = AlarmRules.defaults();
        AlarmState state = new AlarmState();
        rules.reset(state, 0);
        List<Alert> alerts = new ArrayList<>();
        float[] flutter = sine(5, 1, (int) (20 * FS));
        for (int i = 0; i < flutter.length; i += (int) FS) {
            flutter[i] = Float.NaN;
        }

        rules.onSamples(state, factory(), flutter, 0, flutter.length, 0, false, alerts::add);

        assertThat(alerts).isEmpty();
    }

    @Test
    void stateIsFlinkPojo() {
        // A generic (Kryo) serializer would not evolve with the class across upgrades.
        assertThat(TypeInformation.of(VentricularFibrillationRun.class))
                .isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(AlarmState.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void stateWithoutRunRestored() {
        AlarmState old = new AlarmState();
        old.ventricularFibrillation = null;

        assertThat(AlarmState.restored(old).ventricularFibrillation).isNotNull();
    }

    @Test
    void optionParsedPerStream() {
        AlarmProfiles profiles =
                AlarmProfiles.fromOptions(
                        AlarmThresholds.defaults(),
                        Map.of("alarm.vf-seconds", "6 s", "alarm.stream.bed-2.vf-seconds", "0 s"));

        assertThat(profiles.rulesFor("bed-1").thresholds().ventricularFibrillationSeconds())
                .isEqualTo(6);
        assertThat(profiles.rulesFor("bed-2").thresholds().ventricularFibrillationSeconds())
                .isZero();
        assertThat(AlarmThresholds.defaults().ventricularFibrillationSeconds()).isEqualTo(4);
    }

    @Test
    void invalidOptionNamed() {
        assertThatThrownBy(
                        () ->
                                AlarmProfiles.fromOptions(
                                        AlarmThresholds.defaults(),
                                        Map.of("alarm.unit.ICU.vf-seconds", "soon")))
                .hasMessageContaining("alarm.unit.ICU.vf-seconds='soon'")
                .hasMessageContaining("expected a duration");
        assertThatThrownBy(
                        () ->
                                AlarmThresholds.defaults()
                                        .with("vf-seconds", "-1 s", "alarm.vf-seconds"))
                .hasMessageContaining("alarm.vf-seconds='-1 s'");
    }

    private static AlertFactory factory() {
        return new AlertFactory("bed-1", new StreamClock(0, FS), "test", "1", 0);
    }
}
