package org.medstream.stream.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertCategory;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.WaveSegment;
import org.medstream.schemas.WaveType;

class WaveStitcherTest {
    private KeyedOneInputStreamOperatorTestHarness<String, WindowReply, WaveSegment> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new WaveStitcher(
                                        "lmu-waves",
                                        "http://127.0.0.1:8090/v1/models/lmu-waves/infer")),
                        reply -> reply.window.streamId,
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /**
     * Window {@code sequence} (k) at 500 Hz that owns onsets [500k, 500k + 500), with 100 samples
     * of warm-up (none for the first) and 200 after.
     */
    private static ModelWindow window(int sequence) {
        ModelWindow window = new ModelWindow();
        window.streamId = "bed-1";
        window.sequence = sequence;
        window.samplingFrequencyHz = 500;
        window.streamStartMicros = 1_700_000_000_000_000L;
        window.leads = new String[] {"ii", "v1"};
        window.channels = new String[] {"MLII", "V1"};
        window.ownedFrom = 500L * sequence;
        window.ownedTo = window.ownedFrom + 500;
        window.windowStartIndex = Math.max(0, window.ownedFrom - 100);
        window.warmupSamples = (int) (window.ownedFrom - window.windowStartIndex);
        window.length = (int) (window.ownedTo + 200 - window.windowStartIndex);
        return window;
    }

    private static RemoteEvent wave(String lead, String label, long onset, long peak, long offset) {
        RemoteEvent event = new RemoteEvent();
        event.kind = "wave";
        event.lead = lead;
        event.label = label;
        event.onset = onset;
        event.peak = peak;
        event.offset = offset;
        return event;
    }

    private void reply(WindowReply reply) throws Exception {
        harness.processElement(reply, 0);
    }

    private static WindowReply unavailable(int sequence) {
        return WindowReply.failed(
                window(sequence),
                WindowReply.Outcome.UNAVAILABLE,
                6,
                503,
                "no response after 6 attempts, the last: HTTP 503",
                new byte[] {1, 2, 3});
    }

    private static WindowReply succeeded(int sequence) {
        return WindowReply.succeeded(window(sequence), new RemoteEvent[0], 1);
    }

    private List<Alert> alerts() {
        return values(harness.getSideOutput(WaveStitcher.ALERTS));
    }

    private List<DeadLetter> deadLetters() {
        return values(harness.getSideOutput(WaveStitcher.DEAD_LETTERS));
    }

    private static <T> List<T> values(Queue<StreamRecord<T>> records) {
        List<T> values = new ArrayList<>();
        if (records != null) {
            records.forEach(record -> values.add(record.getValue()));
        }
        return values;
    }

    @Test
    void ownedWavesBecomeSegments() throws Exception {
        // Window 2 covers samples 900 … 1699 and owns onsets 1000 … 1499.
        RemoteEvent[] events = {
            wave("ii", "QRS", 50, 60, 80), // onset 950, in the warm-up: the previous window's
            wave("ii", "P", 100, 120, 140), // onset 1000, the first owned sample
            wave("v1", "T", 599, 650, 700), // onset 1499, the last owned sample
            wave("ii", "QRS", 600, 610, 630) // onset 1500, the next window's
        };

        reply(WindowReply.succeeded(window(2), events, 1));

        List<WaveSegment> segments = harness.extractOutputValues();
        assertThat(segments).hasSize(2);
        WaveSegment first = segments.get(0);
        assertThat(first.getLead()).isEqualTo("MLII");
        assertThat(first.getWave()).isEqualTo(WaveType.P);
        assertThat(first.getOnsetSampleIndex()).isEqualTo(1000);
        assertThat(first.getPeakSampleIndex()).isEqualTo(1020);
        assertThat(first.getOffsetSampleIndex()).isEqualTo(1040);
        assertThat(first.getDetectorName()).isEqualTo("lmu-waves");
        WaveSegment second = segments.get(1);
        assertThat(second.getLead()).isEqualTo("V1");
        assertThat(second.getOnsetSampleIndex()).isEqualTo(1499);
        assertThat(second.getOffsetSampleIndex()).isEqualTo(1600);
    }

    @Test
    void lastWindowOwnsRest() throws Exception {
        ModelWindow last = window(2);
        last.ownedTo = Long.MAX_VALUE;
        RemoteEvent[] events = {wave("ii", "T", 790, 795, 799)};

        reply(WindowReply.succeeded(last, events, 1));

        assertThat(harness.extractOutputValues())
                .extracting(WaveSegment::getOnsetSampleIndex)
                .containsExactly(1690L);
    }

    @Test
    void outageRaisesOneAlert() throws Exception {
        reply(unavailable(0));
        reply(unavailable(1));
        reply(unavailable(2));

        assertThat(deadLetters()).hasSize(3);
        List<Alert> alerts = alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getType()).isEqualTo(AlertType.MODEL_UNAVAILABLE);
        assertThat(alert.getCategory()).isEqualTo(AlertCategory.TECHNICAL);
        assertThat(alert.getPriority()).isEqualTo(AlertPriority.MEDIUM);
        assertThat(alert.getAlertId()).isEqualTo("bed-1:MODEL_UNAVAILABLE:lmu-waves:0");
        assertThat(alert.getOnsetSampleIndex()).isZero();
        assertThat(alert.getSampleIndex()).isEqualTo(699);
        assertThat(alert.getMessage())
                .isEqualTo(
                        "Model lmu-waves at http://127.0.0.1:8090/v1/models/lmu-waves/infer"
                                + " unavailable from sample 0: no response after 6 attempts, the"
                                + " last: HTTP 503. Its events are missing until it responds"
                                + " again; the windows go to the dead letters.");
    }

    @Test
    void responseEndsAndRearmsAlert() throws Exception {
        reply(unavailable(0));
        reply(succeeded(1));
        reply(unavailable(2));
        reply(unavailable(3));

        List<Alert> alerts = alerts();
        assertThat(alerts)
                .extracting(Alert::getPhase)
                .containsExactly(AlertPhase.START, AlertPhase.END, AlertPhase.START);
        assertThat(alerts).extracting(Alert::getOnsetSampleIndex).containsExactly(0L, 0L, 1000L);
        Alert end = alerts.get(1);
        assertThat(end.getAlertId()).isEqualTo("bed-1:MODEL_UNAVAILABLE:lmu-waves:0");
        assertThat(end.getSequence()).isEqualTo(1);
        assertThat(end.getSampleIndex()).isEqualTo(500);
        assertThat(end.getPriority()).isEqualTo(AlertPriority.MEDIUM);
        assertThat(end.getMessage())
                .isEqualTo(
                        "Model lmu-waves at http://127.0.0.1:8090/v1/models/lmu-waves/infer"
                                + " responds again from sample 500; windows from sample 0 up to"
                                + " there went to the dead letters.");
    }

    @Test
    void deadLetterNamesWindowAndReason() throws Exception {
        reply(unavailable(2));

        DeadLetter letter = deadLetters().get(0);
        assertThat(letter.getSource()).isEqualTo("stitch-waves");
        assertThat(letter.getStreamId()).isEqualTo("bed-1");
        assertThat(letter.getMessage())
                .isEqualTo(
                        "Model unavailable: stream bed-1, window 2 (samples 900 to 1699, warm-up"
                                + " 100), model lmu-waves at"
                                + " http://127.0.0.1:8090/v1/models/lmu-waves/infer: no response"
                                + " after 6 attempts, the last: HTTP 503. No wave events of"
                                + " samples 1000 to 1499; the original bytes are the Avro"
                                + " inference request, which can be sent again.");
        assertThat(letter.getOriginalBytes().remaining()).isEqualTo(3);
    }

    @Test
    void rejectedWindowRaisesNoAlert() throws Exception {
        reply(
                WindowReply.failed(
                        window(0),
                        WindowReply.Outcome.REJECTED,
                        1,
                        400,
                        "HTTP 400 {...}",
                        new byte[] {1}));

        assertThat(deadLetters())
                .extracting(DeadLetter::getMessage)
                .singleElement()
                .asString()
                .startsWith("Model rejected the window: stream bed-1, window 0");
        assertThat(alerts()).isEmpty();
    }
}
