package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertCategory;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Beat;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.job.StreamIdSelector;
import org.medstream.stream.time.ChunkEventTime;

/** The technical NO_DATA alarm of the beat detection operator, on processing time. */
class NoDataAlarmTest {
    private static final long TIMEOUT_MILLIS = 10_000;
    private static final long ESCALATION_MILLIS = 20_000;
    private static final long RETENTION_MILLIS = 60_000;
    private static final long START_MILLIS = 1_000;
    private static final List<SignalChunk> CHUNKS =
            SyntheticEcg.chunks(
                    "bed-1",
                    SyntheticEcg.lead(7200, SyntheticEcg.regularPeaks(180, 288, 7200)),
                    90);

    private KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, Beat> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, Beat> create()
            throws Exception {
        BeatDetectionSettings settings =
                new BeatDetectionSettings(
                        Duration.ofSeconds(1),
                        8,
                        Duration.ofMillis(RETENTION_MILLIS),
                        Duration.ofMillis(TIMEOUT_MILLIS),
                        Duration.ofMillis(ESCALATION_MILLIS));
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new BeatDetectionFunction<>(
                                new PanTompkinsDetector(), AlarmRules.defaults(), settings)),
                new StreamIdSelector(),
                Types.STRING);
    }

    private void open() throws Exception {
        harness = create();
        harness.setProcessingTime(START_MILLIS);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** Feeds chunks {@code from} (inclusive) to {@code to} (exclusive) at the current time. */
    private void feed(int from, int to) throws Exception {
        for (SignalChunk chunk : CHUNKS.subList(from, to)) {
            harness.processElement(chunk, ChunkEventTime.firstFrameMillis(chunk));
        }
    }

    private List<Alert> noDataAlerts() {
        var records = harness.getSideOutput(BeatDetectionFunction.ALERTS);
        if (records == null) {
            return List.of();
        }
        return records.stream()
                .map(StreamRecord::getValue)
                .filter(alert -> alert.getType() == AlertType.NO_DATA)
                .toList();
    }

    @Test
    void silentStreamRaisesOneTechnicalAlert() throws Exception {
        open();
        feed(0, 40); // samples 0 to 3599

        harness.setProcessingTime(START_MILLIS + TIMEOUT_MILLIS - 1);
        assertThat(noDataAlerts()).isEmpty();

        harness.setProcessingTime(START_MILLIS + TIMEOUT_MILLIS);
        assertThat(noDataAlerts()).hasSize(1);
        Alert alert = noDataAlerts().get(0);
        assertThat(alert.getCategory()).isEqualTo(AlertCategory.TECHNICAL);
        assertThat(alert.getPriority()).isEqualTo(AlertPriority.MEDIUM);
        assertThat(alert.getAlertId()).isEqualTo("bed-1:NO_DATA:3599");
        assertThat(alert.getOnsetSampleIndex()).isEqualTo(3599L);
        assertThat(alert.getEventTimeMicros())
                .isEqualTo(SyntheticEcg.START.plusNanos(9_997_222_000L));
        assertThat(alert.getMessage())
                .isEqualTo(
                        "No data: stream bed-1 has sent no chunk for 10.0 s; last sample index"
                                + " received 3599. Check the monitor, its gateway and the"
                                + " network.");

        harness.setProcessingTime(START_MILLIS + TIMEOUT_MILLIS + ESCALATION_MILLIS - 1);
        assertThat(noDataAlerts()).as("before the escalation").hasSize(1);
        harness.setProcessingTime(START_MILLIS + TIMEOUT_MILLIS + ESCALATION_MILLIS);
        assertThat(noDataAlerts()).hasSize(2);
        Alert escalated = noDataAlerts().get(1);
        assertThat(escalated.getPhase()).isEqualTo(AlertPhase.ESCALATE);
        assertThat(escalated.getPriority()).isEqualTo(AlertPriority.HIGH);
        assertThat(escalated.getAlertId()).isEqualTo("bed-1:NO_DATA:3599");
        assertThat(escalated.getSequence()).isEqualTo(1);
        assertThat(escalated.getMessage())
                .isEqualTo(
                        "No data for 30.0 s: nothing of the patient is monitored. Check the"
                                + " monitor, its gateway and the network now.");

        harness.setProcessingTime(START_MILLIS + RETENTION_MILLIS - 1);
        assertThat(noDataAlerts()).as("records during one silence").hasSize(2);
        assertThat(harness.numProcessingTimeTimers()).as("cleanup timer only").isEqualTo(1);
    }

    @Test
    void chunkBeforeEscalationEndsAtMediumPriority() throws Exception {
        open();
        feed(0, 40);
        harness.setProcessingTime(START_MILLIS + TIMEOUT_MILLIS);
        harness.setProcessingTime(START_MILLIS + TIMEOUT_MILLIS + ESCALATION_MILLIS - 1);
        feed(40, 41);
        harness.setProcessingTime(START_MILLIS + TIMEOUT_MILLIS + ESCALATION_MILLIS);

        assertThat(noDataAlerts())
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END);
        assertThat(noDataAlerts())
                .extracting(Alert::getPriority)
                .containsOnly(AlertPriority.MEDIUM);
    }

    @Test
    void chunksBeforeTimeoutRaiseNothing() throws Exception {
        open();
        for (int chunk = 0; chunk < 80; chunk++) {
            harness.setProcessingTime(START_MILLIS + chunk * 250L);
            feed(chunk, chunk + 1);
        }
        long lastChunkMillis = START_MILLIS + 79 * 250L;

        harness.setProcessingTime(lastChunkMillis + TIMEOUT_MILLIS - 1);
        assertThat(noDataAlerts()).isEmpty();
        harness.setProcessingTime(lastChunkMillis + TIMEOUT_MILLIS);
        assertThat(noDataAlerts())
                .extracting(Alert::getAlertId)
                .containsExactly("bed-1:NO_DATA:7199");
    }

    @Test
    void resumedStreamRearmsAlert() throws Exception {
        open();
        feed(0, 40);
        harness.setProcessingTime(START_MILLIS + TIMEOUT_MILLIS);
        assertThat(noDataAlerts()).hasSize(1);

        long resumedMillis = START_MILLIS + 25_000; // before the escalation
        harness.setProcessingTime(resumedMillis);
        feed(40, 60); // samples 3600 to 5399
        harness.setProcessingTime(resumedMillis + TIMEOUT_MILLIS);

        assertThat(noDataAlerts())
                .extracting(Alert::getAlertId)
                .containsExactly("bed-1:NO_DATA:3599", "bed-1:NO_DATA:3599", "bed-1:NO_DATA:5399");
        assertThat(noDataAlerts())
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END, AlertPhase.START);
        assertThat(noDataAlerts().get(1).getSampleIndex()).isEqualTo(3600);
    }

    @Test
    void droppedStateRaisesNoFurtherAlert() throws Exception {
        open();
        feed(0, 40);

        harness.setProcessingTime(START_MILLIS + RETENTION_MILLIS);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        harness.setProcessingTime(START_MILLIS + 10 * RETENTION_MILLIS);
        // The START after the timeout, its escalation, and the END when the dropped state stops
        // monitoring.
        assertThat(noDataAlerts())
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.ESCALATE, AlertPhase.END);
    }

    @Test
    void endOfInputRaisesNoAlert() throws Exception {
        open();
        feed(0, 40);
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        harness.setProcessingTime(START_MILLIS + 10 * RETENTION_MILLIS);
        assertThat(noDataAlerts()).isEmpty();
    }

    @Test
    void restoreGivesStreamsOneTimeout() throws Exception {
        open();
        feed(0, 40);
        OperatorSubtaskState snapshot = harness.snapshot(1, START_MILLIS);
        harness.close();

        // The job was down for 40 s: longer than the timeout, shorter than the state retention.
        // The stream then has one timeout after the restore to resume.
        long restoredMillis = START_MILLIS + 40_000;
        harness = create();
        harness.setProcessingTime(START_MILLIS);
        harness.initializeState(snapshot);
        harness.open();
        harness.setProcessingTime(restoredMillis);
        assertThat(noDataAlerts()).isEmpty();

        harness.setProcessingTime(restoredMillis + TIMEOUT_MILLIS);
        assertThat(noDataAlerts())
                .extracting(Alert::getAlertId)
                .containsExactly("bed-1:NO_DATA:3599");
    }
}
