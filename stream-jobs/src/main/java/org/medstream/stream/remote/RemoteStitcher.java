package org.medstream.stream.remote;

import java.nio.ByteBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.alarm.AlertEpisode;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.time.StreamClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the model server's replies into the events of an in-process operator. Keyed by stream id;
 * each stream's replies arrive in window order.
 *
 * <p>Windows with a response: each event of the subclass's kind whose first sample lies in the
 * window's own span ({@link ModelWindow#owns}) becomes one output event, in stream sample indices.
 * Consecutive windows own adjacent spans, so the overlaps yield no duplicates.
 *
 * <p>Windows without events from the server: each becomes a {@link DeadLetter} (reason {@code
 * OTHER}, a message that starts with "Model unavailable" or "Model rejected", and the Avro request
 * body as original bytes, so it can be sent again). An unavailable window also raises a technical
 * {@link AlertType#MODEL_UNAVAILABLE} alert, once per outage of the stream: the next window with a
 * response ends the outage with the alert's END and arms the alert again.
 *
 * @param <O> the events emitted
 */
public abstract class RemoteStitcher<O> extends KeyedProcessFunction<String, WindowReply, O> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RemoteStitcher.class);

    /** Windows without events from the server, one dead letter each. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("remote-model-dead-letters", TypeInformation.of(DeadLetter.class));

    /** MODEL_UNAVAILABLE alerts, a START and an END per outage and stream. */
    public static final OutputTag<Alert> ALERTS =
            new OutputTag<>("remote-model-alerts", TypeInformation.of(Alert.class));

    /** Version the events carry: the server does not report its model's version per response. */
    static final String DETECTOR_VERSION = "remote";

    private final String operatorName;
    private final String modelName;
    private final String serverAddress;

    /** The stream's MODEL_UNAVAILABLE alert; unset before the first outage. */
    private transient ValueState<AlertEpisode> outage;

    /**
     * @param operatorName the operator's name, also the source of its dead letters
     * @param modelName the served model's name, which the events carry as their detector
     * @param serverAddress the model's inference address, for dead letters and alert messages
     */
    protected RemoteStitcher(String operatorName, String modelName, String serverAddress) {
        this.operatorName = operatorName;
        this.modelName = modelName;
        this.serverAddress = serverAddress;
    }

    /** Returns the server's event kind this stitcher turns into output, such as {@code wave}. */
    protected abstract String eventKind();

    /**
     * Emits the output event of {@code event}, whose first sample is stream sample {@code start}
     * and lies in the window's span. The events of one window come in the server's order, which is
     * by start for one lead; {@code ctx} takes side outputs such as alerts.
     */
    protected abstract void emit(
            ModelWindow window,
            RemoteEvent event,
            long start,
            StreamClock clock,
            Context ctx,
            Collector<O> out)
            throws Exception;

    protected final String modelName() {
        return modelName;
    }

    @Override
    public void open(OpenContext openContext) {
        outage =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "model-outage", TypeInformation.of(AlertEpisode.class)));
    }

    @Override
    public void processElement(WindowReply reply, Context ctx, Collector<O> out) throws Exception {
        ModelWindow window = reply.window;
        StreamClock clock = new StreamClock(window.streamStartMicros, window.samplingFrequencyHz);
        if (reply.outcome == WindowReply.Outcome.SUCCEEDED) {
            endOutage(window, clock, ctx);
            for (RemoteEvent event : reply.events) {
                long start = window.windowStartIndex + event.start();
                if (eventKind().equals(event.kind) && window.owns(start)) {
                    emit(window, event, start, clock, ctx, out);
                }
            }
            afterReply(reply, clock, ctx, out);
            return;
        }

        ctx.output(DEAD_LETTERS, deadLetter(reply));
        AlertEpisode episode = outage.value();
        if (reply.outcome == WindowReply.Outcome.UNAVAILABLE
                && (episode == null || !episode.active)) {
            episode = episode == null ? new AlertEpisode() : episode;
            LOG.warn(
                    "Model unavailable, raising MODEL_UNAVAILABLE stream={} model={}"
                            + " fromSampleIndex={} reason={}",
                    StreamKeyHash.of(window.streamId),
                    modelName,
                    window.ownedFrom,
                    reply.reason);
            ctx.output(ALERTS, episode.start(withModelId(alert(reply, clock))));
            outage.update(episode);
        }
        afterReply(reply, clock, ctx, out);
    }

    /**
     * Runs after a reply's events, dead letter and outage alert went out. Does nothing here; a
     * stitcher with rules over the whole stream, such as apnea, overrides it.
     */
    protected void afterReply(WindowReply reply, StreamClock clock, Context ctx, Collector<O> out)
            throws Exception {}

    /** Sends the END of the stream's open MODEL_UNAVAILABLE alert, at the window's first sample. */
    private void endOutage(ModelWindow window, StreamClock clock, Context ctx) throws Exception {
        AlertEpisode episode = outage.value();
        if (episode == null || !episode.active) {
            return;
        }
        LOG.info(
                "Model responds again stream={} model={} outageFromSampleIndex={}"
                        + " respondedFromSampleIndex={}",
                StreamKeyHash.of(window.streamId),
                modelName,
                episode.onsetIndex,
                window.ownedFrom);
        ctx.output(
                ALERTS,
                withModelId(
                        episode.end(
                                alertFactory(window, clock),
                                AlertType.MODEL_UNAVAILABLE,
                                window.ownedFrom,
                                null,
                                "Model "
                                        + modelName
                                        + " at "
                                        + serverAddress
                                        + " responds again from sample "
                                        + window.ownedFrom
                                        + "; windows from sample "
                                        + episode.onsetIndex
                                        + " up to there went to the dead letters.")));
        outage.update(episode);
    }

    /** Returns the stream's channel name of the model lead the server named. */
    protected static String channelOf(ModelWindow window, String lead) {
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
                        + ". No "
                        + eventKind()
                        + " events "
                        + owned
                        + "; the original bytes are the Avro inference request, which can be"
                        + " sent again.";
        return DeadLetter.newBuilder()
                .setSource(operatorName)
                .setStreamId(window.streamId)
                .setReasonCode(DeadLetterReason.OTHER)
                .setMessage(message)
                .setOriginalBytes(
                        reply.requestBody == null ? null : ByteBuffer.wrap(reply.requestBody))
                .setFailedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                .build();
    }

    /**
     * Puts the model's name into the alert id: each remote model of a stream raises its own
     * MODEL_UNAVAILABLE, and a receiver that drops repeated idempotency keys must get them all.
     */
    private Alert withModelId(Alert alert) {
        alert.setAlertId(
                AlertFactory.alertId(
                        alert.getStreamId().toString(),
                        alert.getType(),
                        modelName,
                        alert.getOnsetSampleIndex()));
        return alert;
    }

    private AlertFactory alertFactory(ModelWindow window, StreamClock clock) {
        return new AlertFactory(
                window.streamId, clock, modelName, DETECTOR_VERSION, EpochMicros.now());
    }

    private Alert alert(WindowReply reply, StreamClock clock) {
        ModelWindow window = reply.window;
        long confirmed = window.windowStartIndex + window.length - 1;
        return alertFactory(window, clock)
                .technical(
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
                                + ". Its events are missing until it responds again; the windows go to"
                                + " the dead letters.");
    }
}
