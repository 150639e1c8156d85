package org.medstream.stream.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Breath;
import org.medstream.stream.alarm.AlarmProfiles;
import org.medstream.stream.alarm.AlarmThresholds;

/**
 * The breath stitcher on windows of a 125 Hz RESP stream with an apnea time of 10 s (1250 samples)
 * and a 2 s look-ahead (250 samples).
 */
class BreathStitcherTest {
    private KeyedOneInputStreamOperatorTestHarness<String, WindowReply, Breath> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new BreathStitcher(
                                        "lmu-breaths",
                                        "http://127.0.0.1:8090/v1/models/lmu-breaths/infer",
                                        Duration.ofSeconds(10),
                                        Duration.ofSeconds(2),
                                        Duration.ofHours(1))),
                        reply -> reply.window.streamId,
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /**
     * Window {@code sequence} (k) that owns onsets [1000k, 1000k + 1000), with 250 samples of
     * warm-up (none for the first) and 250 after.
     */
    private static ModelWindow window(int sequence) {
        ModelWindow window = new ModelWindow();
        window.streamId = "bed-1";
        window.sequence = sequence;
        window.samplingFrequencyHz = 125;
        window.streamStartMicros = 1_700_000_000_000_000L;
        window.leads = new String[] {"RESP"};
        window.channels = new String[] {"RESP"};
        window.ownedFrom = 1000L * sequence;
        window.ownedTo = window.ownedFrom + 1000;
        window.windowStartIndex = Math.max(0, window.ownedFrom - 250);
        window.warmupSamples = (int) (window.ownedFrom - window.windowStartIndex);
        window.length = (int) (window.ownedTo + 250 - window.windowStartIndex);
        return window;
    }

    /** Returns a reply for window {@code sequence} with breaths at these stream sample indices. */
    private static WindowReply breaths(int sequence, long... onsets) {
        ModelWindow window = window(sequence);
        RemoteEvent[] events = new RemoteEvent[onsets.length];
        for (int i = 0; i < onsets.length; i++) {
            RemoteEvent event = new RemoteEvent();
            event.kind = "breath";
            event.lead = "RESP";
            event.label = "onset";
            event.sample = onsets[i] - window.windowStartIndex;
            events[i] = event;
        }
        return WindowReply.succeeded(window, events, 1);
    }

    private static WindowReply unavailable(int sequence) {
        return WindowReply.failed(
                window(sequence),
                WindowReply.Outcome.UNAVAILABLE,
                6,
                503,
                "no response after 6 attempts, the last: HTTP 503",
                new byte[] {1});
    }

    private void reply(WindowReply reply) throws Exception {
        harness.processElement(reply, 0);
    }

    private List<Alert> apneaAlerts() {
        List<Alert> alerts = new ArrayList<>();
        Queue<StreamRecord<Alert>> records = harness.getSideOutput(RemoteStitcher.ALERTS);
        if (records != null) {
            records.stream()
                    .map(StreamRecord::getValue)
                    .filter(alert -> alert.getType() == AlertType.APNEA)
                    .forEach(alerts::add);
        }
        return alerts;
    }

    @Test
    void stateIsPojo() {
        assertThat(TypeInformation.of(RemoteBreathTrack.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void ownedBreathsCarryIntervals() throws Exception {
        reply(breaths(0, 100, 400));
        // 900 lies in window 1's warm-up and 2100 in its look-ahead: other windows report them.
        reply(breaths(1, 900, 1300, 2100));

        List<Breath> breaths = harness.extractOutputValues();
        assertThat(breaths)
                .extracting(Breath::getOnsetSampleIndex)
                .containsExactly(100L, 400L, 1300L);
        assertThat(breaths)
                .extracting(Breath::getBreathIntervalMillis)
                .containsExactly(null, 2400.0, 7200.0);
        assertThat(breaths.get(2).getChannel()).isEqualTo("RESP");
        assertThat(breaths.get(2).getDetectorName()).isEqualTo("lmu-breaths");
        assertThat(breaths.get(2).getDetectorVersion()).isEqualTo("remote");
    }

    @Test
    void patientCareUnitSetsApneaTime() throws Exception {
        harness.close();
        AlarmProfiles profiles =
                AlarmProfiles.fromOptions(
                        AlarmThresholds.defaults(), Map.of("alarm.unit.NICU.apnea", "30 s"));
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new BreathStitcher(
                                                "lmu-breaths",
                                                "http://127.0.0.1:8090/v1/models/lmu-breaths/infer",
                                                Duration.ofSeconds(10),
                                                Duration.ofSeconds(2),
                                                Duration.ofHours(1))
                                        .withAlarmProfiles(profiles)),
                        reply -> reply.window.streamId,
                        Types.STRING);
        harness.open();

        // 24 s without a breath: over the default 20 s, under the NICU's 30 s.
        List<WindowReply> replies =
                List.of(breaths(0, 100), breaths(1), breaths(2), breaths(3, 3100));
        for (WindowReply reply : replies) {
            reply.window.patient = new String[] {"careUnit", "NICU"};
            reply(reply);
        }

        assertThat(apneaAlerts()).isEmpty();
    }

    @Test
    void pauseRaisesApneaOnce() throws Exception {
        reply(breaths(0, 100));
        reply(breaths(1));
        reply(breaths(2));
        reply(breaths(3, 3100));

        List<Alert> alerts = apneaAlerts();
        assertThat(alerts)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END);
        Alert start = alerts.get(0);
        assertThat(start.getPriority()).isEqualTo(AlertPriority.HIGH);
        assertThat(start.getOnsetSampleIndex()).isEqualTo(100);
        assertThat(start.getSampleIndex()).isEqualTo(1350);
        assertThat(start.getMessage()).isEqualTo("Apnea: no breath on RESP for 10 s");
        Alert end = alerts.get(1);
        assertThat(end.getAlertId()).isEqualTo(start.getAlertId());
        assertThat(end.getSampleIndex()).isEqualTo(3100);
        assertThat(end.getMessage())
                .isEqualTo("Apnea ended: breath on RESP after 24.0 s without one");
    }

    @Test
    void breathAfterConfirmationRaisesStartAndEnd() throws Exception {
        reply(breaths(0, 100));
        reply(breaths(1, 1500));

        assertThat(apneaAlerts())
                .extracting(Alert::getPhase, Alert::getOnsetSampleIndex, Alert::getSampleIndex)
                .containsExactly(
                        tuple(AlertPhase.START, 100L, 1350L), tuple(AlertPhase.END, 100L, 1500L));
    }

    @Test
    void breathAtConfirmationRaisesNothing() throws Exception {
        reply(breaths(0, 100));
        reply(breaths(1, 1350));

        assertThat(apneaAlerts()).isEmpty();
    }

    @Test
    void outageIsNoPause() throws Exception {
        reply(breaths(0, 100));
        reply(unavailable(1));
        reply(breaths(2, 2200));

        assertThat(apneaAlerts()).isEmpty();
        assertThat(harness.extractOutputValues())
                .extracting(Breath::getBreathIntervalMillis)
                .containsExactly(null, null);
    }

    @Test
    void outageEndsOpenApnea() throws Exception {
        reply(breaths(0, 100));
        reply(breaths(1));
        reply(unavailable(2));

        List<Alert> alerts = apneaAlerts();
        assertThat(alerts)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END);
        assertThat(alerts.get(1).getSampleIndex()).isEqualTo(2000);
        assertThat(alerts.get(1).getMessage())
                .isEqualTo(
                        "Apnea no longer tracked: model lmu-breaths returned no breaths from"
                                + " sample 2000");
    }

    @Test
    void lastWindowStopsBeforeItsPadding() throws Exception {
        reply(breaths(0, 100));
        ModelWindow last = window(1);
        last.ownedTo = Long.MAX_VALUE;
        last.length = 1000; // samples 750 … 1749
        reply(WindowReply.succeeded(last, new RemoteEvent[0], 1));

        // Through 1749 − 250 = 1499 the pause since 100 is longer than 1250 samples, so START;
        // the segment ends, so END at its last sample.
        assertThat(apneaAlerts())
                .extracting(Alert::getPhase, Alert::getSampleIndex)
                .containsExactly(tuple(AlertPhase.START, 1350L), tuple(AlertPhase.END, 1749L));
    }

    @Test
    void nextSegmentRestartsPause() throws Exception {
        ModelWindow last = window(0);
        last.ownedTo = Long.MAX_VALUE;
        last.length = 500;
        reply(WindowReply.succeeded(last, new RemoteEvent[0], 1));
        ModelWindow next = window(3);
        next.windowStartIndex = 3000;
        next.warmupSamples = 0;
        next.length = 1250;
        RemoteEvent breath = new RemoteEvent();
        breath.kind = "breath";
        breath.lead = "RESP";
        breath.sample = 600L;
        reply(WindowReply.succeeded(next, new RemoteEvent[] {breath}, 1));

        // Segment 0 … 499 is shorter than the apnea time. The pause of the next segment counts
        // from 3000, so the breath at 3600 ends none.
        assertThat(apneaAlerts()).isEmpty();
        assertThat(harness.extractOutputValues())
                .extracting(Breath::getOnsetSampleIndex)
                .containsExactly(3600L);
    }
}
