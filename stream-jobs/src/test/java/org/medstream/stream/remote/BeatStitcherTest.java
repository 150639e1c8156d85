package org.medstream.stream.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.medstream.schemas.Beat;
import org.medstream.stream.alarm.AlarmProfiles;
import org.medstream.stream.alarm.AlarmRules;

/**
 * The beat stitcher on windows of a 100 Hz ECG stream: asystole after 4 s (400 samples), lead off
 * after 5 s flat (500 samples), chunks of 100 samples and a report delay of 0.5 s (50 samples).
 */
class BeatStitcherTest {
    private KeyedOneInputStreamOperatorTestHarness<String, WindowReply, Beat> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new BeatStitcher(
                                        "lmu-beats",
                                        "http://127.0.0.1:8090/v1/models/lmu-beats/infer",
                                        AlarmProfiles.of(AlarmRules.defaults()),
                                        Duration.ofMillis(500),
                                        8,
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
     * Window {@code sequence} (k) that owns beats in [1000k, 1000k + 1000), with 100 samples of
     * warm-up (none for the first) and 100 after, and the ends of the chunks that end in its span.
     */
    private static ModelWindow window(int sequence, boolean last) {
        ModelWindow window = new ModelWindow();
        window.streamId = "bed-1";
        window.sequence = sequence;
        window.samplingFrequencyHz = 100;
        window.streamStartMicros = 1_700_000_000_000_000L;
        window.leads = new String[] {"ii"};
        window.channels = new String[] {"MLII"};
        window.ownedFrom = 1000L * sequence;
        window.ownedTo = last ? Long.MAX_VALUE : window.ownedFrom + 1000;
        window.windowStartIndex = Math.max(0, window.ownedFrom - 100);
        window.warmupSamples = (int) (window.ownedFrom - window.windowStartIndex);
        long end = last ? window.ownedFrom + 1000 : window.ownedTo + 100;
        window.length = (int) (end - window.windowStartIndex);
        window.chunkEnds = new ChunkEnd[10];
        for (int chunk = 0; chunk < 10; chunk++) {
            long first = window.ownedFrom + 100L * chunk;
            window.chunkEnds[chunk] = ChunkEnd.of(first, first + 99, 0, false);
        }
        return window;
    }

    /** Returns a reply for {@code window} with N beats at these stream sample indices. */
    private static WindowReply beats(ModelWindow window, long... indices) {
        RemoteEvent[] events = new RemoteEvent[indices.length];
        for (int i = 0; i < indices.length; i++) {
            RemoteEvent event = new RemoteEvent();
            event.kind = "beat";
            event.lead = "ii";
            event.label = "N";
            event.sample = indices[i] - window.windowStartIndex;
            events[i] = event;
        }
        return WindowReply.succeeded(window, events, 1);
    }

    private void reply(WindowReply reply) throws Exception {
        harness.processElement(reply, 0);
    }

    private List<Beat> beats() {
        List<Beat> beats = new ArrayList<>();
        for (Object output : harness.getOutput()) {
            if (output instanceof StreamRecord<?> record
                    && record.getValue() instanceof Beat beat) {
                beats.add(beat);
            }
        }
        return beats;
    }

    private List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        Queue<StreamRecord<Alert>> records = harness.getSideOutput(RemoteStitcher.ALERTS);
        if (records != null) {
            records.stream().map(StreamRecord::getValue).forEach(alerts::add);
        }
        return alerts;
    }

