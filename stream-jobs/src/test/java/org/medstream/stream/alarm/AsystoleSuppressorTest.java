package org.medstream.stream.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.stream.time.StreamClock;

class AsystoleSuppressorTest {
    private static final double FS = 360.0;
    private static final long FOUR_SECONDS = 1440;

    private final AlarmState state = new AlarmState();
    private final AlertFactory factory =
            new AlertFactory("bed-3", new StreamClock(0, FS), "test", "1", 0);
    private final List<Alert> alerts = new ArrayList<>();

    private static OtherLeadBeats beats(long... indices) {
        OtherLeadBeats beats = new OtherLeadBeats();
        for (long index : indices) {
            beats.add(index);
        }
        return beats;
    }

    private static AlarmRules rules(String suppressor) {
        return new AlarmRules(
                AlarmThresholds.defaults()
                        .with(AlarmThresholds.SUPPRESSOR, suppressor, "alarm.suppressor"));
    }

    @Test
    void noBeatsConfirmNothing() {
        assertThat(AsystoleSuppressor.lastConfirmingBeat(beats(), 100, 1540, FS)).isEqualTo(-1);
    }

    @Test
    void oneBeatConfirmsNothing() {
        assertThat(AsystoleSuppressor.lastConfirmingBeat(beats(800), 100, 1540, FS)).isEqualTo(-1);
    }

    @Test
    void beatsAtNormalRateConfirmLastBeat() {
        // 75 bpm: one beat every 288 samples.
        OtherLeadBeats beats = beats(100, 388, 676, 964, 1252, 1540, 1828);

        assertThat(AsystoleSuppressor.lastConfirmingBeat(beats, 100, 1540, FS)).isEqualTo(1540);
    }

    @Test
    void beatsOutsideWindowIgnored() {
        OtherLeadBeats beats = beats(50, 100, 1600, 1900);

        assertThat(AsystoleSuppressor.lastConfirmingBeat(beats, 100, 1540, FS)).isEqualTo(-1);
    }

    @Test
    void noiseBurstFasterThanMaxRateIgnored() {
        // Four detections 72 samples (0.2 s, 300 bpm) apart, as noise gives.
        OtherLeadBeats beats = beats(500, 572, 644, 716);

        assertThat(AsystoleSuppressor.lastConfirmingBeat(beats, 100, 1540, FS)).isEqualTo(-1);
    }

    @Test
    void beatsSlowerThanMinRateIgnored() {
        // Two beats 3.5 s apart: about 17 bpm.
        OtherLeadBeats beats = beats(200, 1460);

        assertThat(AsystoleSuppressor.lastConfirmingBeat(beats, 100, 1540, FS)).isEqualTo(-1);
    }

    @Test
    void ringKeepsMostRecentBeats() {
        OtherLeadBeats beats = new OtherLeadBeats();
        for (int i = 0; i < OtherLeadBeats.CAPACITY + 10; i++) {
            beats.add(288L * i);
        }
        beats.add(5);

        assertThat(beats.count).isEqualTo(OtherLeadBeats.CAPACITY);
        long last = 288L * (OtherLeadBeats.CAPACITY + 9);
        assertThat(AsystoleSuppressor.lastConfirmingBeat(beats, last - FOUR_SECONDS, last, FS))
                .isEqualTo(last);
        assertThat(AsystoleSuppressor.lastConfirmingBeat(beats, 0, 288L * 9, FS))
                .as("beats overwritten by newer ones")
                .isEqualTo(-1);
    }

    @Test
    void otherLeadBeatsHoldBackAsystole() {
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 100, -1, alerts::add);
        for (long beat = 388; beat <= 2000; beat += 288) {
            state.otherLead.add(beat);
        }

        rules.onProgress(state, factory, 100 + FOUR_SECONDS, alerts::add);

