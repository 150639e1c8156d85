package org.medstream.stream.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alarm thresholds per job, care unit and stream, and their errors. */
class AlarmProfilesTest {
    private static AlarmProfiles profiles(Map<String, String> options) {
        return AlarmProfiles.fromOptions(AlarmThresholds.defaults(), options);
    }

    @Test
    void streamOverUnitOverJob() {
        AlarmProfiles profiles =
                profiles(
                        Map.of(
                                "alarm.tachycardia-bpm", "150",
                                "alarm.unit.NICU.tachycardia-bpm", "200",
                                "alarm.unit.NICU.bradycardia-bpm", "80",
                                "alarm.stream.bed-1.unit", "NICU",
                                "alarm.stream.bed-1.tachycardia-bpm", "220",
                                "alarm.stream.bed-2.unit", "NICU",
                                "alarm.stream.bed.3.asystole", "6 s"));

        AlarmThresholds bed1 = profiles.rulesFor("bed-1").thresholds();
        AlarmThresholds bed2 = profiles.rulesFor("bed-2").thresholds();
        AlarmThresholds bed3 = profiles.rulesFor("bed.3").thresholds();
        AlarmThresholds other = profiles.rulesFor("bed-4").thresholds();

        assertThat(bed1.tachycardiaBpm()).isEqualTo(220);
        assertThat(bed1.bradycardiaBpm()).isEqualTo(80);
        assertThat(bed2.tachycardiaBpm()).isEqualTo(200);
        assertThat(bed2.bradycardiaBpm()).isEqualTo(80);
        assertThat(bed3.asystoleSeconds()).isEqualTo(6);
        assertThat(bed3.tachycardiaBpm()).isEqualTo(150);
        assertThat(other.tachycardiaBpm()).isEqualTo(150);
        assertThat(other.asystoleSeconds()).isEqualTo(4);
        assertThat(profiles.unitOf("bed-2")).isEqualTo("NICU");
    }

    @Test
    void patientUnitAfterConfiguredUnit() {
        AlarmProfiles profiles =
                profiles(
                        Map.of(
                                "alarm.tachycardia-bpm", "150",
                                "alarm.unit.NICU.tachycardia-bpm", "200",
                                "alarm.unit.CCU.tachycardia-bpm", "130",
                                "alarm.stream.bed-2.unit", "CCU",
                                "alarm.stream.bed-3.tachycardia-bpm", "170"));

        assertThat(profiles.rulesFor("bed-1", "NICU").thresholds().tachycardiaBpm()).isEqualTo(200);
        assertThat(profiles.rulesFor("bed-2", "NICU").thresholds().tachycardiaBpm())
                .as("the unit the options assign wins")
                .isEqualTo(130);
        assertThat(profiles.rulesFor("bed-3", "NICU").thresholds().tachycardiaBpm())
                .as("the stream's own options win")
                .isEqualTo(170);
        assertThat(profiles.rulesFor("bed-1", "ICU").thresholds().tachycardiaBpm())
                .as("a unit without options")
                .isEqualTo(150);
        assertThat(profiles.rulesFor("bed-1", null).thresholds().tachycardiaBpm()).isEqualTo(150);
    }

    @Test
    void defaultsWithoutOptions() {
        assertThat(profiles(Map.of("webhook.url", "http://127.0.0.1/")).rulesFor("x").thresholds())
                .isEqualTo(AlarmThresholds.defaults());
    }

    @Test
    void limitsCheckedTogether() {
        AlarmThresholds thresholds =
                profiles(
                                Map.of(
                                        "alarm.unit.NICU.bradycardia-bpm", "160",
                                        "alarm.unit.NICU.tachycardia-bpm", "220",
                                        "alarm.stream.b.unit", "NICU"))
                        .rulesFor("b")
                        .thresholds();

        assertThat(thresholds.bradycardiaBpm()).isEqualTo(160);
        assertThat(thresholds.tachycardiaBpm()).isEqualTo(220);
    }

    @Test
    void badNumberNamesOptionAndValue() {
        assertThatThrownBy(() -> profiles(Map.of("alarm.unit.ICU.tachycardia-bpm", "fast")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Invalid alarm option alarm.unit.ICU.tachycardia-bpm='fast': expected a"
                                + " number of beats per minute");
    }

    @Test
    void badDurationNamesOptionAndValue() {
        assertThatThrownBy(() -> profiles(Map.of("alarm.stream.bed-1.asystole", "-2 s")))
                .hasMessageContaining("alarm.stream.bed-1.asystole='-2 s'");
    }

    @Test
    void crossedLimitsRejected() {
        assertThatThrownBy(() -> profiles(Map.of("alarm.bradycardia-bpm", "150")))
                .hasMessageContaining("alarm.bradycardia-bpm='150'")
                .hasMessageContaining("must be below tachycardia-bpm 140.0");
    }

    @Test
    void unknownThresholdRejected() {
        assertThatThrownBy(() -> profiles(Map.of("alarm.unit.ICU.tachy", "150")))
                .hasMessageStartingWith(
                        "Unknown alarm threshold 'tachy' in option alarm.unit.ICU.tachy; known:");
    }

    @Test
    void missingScopeRejected() {
        assertThatThrownBy(() -> profiles(Map.of("alarm.unit.tachycardia-bpm", "150")))
                .hasMessageStartingWith("Invalid option alarm.unit.tachycardia-bpm; write");
    }

    @Test
    void emptyUnitRejected() {
        assertThatThrownBy(() -> profiles(Map.of("alarm.stream.bed-1.unit", " ")))
                .hasMessageStartingWith("Empty care unit for alarm.stream.bed-1.unit");
    }
}