    @Test
    void stateIsPojo() {
        assertThat(TypeInformation.of(RemoteBeatTrack.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(ChunkEnd.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void beatsCarryIntervalAndRate() throws Exception {
        ModelWindow window = window(0, false);
        // 1500 lies after the window's span, which the next window reports.
        reply(beats(window, 100, 200, 1500));

        assertThat(beats())
                .extracting(Beat::getSampleIndex, Beat::getRrIntervalMillis, Beat::getHeartRateBpm)
                .containsExactly(tuple(100L, null, null), tuple(200L, 1000.0, 60.0));
        assertThat(beats()).allSatisfy(beat -> assertThat(beat.getBeatClass()).isEqualTo("N"));
        assertThat(beats())
                .allSatisfy(beat -> assertThat(beat.getDetectorName()).isEqualTo("lmu-beats"));
    }

    /**
     * After the beat at 100, asystole is confirmed at 500. The chunk ending at 599 is the first
     * evaluated past it (599 − 50 = 549), and the beat at 1200 of the next window ends it.
     */
    @Test
    void asystoleStartsAtChunkEnd() throws Exception {
        reply(beats(window(0, false), 100));

        assertThat(alerts())
                .extracting(Alert::getType, Alert::getPhase, Alert::getOnsetSampleIndex)
                .containsExactly(tuple(AlertType.ASYSTOLE, AlertPhase.START, 100L));
        assertThat(alerts().get(0).getSampleIndex()).isEqualTo(500L);

        reply(beats(window(1, false), 1200, 1500, 1800));
        assertThat(alerts())
                .extracting(Alert::getType, Alert::getPhase, Alert::getSampleIndex)
                .containsExactly(
                        tuple(AlertType.ASYSTOLE, AlertPhase.START, 500L),
                        tuple(AlertType.ASYSTOLE, AlertPhase.END, 1200L));
    }

    /**
     * Chunk ends with a flat run raise lead off from the run's first sample and hold the asystole
     * clock, so the pause raises no asystole.
     */
    @Test
    void flatChunkEndsRaiseLeadOffNotAsystole() throws Exception {
        ModelWindow window = window(0, false);
        for (int chunk = 0; chunk < 10; chunk++) {
            long flatRun = Math.max(0, window.chunkEnds[chunk].lastSampleIndex - 199);
            window.chunkEnds[chunk].flatRunSamples = flatRun;
        }
        reply(beats(window, 100, 150));

        assertThat(alerts())
                .extracting(
                        Alert::getType,
                        Alert::getPhase,
                        Alert::getPriority,
                        Alert::getOnsetSampleIndex,
                        Alert::getSampleIndex)
                .containsExactly(
                        tuple(
                                AlertType.LEAD_OFF,
                                AlertPhase.START,
                                AlertPriority.MEDIUM,
                                200L,
                                700L));

        reply(beats(window(1, false), 1100, 1400, 1700));
        assertThat(alerts())
                .extracting(Alert::getType, Alert::getPhase)
                .containsExactly(
                        tuple(AlertType.LEAD_OFF, AlertPhase.START),
                        tuple(AlertType.LEAD_OFF, AlertPhase.END));
    }

    /**
     * A window without a response ends the open asystole, raises MODEL_UNAVAILABLE, and the next
     * window starts afresh: its first beat has no interval.
     */
    @Test
    void outageEndsAlertsAndRestarts() throws Exception {
        reply(beats(window(0, false), 100));
        reply(
                WindowReply.failed(
                        window(1, false),
                        WindowReply.Outcome.UNAVAILABLE,
                        6,
                        503,
                        "no response after 6 attempts, the last: HTTP 503",
                        new byte[] {1}));
        reply(beats(window(2, false), 2100, 2200, 2500, 2800));

        assertThat(alerts())
                .extracting(Alert::getType, Alert::getPhase, Alert::getSampleIndex)
                .containsExactly(
                        tuple(AlertType.ASYSTOLE, AlertPhase.START, 500L),
                        tuple(AlertType.MODEL_UNAVAILABLE, AlertPhase.START, 2099L),
                        tuple(AlertType.ASYSTOLE, AlertPhase.END, 1000L),
                        tuple(AlertType.MODEL_UNAVAILABLE, AlertPhase.END, 2000L));
        assertThat(alerts().get(2).getMessage()).contains("returned no beats from sample 1000");
        assertThat(beats())
                .extracting(Beat::getSampleIndex, Beat::getRrIntervalMillis)
                .containsExactly(
                        tuple(100L, null),
                        tuple(2100L, null),
                        tuple(2200L, 1000.0),
                        tuple(2500L, 3000.0),
                        tuple(2800L, 3000.0));
    }

    /** The last window of a segment ends every open alert and clears the stream's state. */
    @Test
    void lastWindowEndsObservation() throws Exception {
        reply(beats(window(0, false), 100));
        reply(beats(window(1, true)));

        assertThat(alerts())
                .extracting(Alert::getType, Alert::getPhase, Alert::getSampleIndex)
                .containsExactly(
                        tuple(AlertType.ASYSTOLE, AlertPhase.START, 500L),
                        tuple(AlertType.ASYSTOLE, AlertPhase.END, 1999L));
        assertThat(alerts().get(1).getMessage()).contains("the signal has a gap or ended");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
