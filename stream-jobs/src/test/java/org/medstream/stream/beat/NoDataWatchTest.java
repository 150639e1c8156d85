package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Beat;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.job.StreamIdSelector;
import org.medstream.stream.time.ChunkEventTime;

/**
 * The NO_DATA watch of the remote beats path raises, escalates and ends the same alerts as the
 * in-process beat operator, fed the same chunks at the same processing times.
 */
class NoDataWatchTest {
    private static final long TIMEOUT_MILLIS = 10_000;
    private static final long ESCALATION_MILLIS = 20_000;
    private static final long RETENTION_MILLIS = 60_000;
    private static final long START_MILLIS = 1_000;
    private static final BeatDetectionSettings SETTINGS =
            new BeatDetectionSettings(
                    Duration.ofSeconds(1),
                    8,
                    Duration.ofMillis(RETENTION_MILLIS),
                    Duration.ofMillis(TIMEOUT_MILLIS),
                    Duration.ofMillis(ESCALATION_MILLIS));
    private static final List<SignalChunk> CHUNKS =
            SyntheticEcg.chunks(
                    "bed-1",
                    SyntheticEcg.lead(7200, SyntheticEcg.regularPeaks(180, 288, 7200)),
                    90);

    private KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, Beat> inProcess;
    private KeyedOneInputStreamOperatorTestHarness<String, SignalChunk, Alert> watch;

    private void open() throws Exception {
        inProcess =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new BeatDetectionFunction<>(
                                        new PanTompkinsDetector(),
                                        AlarmRules.defaults(),
                                        SETTINGS)),
                        new StreamIdSelector(),
                        Types.STRING);
        watch =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new NoDataWatch(SETTINGS, "lmu-beats", "remote")),
                        new StreamIdSelector(),
                        Types.STRING);
        for (var harness : List.of(inProcess, watch)) {
            harness.setProcessingTime(START_MILLIS);
            harness.open();
        }
    }

    @AfterEach
    void close() throws Exception {
        if (inProcess != null) {
            inProcess.close();
        }
        if (watch != null) {
            watch.close();
        }
    }

    private void feed(int from, int to) throws Exception {
        for (SignalChunk chunk : CHUNKS.subList(from, to)) {
            inProcess.processElement(chunk, ChunkEventTime.firstFrameMillis(chunk));
            watch.processElement(chunk, ChunkEventTime.firstFrameMillis(chunk));
        }
    }

    private void at(long millis) throws Exception {
        inProcess.setProcessingTime(millis);
        watch.setProcessingTime(millis);
    }

    private List<String> inProcessAlerts() {
        var records = inProcess.getSideOutput(BeatDetectionFunction.ALERTS);
        return keys(records == null ? new ConcurrentLinkedQueue<>() : records);
    }

    private List<String> watchAlerts() {
        List<StreamRecord<Alert>> records = new ArrayList<>();
        for (Object output : watch.getOutput()) {
            if (output instanceof StreamRecord<?> record) {
                @SuppressWarnings("unchecked")
                StreamRecord<Alert> alert = (StreamRecord<Alert>) record;
                records.add(alert);
            }
        }
        return keys(records);
    }

    /** Returns id, phase, sequence, priority and indices of each NO_DATA alert, in order. */
    private static List<String> keys(Iterable<StreamRecord<Alert>> records) {
        List<String> keys = new ArrayList<>();
        for (StreamRecord<Alert> record : records) {
            Alert alert = record.getValue();
            if (alert.getType() == AlertType.NO_DATA) {
                keys.add(
                        alert.getAlertId()
                                + " "
                                + alert.getPhase()
                                + " "
                                + alert.getSequence()
                                + " "
                                + alert.getPriority()
                                + " "
                                + alert.getOnsetSampleIndex()
                                + " "
                                + alert.getSampleIndex());
            }
        }
        return keys;
    }

    @Test
    void silencesRaiseEscalateAndEndAsInProcess() throws Exception {
        open();
        feed(0, 40);
        at(START_MILLIS + TIMEOUT_MILLIS - 1);
        assertThat(watchAlerts()).isEmpty();
        at(START_MILLIS + TIMEOUT_MILLIS + ESCALATION_MILLIS);
        assertThat(watchAlerts()).hasSize(2);

        long resumed = START_MILLIS + TIMEOUT_MILLIS + ESCALATION_MILLIS + 5_000;
        at(resumed);
        feed(40, 60);
        at(resumed + TIMEOUT_MILLIS);
        at(resumed + RETENTION_MILLIS);

        assertThat(watchAlerts())
                .containsExactlyElementsOf(inProcessAlerts())
                .containsExactly(
                        "bed-1:NO_DATA:3599 START 0 MEDIUM 3599 3599",
                        "bed-1:NO_DATA:3599 ESCALATE 1 HIGH 3599 3599",
                        "bed-1:NO_DATA:3599 END 2 HIGH 3599 3600",
                        "bed-1:NO_DATA:5399 START 0 MEDIUM 5399 5399",
                        "bed-1:NO_DATA:5399 ESCALATE 1 HIGH 5399 5399",
                        "bed-1:NO_DATA:5399 END 2 HIGH 5399 5399");
        assertThat(watch.numKeyedStateEntries()).isZero();
    }

    @Test
    void endOfInputEndsAnOpenAlert() throws Exception {
        open();
        feed(0, 40);
        at(START_MILLIS + TIMEOUT_MILLIS);
        inProcess.processWatermark(new Watermark(Long.MAX_VALUE));
        watch.processWatermark(new Watermark(Long.MAX_VALUE));

        assertThat(watchAlerts())
                .hasSize(2)
                .containsExactlyElementsOf(inProcessAlerts())
                .last()
                .asString()
                .contains(AlertPhase.END.name());
        assertThat(watch.numKeyedStateEntries()).isZero();
    }
}
