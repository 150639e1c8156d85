package org.medstream.stream.remote;

import java.nio.ByteBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.medstream.evaluation.waves.Wave;
import org.medstream.evaluation.waves.WaveKind;
import org.medstream.model.serve.inference.Event;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.WaveSegment;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.time.StreamClock;
import org.medstream.stream.waves.WaveSegments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the model server's replies into the events of the in-process wave operator. Keyed by stream
 * id; each stream's replies arrive in window order.
 *
 * <p>Answered windows: each wave whose onset lies in the window's own span ({@link
 * ModelWindow#owns}) becomes one {@link WaveSegment}, in stream sample indices and named like the
 * stream's channel. Consecutive windows own adjacent spans, so the overlaps yield no duplicates.
 *
 * <p>Windows without events from the server: each becomes a {@link DeadLetter} (reason {@code
 * OTHER}, a message that starts with "Model unavailable" or "Model rejected", and the Avro request
 * body as original bytes, so it can be sent again). An unavailable window also raises a technical
 * {@link AlertType#MODEL_UNAVAILABLE} alert, once per outage of the stream: the next window with a
 * response ends the outage and arms the alert again.
 */
public class WaveStitcher extends KeyedProcessFunction<String, WindowReply, WaveSegment> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WaveStitcher.class);

    /** Windows without events from the server, one dead letter each. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("remote-waves-dead-letters", TypeInformation.of(DeadLetter.class));

    /** MODEL_UNAVAILABLE alerts, one per outage and stream. */
    public static final OutputTag<Alert> ALERTS =
            new OutputTag<>("remote-waves-alerts", TypeInformation.of(Alert.class));

    /** Operator name, also the source of its dead letters. */
    public static final String OPERATOR = "stitch-waves";

    /** Version the segments carry: the server does not report its model's version per response. */
    static final String DETECTOR_VERSION = "remote";

    private final String modelName;
    private final String serverAddress;

    /** Onset sample index of the stream's current outage; unset while the server responds. */
    private transient ValueState<Long> outageOnset;

    /**
     * @param modelName the served model's name, which the segments carry as their detector
     * @param serverAddress the model's inference address, for dead letters and alert messages
     */
    public WaveStitcher(String modelName, String serverAddress) {
        this.modelName = modelName;
        this.serverAddress = serverAddress;
    }

    @Override
    public void open(OpenContext openContext) {
        outageOnset =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("model-outage-onset", Types.LONG));
    }

    @Override
    public void processElement(WindowReply reply, Context ctx, Collector<WaveSegment> out)
            throws Exception {
        ModelWindow window = reply.window;
        StreamClock clock = new StreamClock(window.streamStartMicros, window.samplingFrequencyHz);
        if (reply.outcome == WindowReply.Outcome.SUCCEEDED) {
            endOutage(window);
            emitSegments(reply, clock, out);
            return;
        }

        ctx.output(DEAD_LETTERS, deadLetter(reply));
        if (reply.outcome == WindowReply.Outcome.UNAVAILABLE && outageOnset.value() == null) {
            outageOnset.update(window.ownedFrom);
            LOG.warn(
                    "Model unavailable, raising MODEL_UNAVAILABLE stream={} model={}"
                            + " fromSampleIndex={} reason={}",
                    StreamKeyHash.of(window.streamId),
                    modelName,
                    window.ownedFrom,
                    reply.reason);
            ctx.output(ALERTS, alert(reply, clock));
        }
    }

    private void endOutage(ModelWindow window) throws Exception {
        Long onset = outageOnset.value();
        if (onset == null) {
            return;
        }
        outageOnset.clear();
        LOG.info(
                "Model answers again stream={} model={} outageFromSampleIndex={}"
                        + " answeredFromSampleIndex={}",
                StreamKeyHash.of(window.streamId),
                modelName,
                onset,
                window.ownedFrom);
    }

    private void emitSegments(WindowReply reply, StreamClock clock, Collector<WaveSegment> out) {
        ModelWindow window = reply.window;
        WaveSegments segments =
                new WaveSegments(
                        window.streamId, clock, modelName, DETECTOR_VERSION, EpochMicros.now());
        for (RemoteEvent event : reply.events) {
            if (!Event.WAVE.equals(event.kind)) {
                continue;
            }
            long onset = window.windowStartIndex + event.onset;
            if (!window.owns(onset)) {
                continue;
            }
            Wave wave =
                    new Wave(
                            WaveKind.valueOf(event.label),
                            onset,
                            window.windowStartIndex + event.peak,
                            window.windowStartIndex + event.offset);
            out.collect(segments.of(channelOf(window, event.lead), wave));
        }
    }

    /** Returns the stream's channel name of the model lead the server named. */
    private static String channelOf(ModelWindow window, String lead) {
        for (int i = 0; i < window.leads.length; i++) {
            if (window.leads[i].equals(lead)) {
                return window.channels[i];
            }
        }
        throw new IllegalStateException(
                "The model server returned events for lead '"
                        + lead
                        + "', which window "
                        + window.sequence
                        + " of stream "
                        + window.streamId
                        + " did not send; sent "
                        + String.join(", ", window.leads));
    }

    private DeadLetter deadLetter(WindowReply reply) {
        ModelWindow window = reply.window;
        String what =
                reply.outcome == WindowReply.Outcome.UNAVAILABLE
                        ? "Model unavailable"
                        : "Model rejected the window";
        String owned =
                window.last()
                        ? "from sample " + window.ownedFrom + " to the segment's end"
                        : "of samples " + window.ownedFrom + " to " + (window.ownedTo - 1);
        String message =
                what
                        + ": stream "
                        + window.streamId
                        + ", window "
                        + window.sequence
                        + " (samples "
                        + window.windowStartIndex
                        + " to "
                        + (window.windowStartIndex + window.length - 1)
                        + ", warm-up "
                        + window.warmupSamples
                        + "), model "
                        + modelName
                        + " at "
                        + serverAddress
                        + ": "
                        + reply.reason
                        + ". No wave events "
                        + owned
                        + "; the original bytes are the Avro inference request, which can be"
                        + " sent again.";
        return DeadLetter.newBuilder()
                .setSource(OPERATOR)
                .setStreamId(window.streamId)
                .setReasonCode(DeadLetterReason.OTHER)
                .setMessage(message)
                .setOriginalBytes(
                        reply.requestBody == null ? null : ByteBuffer.wrap(reply.requestBody))
                .setFailedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                .build();
    }

    private Alert alert(WindowReply reply, StreamClock clock) {
        ModelWindow window = reply.window;
        AlertFactory alerts =
                new AlertFactory(
                        window.streamId, clock, modelName, DETECTOR_VERSION, EpochMicros.now());
        long confirmed = window.windowStartIndex + window.length - 1;
        return alerts.technical(
                AlertType.MODEL_UNAVAILABLE,
                window.ownedFrom,
                confirmed,
                "Model "
                        + modelName
                        + " at "
                        + serverAddress
                        + " unavailable from sample "
                        + window.ownedFrom
                        + ": "
                        + reply.reason
                        + ". Its events are missing until it answers again; the windows go to"
                        + " the dead letters.");
    }
}
