package org.medstream.stream.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.medstream.model.rhythm.AfDetector;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.stream.time.StreamClock;

/** The agreement rule alone and inside the alarm rules, on beats with known intervals. */
class AgreementRuleTest {
    private static final double FS = 360.0;

    /** 75 bpm. */
    private static final long NORMAL_RR = 288;

    private final AlarmState state = new AlarmState();
    private final AlertFactory factory =
            new AlertFactory("bed-4", new StreamClock(0, FS), "test", "1", 0);
    private final List<Alert> alerts = new ArrayList<>();

    private static OtherLeadBeats beats(long... indices) {
        OtherLeadBeats beats = new OtherLeadBeats();
        for (long index : indices) {
            beats.add(index);
        }
        return beats;
    }

    /** Normal beats {@code rr} apart from {@code from} (exclusive) through {@code to}. */
    private static OtherLeadBeats regular(long from, long to, long rr) {
        OtherLeadBeats beats = new OtherLeadBeats(AgreementRule.BEAT_CAPACITY);
        for (long index = from + rr; index <= to; index += rr) {
            beats.add(index, 'N');
        }
        return beats;
    }

    private static AlarmRules rules(String agreement) {
        return new AlarmRules(
                AlarmThresholds.defaults()
                        .with(AlarmThresholds.AGREEMENT, agreement, "alarm.agreement"));
    }

    /** Feeds the alarm detector's beats {@code rr} apart after {@code from}; returns the last. */
    private long classicBeats(AlarmRules rules, long from, int count, long rr) {
        long beat = from;
        for (int i = 0; i < count; i++) {
            beat += rr;
            rules.onBeat(state, factory, beat, rr, alerts::add);
        }
        return beat;
    }

    /** Gives the agreement detector normal beats {@code rr} apart through {@code to}, reported. */
    private void agreementBeats(long from, long to, long rr) {
        for (long index = from + rr; index <= to; index += rr) {
            state.agreementBeats.add(index, 'N');
        }
        state.agreementThroughIndex = to;
    }

    @Test
    void coveringRateIsMedianRate() {
        OtherLeadBeats beats = regular(0, 3600, NORMAL_RR);

        assertThat(AgreementRule.coveringRateBpm(beats, 0, 3600, 3600, FS)).isEqualTo(75.0);
    }

    @Test
    void missedBeatKeepsMedianRate() {
        // 75 bpm with the beat at 1152 missing: one interval of 576 samples among 288s.
        OtherLeadBeats beats = beats(288, 576, 864, 1440, 1728, 2016, 2304);

        assertThat(AgreementRule.coveringRateBpm(beats, 0, 2400, 2400, FS)).isEqualTo(75.0);
    }

    @Test
    void gapLongerThanTwoSecondsGivesNoRate() {
        OtherLeadBeats beats = beats(288, 576, 864, 1800, 2088);

        assertThat(AgreementRule.coveringRateBpm(beats, 0, 2100, 2100, FS)).isNaN();
    }

    @Test
    void uncoveredWindowEndGivesNoRate() {
        OtherLeadBeats beats = regular(0, 1440, NORMAL_RR);

        assertThat(AgreementRule.coveringRateBpm(beats, 0, 3000, 3000, FS)).isNaN();
    }

    @Test
    void windowCutAtReportedThrough() {
        // Beats are complete only through 1440; the rest of the window is not yet known.
        OtherLeadBeats beats = regular(0, 1440, NORMAL_RR);

        assertThat(AgreementRule.coveringRateBpm(beats, 0, 3000, 1440, FS)).isEqualTo(75.0);
    }

    @Test
    void splitComplexCountsOnce() {
        // 75 bpm, each complex reported twice 10 samples (28 ms) apart.
        OtherLeadBeats beats = new OtherLeadBeats();
        for (long index = 288; index <= 2880; index += NORMAL_RR) {
            beats.add(index);
            beats.add(index + 10);
        }

        assertThat(AgreementRule.coveringRateBpm(beats, 0, 2880, 2880, FS)).isEqualTo(75.0);
    }

    @Test
    void twoBeatsGiveNoRate() {
        assertThat(AgreementRule.coveringRateBpm(beats(288, 576), 0, 700, 700, FS)).isNaN();
    }

    @Test
    void noiseRateGivesNoRate() {
        // 300 bpm: a burst of noise, not a rhythm.
        OtherLeadBeats beats = regular(0, 720, 72);

        assertThat(AgreementRule.coveringRateBpm(beats, 0, 720, 720, FS)).isNaN();
    }

