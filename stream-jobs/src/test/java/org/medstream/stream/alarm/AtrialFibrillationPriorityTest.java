package org.medstream.stream.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.stream.time.StreamClock;

/**
 * The priority of ATRIAL_FIBRILLATION follows its ventricular rate: ESCALATE above the tachycardia
 * limit, DEESCALATE at or below the limit minus the update step, one alert id throughout. At most
 * one record per block, and no UPDATE or DEESCALATE sooner than the update interval (10 s) after
 * any record.
 */
class AtrialFibrillationPriorityTest {
    private static final double FS = 250;
    private static final long UPDATE_INTERVAL_SAMPLES = Math.round(10 * FS);
    private static final double LIMIT_BPM = 140;
    private static final double LOWER_BPM = 130;

    private final AlertFactory factory =
            new AlertFactory("bed-5", new StreamClock(0, FS), "test", "1", 0);
    private final List<Alert> alerts = new ArrayList<>();
    private final AlarmState state = new AlarmState();
    private final Random random = new Random(7);
    private long index;

    /** Every beat fed after the first, as {index, rrSamples}, for a replay. */
    private final List<long[]> fedBeats = new ArrayList<>();

    private void feedBeat(AlarmRules rules, long rrSamples) {
        index += rrSamples;
        fedBeats.add(new long[] {index, rrSamples});
        rules.onBeat(state, factory, index, rrSamples, 'N', alerts::add);
    }

    /** Feeds {@code count} beats with intervals drawn from {@code [fromMillis, toMillis)}. */
    private void beats(AlarmRules rules, int count, double fromMillis, double toMillis) {
        for (int i = 0; i < count; i++) {
            double rrMillis = fromMillis + (toMillis - fromMillis) * random.nextDouble();
            feedBeat(rules, Math.round(rrMillis * FS / 1000));
        }
    }

    /** Feeds irregular beats at about 86 bpm until the alert starts. */
    private void feedUntilStart(AlarmRules rules) {
        for (int i = 0; i < 400 && fibrillation().isEmpty(); i++) {
            beats(rules, 1, 400, 1000);
        }
        assertThat(fibrillation()).as("START after 400 irregular beats").isNotEmpty();
    }

    /**
     * Feeds irregular beats until the open alert's next 16-beat block is complete. The beats come
     * in pairs whose intervals differ from the interval of {@code bpm} by the same 10 to 25 % in
     * opposite directions, so the block's mean rate is {@code bpm} to within rounding to samples.
     */
    private void feedBlock(AlarmRules rules, double bpm) {
        AlertEpisode episode = state.atrialFibrillation.episode;
        long meanSamples = Math.round(60 * FS / bpm);
        for (int pair = 0; pair < 32; pair++) {
            long deviation = Math.round(meanSamples * (0.10 + 0.15 * random.nextDouble()));
            long first = random.nextBoolean() ? meanSamples + deviation : meanSamples - deviation;
            feedBeat(rules, first);
            if (episode.windowBeats == 0) {
                return;
            }
            feedBeat(rules, 2 * meanSamples - first);
            if (episode.windowBeats == 0) {
                return;
            }
        }
        throw new AssertionError("no block of the open alert completed within 64 beats");
    }

    /** Feeds {@code count} sinus beats at 75 bpm with a slight respiratory variation. */
    private void sinus(AlarmRules rules, int count) {
        for (int i = 0; i < count; i++) {
            long rrSamples = Math.round((800 + 25 * Math.sin(2 * Math.PI * i / 5.0)) * FS / 1000);
            feedBeat(rules, rrSamples);
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

    @Test
    void updateAfterEscalateWaitsForInterval() {
        AlarmRules rules = start(AlarmRules.defaults());
        feedUntilStart(rules);
        feedBlock(rules, 86);
        // An UPDATE, then 8 s later the ESCALATE, then the same rate for 12 s, then a faster one.
        feedBlock(rules, 115);
        feedBlock(rules, 160);
        feedBlock(rules, 160);
        feedBlock(rules, 160);
        feedBlock(rules, 175);

        Alert escalate = phase(AlertPhase.ESCALATE);
        List<Alert> after = recordsAfter(escalate);
        assertThat(after).extracting(Alert::getPhase).containsExactly(AlertPhase.UPDATE);
        Alert update = after.get(0);
        assertThat(update.getSampleIndex() - escalate.getSampleIndex())
                .isGreaterThanOrEqualTo(UPDATE_INTERVAL_SAMPLES);
        assertThat(update.getMessage()).endsWith(rateNamed(escalate));
    }

    @Test
    void priorityChangeReplacesUpdate() {
        AlarmRules rules = start(AlarmRules.defaults());
        feedUntilStart(rules);
        feedBlock(rules, 86);
        feedBlock(rules, 86);
        // Both the UPDATE and the priority rule are due at the first fast and first slow block.
        feedBlock(rules, 160);
        feedBlock(rules, 160);
        feedBlock(rules, 160);
        feedBlock(rules, 100);

        Alert escalate = phase(AlertPhase.ESCALATE);
        List<Alert> fromEscalate = new ArrayList<>(List.of(escalate));
        fromEscalate.addAll(recordsAfter(escalate));
        assertThat(escalate.getPriority()).isEqualTo(AlertPriority.HIGH);
        assertThat(escalate.getHeartRateBpm()).isGreaterThan(LIMIT_BPM);
        assertThat(fibrillation())
                .filteredOn(alert -> alert.getSampleIndex() == escalate.getSampleIndex())
                .as("records at the ESCALATE's beat")
                .containsExactly(escalate);
        assertThat(fromEscalate)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.ESCALATE, AlertPhase.DEESCALATE);
        assertThat(fromEscalate.get(1).getHeartRateBpm()).isLessThanOrEqualTo(LOWER_BPM);
    }

    @Test
    void deescalateWaitsButEscalateDoesNot() {
        AlarmRules rules = start(AlarmRules.defaults());
        feedUntilStart(rules);
        feedBlock(rules, 86);
        feedBlock(rules, 86);
        // 120 bpm for 8 s after the ESCALATE, then 8 s more, then 160 bpm for 6 s.
        feedBlock(rules, 160);
        feedBlock(rules, 120);
        feedBlock(rules, 120);
        feedBlock(rules, 160);

        Alert escalate = phase(AlertPhase.ESCALATE);
        List<Alert> after = recordsAfter(escalate);
        assertThat(after)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.DEESCALATE, AlertPhase.ESCALATE);
        long deescalateGap = after.get(0).getSampleIndex() - escalate.getSampleIndex();
        long escalateGap = after.get(1).getSampleIndex() - after.get(0).getSampleIndex();
        assertThat(deescalateGap).isGreaterThanOrEqualTo(UPDATE_INTERVAL_SAMPLES);
        assertThat(escalateGap).isLessThan(UPDATE_INTERVAL_SAMPLES);
    }

