package org.medstream.stream.remote;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.medstream.model.serve.inference.Event;
import org.medstream.model.serve.inference.Window;
import org.medstream.schemas.Breath;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.alarm.AlarmProfiles;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.alarm.ApneaRule;
import org.medstream.stream.time.StreamClock;

/**
 * Turns the model server's breath onsets into the {@link Breath} records of the in-process {@code
 * detect-breaths} operator, with the interval to the previous breath, and runs that operator's
 * apnea rule on them. {@link RemoteStitcher} describes spans, dead letters and the outage alert.
 *
 * <p>Apnea: when no breath onset lies within the apnea time after the last one (or after the first
 * sample the rule tracks), a high-priority physiological {@code APNEA} alert goes to {@link
 * RemoteStitcher#ALERTS}, once per pause, with the onset and confirmation indices the in-process
 * operator uses. It is raised when a window reports past the confirmation index without a breath,
 * or when the next breath lies after it. The next breath sends the alert's END. Nothing is known
 * about breathing after the last window of a segment (a gap or the end of the input) or during a
 * window without a response. So both end the pause without a new alert and send END for an open
 * apnea alert, and the rule starts again at the next window with a response. After a window without
 * a response the next breath carries no interval, because breaths are missing before it.
 */
public class BreathStitcher extends RemoteStitcher<Breath> {
    private static final long serialVersionUID = 1L;

    /** Operator name, also the source of its dead letters. */
    public static final String OPERATOR = "stitch-breaths";

    private final double apneaSeconds;
    private final Duration lookAhead;
    private final Duration stateRetention;
    private AlarmProfiles alarmProfiles;

    private transient ValueState<RemoteBreathTrack> trackState;

    /**
     * @param modelName the served model's name, which the breaths carry as their detector
     * @param serverAddress the model's inference address, for dead letters and alert messages
     * @param apnea time without a breath onset that raises an apnea alert; zero for none
     * @param lookAhead signal the windows carry after their span. At a segment's end the apnea rule
     *     stops this far before the last sample, because the in-process rule stops the model's
     *     delay plus the longest label run before it.
     * @param stateRetention time after its last update at which a stream's breath state is dropped,
     *     as the in-process operator drops it after that time without chunks
     */
    public BreathStitcher(
            String modelName,
            String serverAddress,
            Duration apnea,
            Duration lookAhead,
            Duration stateRetention) {
        super(OPERATOR, modelName, serverAddress);
        if (apnea.isNegative()) {
            throw new IllegalArgumentException(
                    "Invalid apnea time " + apnea + "; expected 0 or more");
        }
        this.apneaSeconds = apnea.toMillis() / 1000.0;
        this.lookAhead = lookAhead;
        this.stateRetention = stateRetention;
    }

    /**
     * Takes each stream's apnea time from {@code profiles} (threshold {@code apnea}, per stream or
     * care unit) in place of the single time given to the constructor.
     */
    public BreathStitcher withAlarmProfiles(AlarmProfiles profiles) {
        this.alarmProfiles = profiles;
        return this;
    }

    @Override
    public void open(OpenContext openContext) {
        super.open(openContext);
        ValueStateDescriptor<RemoteBreathTrack> descriptor =
                new ValueStateDescriptor<>(
                        "remote-breaths", TypeInformation.of(RemoteBreathTrack.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateRetention).build());
        trackState = getRuntimeContext().getState(descriptor);
    }

    @Override
    protected String eventKind() {
        return Event.BREATH;
    }

    @Override
    protected void emit(
            ModelWindow window,
            RemoteEvent event,
            long start,
            StreamClock clock,
            Context ctx,
            Collector<Breath> out)
            throws Exception {
        RemoteBreathTrack track = track(window);
        String channel = channelOf(window, event.lead);
        Double intervalMillis =
                ApneaRule.onBreath(
                        track.apnea,
                        apneaSecondsOf(window),
                        start,
                        alerts(window, clock),
                        channel,
                        alert -> ctx.output(ALERTS, alert));
        trackState.update(track);

        out.collect(
                Breath.newBuilder()
                        .setStreamId(window.streamId)
                        .setChannel(channel)
                        .setOnsetSampleIndex(start)
                        .setEventTimeMicros(EpochMicros.toInstant(clock.timeMicros(start)))
                        .setBreathIntervalMillis(intervalMillis)
                        .setDetectorName(modelName())
                        .setDetectorVersion(DETECTOR_VERSION)
                        .setEmittedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                        .build());
    }

    @Override
    protected void afterReply(
            WindowReply reply, StreamClock clock, Context ctx, Collector<Breath> out)
            throws Exception {
        ModelWindow window = reply.window;
        long lastIndex = window.windowStartIndex + window.length - 1;
        if (reply.outcome == WindowReply.Outcome.SUCCEEDED) {
            RemoteBreathTrack track = track(window);
            long knownThroughIndex = window.ownedTo - 1;
            if (window.last()) {
                // NOTE: the in-process rule stops Δ + 0.8 s (lmu-breaths) plus up to one chunk
                // before a segment's end, and the look-ahead only approximates that. An apnea
                // confirmed in about the last 2 s of a segment can differ between the two paths.
                knownThroughIndex = lastIndex - clock.samplesIn(lookAhead.toMillis() / 1000.0);
            }
            ApneaRule.check(
                    track.apnea,
                    apneaSecondsOf(window),
                    knownThroughIndex,
                    alerts(window, clock),
                    window.channels[0],
                    alert -> ctx.output(ALERTS, alert));
            if (window.last()) {
                stopTracking(
                        track,
                        window,
                        lastIndex,
                        clock,
                        ctx,
                        "Apnea no longer tracked: the respiration signal has a gap or ended");
            }
            trackState.update(track);
            return;
        }

        RemoteBreathTrack track = trackState.value();
        if (track == null) {
            track = new RemoteBreathTrack();
        }
        stopTracking(
                track,
                window,
                window.ownedFrom,
                clock,
                ctx,
                "Apnea no longer tracked: model "
                        + modelName()
                        + " returned no breaths from sample "
                        + window.ownedFrom);
        track.apnea.lastBreathIndex = -1;
        trackState.update(track);
    }

    /** Returns the stream's track, with the apnea rule started at this window if it was off. */
    private RemoteBreathTrack track(ModelWindow window) throws Exception {
        RemoteBreathTrack track = trackState.value();
        if (track == null) {
            track = new RemoteBreathTrack();
        }
        if (!track.tracking) {
            track.tracking = true;
            ApneaRule.restart(track.apnea, window.ownedFrom);
        }
        return track;
    }

    /** Ends the pause without an alert and sends END for an open apnea alert. */
    private void stopTracking(
            RemoteBreathTrack track,
            ModelWindow window,
            long sampleIndex,
            StreamClock clock,
            Context ctx,
            String message) {
        ApneaRule.end(
                track.apnea,
                sampleIndex,
                alerts(window, clock),
                message,
                alert -> ctx.output(ALERTS, alert));
        track.tracking = false;
        track.apnea.raised = false;
    }

    private AlertFactory alerts(ModelWindow window, StreamClock clock) {
        return new AlertFactory(
                window.streamId, clock, modelName(), DETECTOR_VERSION, EpochMicros.now());
    }

    /** Returns the stream's apnea time, for the care unit in the window's patient fields. */
    private double apneaSecondsOf(ModelWindow window) {
        return alarmProfiles == null
                ? apneaSeconds
                : alarmProfiles
                        .rulesFor(window.streamId, window.patientFields().get(Window.CARE_UNIT))
                        .thresholds()
                        .apneaSeconds();
    }
}