    @Test
    void contradictsOnlyAcrossLimit() {
        assertThat(AgreementRule.contradictsRate(75, 40, false)).isTrue();
        assertThat(AgreementRule.contradictsRate(35, 40, false)).isFalse();
        assertThat(AgreementRule.contradictsRate(75, 140, true)).isTrue();
        assertThat(AgreementRule.contradictsRate(150, 140, true)).isFalse();
        assertThat(AgreementRule.contradictsRate(Double.NaN, 140, true)).isFalse();
    }

    @Test
    void bradycardiaOfMissedBeatsHeldBack() {
        // The alarm detector finds every other beat of a 75 bpm rhythm (37.5 bpm), the agreement
        // detector all of them.
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        agreementBeats(0, 20 * NORMAL_RR, NORMAL_RR);

        classicBeats(rules, 0, 8, 2 * NORMAL_RR);

        assertThat(alerts).isEmpty();
        assertThat(state.heldBackByAgreement).isEqualTo(1);
    }

    @Test
    void bradycardiaWithoutEvidenceRaised() {
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        state.agreementThroughIndex = 20 * NORMAL_RR;

        classicBeats(rules, 0, 8, 2 * NORMAL_RR);

        assertThat(alerts)
                .extracting(Alert::getType, Alert::getPhase)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                AlertType.EXTREME_BRADYCARDIA, AlertPhase.START));
        assertThat(state.heldBackByAgreement).isZero();
    }

    @Test
    void bradycardiaSeenByBothRaised() {
        // 36 bpm on both detectors.
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        agreementBeats(0, 6000, 600);

        classicBeats(rules, 0, 8, 600);

        assertThat(alerts)
                .extracting(Alert::getType)
                .containsExactly(AlertType.EXTREME_BRADYCARDIA);
    }

    @Test
    void tachycardiaOfDoubleCountedBeatsHeldBack() {
        // The alarm detector counts T waves too: 150 bpm from a 75 bpm rhythm.
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        agreementBeats(0, 30 * NORMAL_RR, NORMAL_RR);

        classicBeats(rules, 0, 40, NORMAL_RR / 2);

        assertThat(alerts).isEmpty();
        assertThat(state.heldBackByAgreement).as("one held-back run per 17 beats").isEqualTo(2);
    }

    @Test
    void tachycardiaSeenByBothRaised() {
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        agreementBeats(0, 40 * 144, 144);

        classicBeats(rules, 0, 20, 144);

        assertThat(alerts)
                .extracting(Alert::getType)
                .containsExactly(AlertType.EXTREME_TACHYCARDIA);
    }

    @Test
    void agreementOffIgnoresSecondDetector() {
        AlarmRules rules = rules("off");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        agreementBeats(0, 30 * NORMAL_RR, NORMAL_RR);

        classicBeats(rules, 0, 20, NORMAL_RR / 2);

        assertThat(alerts)
                .extracting(Alert::getType)
                .containsExactly(AlertType.EXTREME_TACHYCARDIA);
    }

    @Test
    void asystoleWithSecondDetectorBeatsHeldBack() {
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 1000, -1, alerts::add);
        agreementBeats(1000, 1000 + 12 * NORMAL_RR, NORMAL_RR);

        rules.onProgress(state, factory, 1000 + 12 * NORMAL_RR, alerts::add);

        assertThat(alerts).isEmpty();
        assertThat(state.heldBackByAgreement).isPositive();
        // Each held-back window restarts the clock at the second detector's last beat in it.
        assertThat(state.asystoleReferenceIndex).isEqualTo(1000 + 10 * NORMAL_RR);
    }

    @Test
    void asystoleOnBothDetectorsRaised() {
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 1000, -1, alerts::add);
        state.agreementThroughIndex = 1000 + 1441;

        rules.onProgress(state, factory, 1000 + 1441, alerts::add);

        assertThat(alerts).extracting(Alert::getType).containsExactly(AlertType.ASYSTOLE);
        assertThat(alerts.get(0).getOnsetSampleIndex()).isEqualTo(1000);
    }

    /**
     * Feeds {@code count} ventricular beats {@code rr} apart after {@code from}; returns the last.
     */
    private long ventricularBeats(AlarmRules rules, long from, int count, long rr) {
        long beat = from;
        for (int i = 0; i < count; i++) {
            beat += rr;
            rules.onBeat(state, factory, beat, rr, 'V', alerts::add);
        }
        return beat;
    }

    /** 150 bpm. */
    private static final long VT_RR = 144;

    @Test
    void ventricularRunSeenByBothRaised() {
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        agreementBeats(0, 20 * VT_RR, VT_RR);

        ventricularBeats(rules, 0, 8, VT_RR);

        assertThat(alerts)
                .extracting(Alert::getType, Alert::getPhase)
                .containsExactly(tuple(AlertType.VENTRICULAR_TACHYCARDIA, AlertPhase.START));
        assertThat(state.heldBackByAgreement).isZero();
    }

    @Test
    void ventricularRunAtSlowSecondRateHeldBack() {
        // The alarm detector reports a ventricular run at 150 bpm, the second detector a 90 bpm
        // rhythm with 3 beats in each 5-beat run.
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        agreementBeats(0, 20 * NORMAL_RR, 240);

        ventricularBeats(rules, 0, 12, VT_RR);

        assertThat(alerts).isEmpty();
        assertThat(state.heldBackByAgreement).as("one held-back run per 5 beats").isEqualTo(2);
    }

    @Test
    void ventricularRunWithoutSecondBeatsRaised() {
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        state.agreementThroughIndex = 20 * VT_RR;

        ventricularBeats(rules, 0, 6, VT_RR);

        assertThat(alerts)
                .extracting(Alert::getType)
                .containsExactly(AlertType.VENTRICULAR_TACHYCARDIA);
    }

    @Test
    void ventricularRunWithOneMissedSecondBeatRaised() {
        // The second detector misses the third complex of the run; the median keeps 150 bpm.
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        for (long index = VT_RR; index <= 10 * VT_RR; index += VT_RR) {
            if (index != 3 * VT_RR) {
                state.agreementBeats.add(index, 'N');
            }
        }
        state.agreementThroughIndex = 10 * VT_RR;

        ventricularBeats(rules, 0, 5, VT_RR);

        assertThat(alerts)
                .extracting(Alert::getType)
                .containsExactly(AlertType.VENTRICULAR_TACHYCARDIA);
    }

    @Test
    void ventricularWindowExcludesBeatBeforeRun() {
        // A normal beat 0.3 s before the run's first beat lies outside its window, the second
        // detector's beat 50 ms before that first beat inside it.
        long onset = 3600;

        assertThat(AgreementRule.ventricularWindowStart(onset, FS))
                .isGreaterThan(onset - Math.round(0.3 * FS))
                .isLessThan(onset - Math.round(0.05 * FS));
    }

    @Test
    void ventricularRunAgreementOffIgnoresSecondDetector() {
        AlarmRules rules = rules("off");
        rules.reset(state, 0);
        rules.onBeat(state, factory, 0, -1, alerts::add);
        agreementBeats(0, 20 * NORMAL_RR, NORMAL_RR);

        ventricularBeats(rules, 0, 6, VT_RR);

        assertThat(alerts)
                .extracting(Alert::getType)
                .containsExactly(AlertType.VENTRICULAR_TACHYCARDIA);
    }

    /**
     * Intervals of 400 to 1000 ms, drawn with a fixed seed: atrial fibrillation at about 86 bpm.
     */
    private static long[] irregularIntervals(int count) {
        Random random = new Random(7);
        long[] intervals = new long[count];
        for (int i = 0; i < count; i++) {
            intervals[i] = Math.round((0.4 + 0.6 * random.nextDouble()) * FS);
        }
        return intervals;
    }

    /** Feeds the alarm detector's beats at {@code intervals} from sample 0; returns the last. */
    private long classicBeats(AlarmRules rules, long[] intervals) {
        rules.onBeat(state, factory, 0, -1, 'N', alerts::add);
        long beat = 0;
        for (long rr : intervals) {
            beat += rr;
            rules.onBeat(state, factory, beat, rr, 'N', alerts::add);
        }
        return beat;
    }

    private static List<AlertType> types(List<Alert> alerts) {
        return alerts.stream().map(Alert::getType).toList();
    }

    @Test
    void fibrillationWithRegularSecondRhythmHeldBack() {
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        long[] intervals = irregularIntervals(80);
        long last = Arrays.stream(intervals).sum();
        agreementBeats(0, last, NORMAL_RR);

        classicBeats(rules, intervals);

        assertThat(types(alerts)).doesNotContain(AlertType.ATRIAL_FIBRILLATION);
        assertThat(state.heldBackByAgreement).isEqualTo(1);
    }

    @Test
    void fibrillationSeenByBothRaised() {
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        long[] intervals = irregularIntervals(80);
        long beat = 0;
        for (long rr : intervals) {
            beat += rr;
            state.agreementBeats.add(beat, 'N');
        }
        state.agreementThroughIndex = beat;

        classicBeats(rules, intervals);

        assertThat(types(alerts)).containsExactly(AlertType.ATRIAL_FIBRILLATION);
        assertThat(state.heldBackByAgreement).isZero();
    }

    @Test
    void fibrillationWithFewSecondDecisionsRaised() {
        // The second detector loses the signal after 12 s, so it makes too few rhythm decisions
        // in the irregular stretch.
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        long[] intervals = irregularIntervals(80);
        long last = Arrays.stream(intervals).sum();
        agreementBeats(0, Math.round(12 * FS), NORMAL_RR);
        state.agreementThroughIndex = last;

        classicBeats(rules, intervals);

        assertThat(types(alerts)).containsExactly(AlertType.ATRIAL_FIBRILLATION);
        assertThat(state.heldBackByAgreement).isZero();
    }

    @Test
    void fibrillationWithEctopicSecondBeatsRaised() {
        // Regular, but every fourth beat of the second detector is classed V: the detector makes
        // no decision with frequent ectopy, so there is no evidence.
        AlarmRules rules = rules("on");
        rules.reset(state, 0);
        long[] intervals = irregularIntervals(80);
        long last = Arrays.stream(intervals).sum();
        int n = 0;
        for (long index = NORMAL_RR; index <= last; index += NORMAL_RR) {
            state.agreementBeats.add(index, n++ % 4 == 3 ? 'V' : 'N');
        }
        state.agreementThroughIndex = last;

        classicBeats(rules, intervals);

        assertThat(types(alerts)).containsExactly(AlertType.ATRIAL_FIBRILLATION);
    }

    @Test
    void fibrillationAgreementOffIgnoresSecondDetector() {
        AlarmRules rules = rules("off");
        rules.reset(state, 0);
        long[] intervals = irregularIntervals(80);
        agreementBeats(0, Arrays.stream(intervals).sum(), NORMAL_RR);

        classicBeats(rules, intervals);

        assertThat(types(alerts)).containsExactly(AlertType.ATRIAL_FIBRILLATION);
    }

    @Test
    void heldBackFibrillationSurvivesStateRestore() throws IOException {
        // The state is written 20 s into the irregular stretch, before the check at 30 s, so
        // the check after the restore reads the second detector's beats and classes from it.
        AlarmRules rules = rules("on");
        long[] intervals = irregularIntervals(80);
        long last = Arrays.stream(intervals).sum();
        AlarmState before = new AlarmState();
        rules.reset(before, 0);
        for (long index = NORMAL_RR; index <= last; index += NORMAL_RR) {
            before.agreementBeats.add(index, 'N');
        }
        before.agreementThroughIndex = last;
        rules.onBeat(before, factory, 0, -1, 'N', alerts::add);
        long beat = 0;
        int split = 0;
        while (beat < Math.round(20 * FS)) {
            beat += intervals[split];
            rules.onBeat(before, factory, beat, intervals[split], 'N', alerts::add);
            split++;
        }
        TypeSerializer<AlarmState> serializer =
                TypeInformation.of(AlarmState.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer output = new DataOutputSerializer(4096);
        serializer.serialize(before, output);
        AlarmState restored =
                serializer.deserialize(new DataInputDeserializer(output.getCopyOfBuffer()));

        for (int i = split; i < intervals.length; i++) {
            beat += intervals[i];
            rules.onBeat(restored, factory, beat, intervals[i], 'N', alerts::add);
        }

        assertThat(restored.agreementBeats.classFromLast(0)).isEqualTo('N');
        assertThat(types(alerts)).doesNotContain(AlertType.ATRIAL_FIBRILLATION);
        assertThat(restored.heldBackByAgreement).isEqualTo(1);
    }

    @Test
    void rhythmDecisionsCountOnlyStretch() {
        // 40 regular beats; the decisions from the 12th interval on, those before 20 s left out.
        OtherLeadBeats beats = regular(0, 40 * NORMAL_RR, NORMAL_RR);
        AfDetector detector = AfDetector.defaults();

        AgreementRule.RhythmDecisions all =
                AgreementRule.rhythmDecisions(
                        beats, 0, 40 * NORMAL_RR, Long.MAX_VALUE, detector, FS);
        AgreementRule.RhythmDecisions late =
                AgreementRule.rhythmDecisions(
                        beats, 30 * NORMAL_RR, 40 * NORMAL_RR, Long.MAX_VALUE, detector, FS);
        AgreementRule.RhythmDecisions reported =
                AgreementRule.rhythmDecisions(
                        beats, 30 * NORMAL_RR, 40 * NORMAL_RR, 35 * NORMAL_RR, detector, FS);

        assertThat(all.decisions()).isEqualTo(40 - 12);
        assertThat(all.irregular()).isZero();
        assertThat(late.decisions()).isEqualTo(11);
        assertThat(reported.decisions()).as("cut at the reported sample").isEqualTo(6);
    }

    @Test
    void unclassifiedSecondBeatsGiveNoRhythmDecision() {
        OtherLeadBeats beats = new OtherLeadBeats(AgreementRule.BEAT_CAPACITY);
        for (long index = NORMAL_RR; index <= 40 * NORMAL_RR; index += NORMAL_RR) {
            beats.add(index);
        }

        assertThat(
                        AgreementRule.rhythmDecisions(
                                        beats,
                                        0,
                                        40 * NORMAL_RR,
                                        Long.MAX_VALUE,
                                        AfDetector.defaults(),
                                        FS)
                                .decisions())
                .isZero();
    }

    @Test
    void rhythmDecisionsContradictOnlyWhenMostlyRegular() {
        assertThat(new AgreementRule.RhythmDecisions(8, 3).contradictAtrialFibrillation()).isTrue();
        assertThat(new AgreementRule.RhythmDecisions(8, 4).contradictAtrialFibrillation())
                .as("half irregular")
                .isFalse();
        assertThat(new AgreementRule.RhythmDecisions(7, 0).contradictAtrialFibrillation())
                .as("too few decisions")
                .isFalse();
    }

    @Test
    void beatRingKeepsClassesAcrossResize() {
        OtherLeadBeats beats = new OtherLeadBeats();
        beats.add(100);
        beats.add(400, 'V');
        beats.add(700, 'N');

        OtherLeadBeats resized = beats.withCapacity(AgreementRule.BEAT_CAPACITY);

        assertThat(resized.indices).hasSize(AgreementRule.BEAT_CAPACITY);
        assertThat(resized.count).isEqualTo(3);
        assertThat(resized.fromLast(0)).isEqualTo(700);
        assertThat(resized.classFromLast(0)).isEqualTo('N');
        assertThat(resized.classFromLast(1)).isEqualTo('V');
        assertThat(resized.classFromLast(2)).as("added without a class").isEqualTo('Q');
    }

    @Test
    void agreementOptionParsed() {
        AlarmProfiles profiles =
                AlarmProfiles.fromOptions(
                        AlarmThresholds.defaults(),
                        Map.of(
                                "alarm.agreement", "on",
                                "alarm.unit.NICU.agreement", "off",
                                "alarm.stream.bed-1.unit", "NICU",
                                "alarm.stream.bed-2.agreement", "FALSE"));

        assertThat(AlarmThresholds.defaults().agreement()).isFalse();
        assertThat(profiles.rulesFor("bed-0").thresholds().agreement()).isTrue();
        assertThat(profiles.rulesFor("bed-1").thresholds().agreement()).isFalse();
        assertThat(profiles.rulesFor("bed-2").thresholds().agreement()).isFalse();
        assertThat(profiles.anyAgreement()).isTrue();
        assertThat(AlarmProfiles.fromOptions(AlarmThresholds.defaults(), Map.of()).anyAgreement())
                .isFalse();
    }

    @Test
    void streamOptionTurnsAgreementOn() {
        AlarmProfiles profiles =
                AlarmProfiles.fromOptions(
                        AlarmThresholds.defaults(), Map.of("alarm.stream.bed-9.agreement", "on"));

        assertThat(profiles.anyAgreement()).isTrue();
        assertThat(profiles.rulesFor("bed-9").thresholds().agreement()).isTrue();
        assertThat(profiles.rulesFor("bed-8").thresholds().agreement()).isFalse();
    }

    @Test
    void badAgreementValueNamesOption() {
        assertThatThrownBy(
                        () ->
                                AlarmProfiles.fromOptions(
                                        AlarmThresholds.defaults(),
                                        Map.of("alarm.unit.ICU.agreement", "sometimes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Invalid alarm option alarm.unit.ICU.agreement='sometimes': expected"
                                + " 'on' or 'off'");
    }
}