    @Test
    void swingingRateKeepsRecordsApart() {
        AlarmRules rules = start(AlarmRules.defaults());
        feedUntilStart(rules);
        double[] rates = {100, 120, 135, 160, 175};
        for (int i = 0; i < 40; i++) {
            feedBlock(rules, rates[random.nextInt(rates.length)]);
        }

        List<Alert> fibrillation = fibrillation();
        assertThat(fibrillation).extracting(Alert::getPhase).contains(AlertPhase.ESCALATE);
        assertThat(fibrillation).extracting(Alert::getPhase).contains(AlertPhase.DEESCALATE);
        assertThat(fibrillation).extracting(Alert::getPhase).contains(AlertPhase.UPDATE);
        for (int i = 1; i < fibrillation.size(); i++) {
            Alert previous = fibrillation.get(i - 1);
            Alert alert = fibrillation.get(i);
            String where = alert.getPhase() + " seq " + alert.getSequence();
            long gap = alert.getSampleIndex() - previous.getSampleIndex();
            assertThat(gap).as(where + " after the previous record").isPositive();
            if (alert.getPhase() == AlertPhase.UPDATE
                    || alert.getPhase() == AlertPhase.DEESCALATE) {
                assertThat(gap)
                        .as(where + " after the previous record")
                        .isGreaterThanOrEqualTo(UPDATE_INTERVAL_SAMPLES);
            }
            if (alert.getPhase() == AlertPhase.UPDATE) {
                assertThat(alert.getMessage()).as(where).endsWith(rateNamed(previous));
                if (alert.getPriority() == AlertPriority.MEDIUM) {
                    assertThat(alert.getHeartRateBpm()).as(where).isLessThanOrEqualTo(LIMIT_BPM);
                } else {
                    assertThat(alert.getHeartRateBpm()).as(where).isGreaterThan(LOWER_BPM);
                }
            }
        }
    }

    @Test
    void restoreAfterEscalateKeepsSpacing() throws IOException {
        AlarmRules rules = start(AlarmRules.defaults());
        feedUntilStart(rules);
        feedBlock(rules, 86);
        feedBlock(rules, 115);
        feedBlock(rules, 160);
        int escalateBeat = fedBeats.size();
        feedBlock(rules, 160);
        feedBlock(rules, 160);
        feedBlock(rules, 175);
        List<Alert> uninterrupted = List.copyOf(alerts);
        Alert escalate = phase(AlertPhase.ESCALATE);
        TypeSerializer<AlarmState> serializer =
                TypeInformation.of(AlarmState.class).createSerializer(new SerializerConfigImpl());

        // Checkpoints right after the ESCALATE, the record that the next UPDATE counts from.
        AlarmState replayed = new AlarmState();
        List<Alert> replayAlerts = new ArrayList<>();
        rules.reset(replayed, 0);
        rules.onBeat(replayed, factory, 0, -1, 'N', replayAlerts::add);
        for (long[] beat : fedBeats.subList(0, escalateBeat)) {
            rules.onBeat(replayed, factory, beat[0], beat[1], 'N', replayAlerts::add);
        }
        DataOutputSerializer output = new DataOutputSerializer(4096);
        serializer.serialize(replayed, output);
        AlarmState restored =
                serializer.deserialize(new DataInputDeserializer(output.getCopyOfBuffer()));
        for (long[] beat : fedBeats.subList(escalateBeat, fedBeats.size())) {
            rules.onBeat(restored, factory, beat[0], beat[1], 'N', replayAlerts::add);
        }

        assertThat(replayAlerts).isEqualTo(uninterrupted);
        assertThat(recordsAfter(escalate))
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.UPDATE);
        assertThat(restored.atrialFibrillation.episode.reportedIndex)
                .isEqualTo(recordsAfter(escalate).get(0).getSampleIndex());
    }

    /** Returns the records of the alert after {@code record}, in order. */
    private List<Alert> recordsAfter(Alert record) {
        List<Alert> fibrillation = fibrillation();
        return fibrillation.subList(fibrillation.indexOf(record) + 1, fibrillation.size());
    }

    /** Returns the end of an UPDATE message that names the rate of {@code previous}. */
    private static String rateNamed(Alert previous) {
        return String.format(Locale.ROOT, "was %.1f bpm", previous.getHeartRateBpm());
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