        assertThat(alerts).isEmpty();
        assertThat(state.suppressedAsystoles).isEqualTo(1);
        assertThat(state.asystoleReferenceIndex)
                .as("last other-lead beat in the window")
                .isEqualTo(1540);
    }

    @Test
    void suppressorOffRaisesAsystole() {
        AlarmRules rules = rules("off");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 100, -1, alerts::add);
        for (long beat = 388; beat <= 2000; beat += 288) {
            state.otherLead.add(beat);
        }

        rules.onProgress(state, factory, 100 + FOUR_SECONDS, alerts::add);

        assertThat(alerts).extracting(Alert::getType).containsExactly(AlertType.ASYSTOLE);
        assertThat(alerts.get(0).getOnsetSampleIndex()).isEqualTo(100);
        assertThat(state.suppressedAsystoles).isZero();
    }

    @Test
    void bothLeadsPausedRaiseAsystole() {
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 100, -1, alerts::add);
        // The other lead shows beats for 3 s more, then stops too.
        for (long beat = 388; beat <= 100 + 3 * 360; beat += 288) {
            state.otherLead.add(beat);
        }
        long lastOther = state.otherLead.fromLast(0);

        rules.onProgress(state, factory, lastOther + FOUR_SECONDS - 1, alerts::add);
        assertThat(alerts).isEmpty();

        rules.onProgress(state, factory, lastOther + FOUR_SECONDS, alerts::add);
        assertThat(alerts).extracting(Alert::getPhase).containsExactly(AlertPhase.START);
        assertThat(alerts.get(0).getOnsetSampleIndex()).isEqualTo(lastOther);
        assertThat(alerts.get(0).getSampleIndex()).isEqualTo(lastOther + FOUR_SECONDS);
    }

    @Test
    void largeStepHoldsBackRepeatedly() {
        // One progress call far past several windows that the other lead fills with beats.
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        for (long beat = 288; beat <= 20 * 360; beat += 288) {
            state.otherLead.add(beat);
        }

        rules.onProgress(state, factory, 20 * 360, alerts::add);

        assertThat(alerts).isEmpty();
        assertThat(state.suppressedAsystoles).isGreaterThan(1);
    }

    @Test
    void resetForgetsOtherLeadBeats() {
        AlarmRules rules = rules("on");
        state.otherLead.add(500);
        state.otherLead.add(800);

        rules.reset(state, 1000);

        assertThat(state.otherLead.count).isZero();
    }

    @Test
    void suppressorOptionParsed() {
        AlarmProfiles profiles =
                AlarmProfiles.fromOptions(
                        AlarmThresholds.defaults(),
                        Map.of(
                                "alarm.suppressor", "off",
                                "alarm.unit.ICU.suppressor", "on",
                                "alarm.stream.bed-1.unit", "ICU",
                                "alarm.stream.bed-2.suppressor", "OFF"));

        assertThat(AlarmThresholds.defaults().suppressor()).isTrue();
        assertThat(profiles.rulesFor("bed-0").thresholds().suppressor()).isFalse();
        assertThat(profiles.rulesFor("bed-1").thresholds().suppressor()).isTrue();
        assertThat(profiles.rulesFor("bed-2").thresholds().suppressor()).isFalse();
    }

    @Test
    void badSuppressorValueNamesOption() {
        assertThatThrownBy(
                        () ->
                                AlarmProfiles.fromOptions(
                                        AlarmThresholds.defaults(),
                                        Map.of("alarm.stream.bed-1.suppressor", "maybe")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Invalid alarm option alarm.stream.bed-1.suppressor='maybe': expected"
                                + " 'on' or 'off'");
    }

    @Test
    void poorSignalBlocksCountedInWindow() {
        PoorSignalBlocks blocks = new PoorSignalBlocks();
        blocks.mark(360, 1079, 360);
        blocks.mark(1080, 1100, 360);
        blocks.mark(3600, 3700, 360);

        assertThat(blocks.count).as("blocks 1, 2, 3 and 10").isEqualTo(4);
        assertThat(blocks.countIn(0, 1440, 360)).isEqualTo(3);
        assertThat(blocks.countIn(1440, 3599, 360)).isZero();
        assertThat(blocks.countIn(3000, 4000, 360)).isEqualTo(1);
    }
}
