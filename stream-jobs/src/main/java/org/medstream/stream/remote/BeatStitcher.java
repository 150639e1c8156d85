package org.medstream.stream.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.medstream.model.serve.inference.Event;
import org.medstream.model.serve.inference.Window;
import org.medstream.schemas.Beat;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.alarm.AlarmProfiles;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmState;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.beat.BeatEmitter;
import org.medstream.stream.beat.StreamTrack;
import org.medstream.stream.detect.LmuBeatDetector;
import org.medstream.stream.metrics.BeatMetrics;
import org.medstream.stream.time.StreamClock;

/**
 * Turns the model server's beats into the {@link Beat} records of the in-process {@code
 * detect-beats} operator, with RR interval and heart rate, and evaluates that operator's alarm
 * rules on them through the same {@link BeatEmitter}. {@link RemoteStitcher} describes spans, dead
 * letters and the outage alert.
 *
 * <p>Progress, lead off and poor signal: the in-process operator evaluates them at each chunk's end
 * {@code e}, after the detector has reported every beat up to {@code e} minus its report delay. The
 * windows carry those chunk ends ({@link ChunkEnd}), and the stitcher replays each one among the
 * window's beats at the same sample: after the beats up to {@code e − reportDelay}, before the
 * later ones. So asystole, the asystole hold while the lead is flat, lead off and the poor-signal
 * note come from the same evaluations as in process.
 *
 * <p>Segments: the last window of a segment (a gap or the end of the input) ends the observation as
 * the in-process operator does at the end of its input, and the next window starts beats and rules
 * afresh. A window without a response stops the rules as well, with END for every open alert,
 * because its beats are missing. The next window with a response starts afresh, and its first beat
 * carries no RR interval.
 *
 * <p>NOTE: the in-process operator pads gaps up to {@code gap.max-padding} with missing samples and
 * keeps its rules running, while the cutter restarts at every gap. On streams without gaps, such as
 * the record of RemoteBeatsJobIT, the two paths gave the same beats and alerts. The other-lead
 * suppressor and model agreement read samples in the job and are not available here: a stream's
 * asystole is never held back by another lead, and the job rejects {@code alarm.agreement} with
 * {@code beats.remote}.
 *
 * <p>NOTE: with {@code model-server.overlap} 0, a segment that ends exactly at a span's end gets no
 * last window, so its open alerts get no END; its state expires after the retention time.
 */
public class BeatStitcher extends RemoteStitcher<Beat> {
    private static final long serialVersionUID = 1L;

    /** Operator name, also the source of its dead letters. */
    public static final String OPERATOR = "stitch-beats";

    private final AlarmProfiles alarmProfiles;
    private final double reportDelaySeconds;
    private final int heartRateBeats;
    private final Duration stateRetention;

    private transient ValueState<RemoteBeatTrack> trackState;
    private transient BeatMetrics metrics;

    /** Beats of the reply being stitched, in the server's order, as {@link #emit} gets them. */
    private transient List<RemoteEvent> replyBeats;

    private transient List<Long> replyBeatIndices;

    /**
     * @param modelName the served model's name, which the beats and alerts carry as their detector
     * @param serverAddress the model's inference address, for dead letters and alert messages
     * @param alarmProfiles the alarm rules of each stream and care unit
     * @param reportDelay the in-process detector's bound on the time from a beat to its report
     *     ({@link org.medstream.stream.detect.BeatDetector#maxDelaySeconds}), at which the chunk
     *     ends are evaluated
     * @param heartRateBeats number of recent RR intervals whose mean gives a beat's heart rate
     * @param stateRetention time after its last update at which a stream's state is dropped, as the
     *     in-process operator drops it after that time without chunks
     */
    public BeatStitcher(
            String modelName,
            String serverAddress,
            AlarmProfiles alarmProfiles,
            Duration reportDelay,
            int heartRateBeats,
            Duration stateRetention) {
        super(OPERATOR, modelName, serverAddress);
        if (reportDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "Invalid report delay " + reportDelay + "; expected 0 or more");
        }
        this.alarmProfiles = alarmProfiles;
        this.reportDelaySeconds = reportDelay.toNanos() / 1e9;
        this.heartRateBeats = heartRateBeats;
        this.stateRetention = stateRetention;
    }

    @Override
    public void open(OpenContext openContext) {
        super.open(openContext);
        ValueStateDescriptor<RemoteBeatTrack> descriptor =
                new ValueStateDescriptor<>(
                        "remote-beats", TypeInformation.of(RemoteBeatTrack.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateRetention).build());
        trackState = getRuntimeContext().getState(descriptor);
        metrics = new BeatMetrics(getRuntimeContext().getMetricGroup());
        replyBeats = new ArrayList<>();
        replyBeatIndices = new ArrayList<>();
    }

    @Override
    protected String eventKind() {
        return Event.BEAT;
    }

    @Override
    protected void emit(
            ModelWindow window,
            RemoteEvent event,
            long start,
            StreamClock clock,
            Context ctx,
            Collector<Beat> out) {
        // Held until the reply's chunk ends are known, which are replayed among the beats.
        replyBeats.add(event);
        replyBeatIndices.add(start);
    }

    @Override
    protected void afterReply(
            WindowReply reply, StreamClock clock, Context ctx, Collector<Beat> out)
            throws Exception {
        ModelWindow window = reply.window;
        RemoteBeatTrack track = trackState.value();
        if (reply.outcome != WindowReply.Outcome.SUCCEEDED) {
            if (track != null) {
                emitter(window, track, clock, ctx, out)
                        .endAll(
                                window.ownedFrom,
                                "model "
                                        + modelName()
                                        + " returned no beats from sample "
                                        + window.ownedFrom);
                trackState.clear();
            }
            return;
        }

        if (track == null) {
            track = start(window, clock);
        }
        long lastIndex = window.windowStartIndex + window.length - 1;
        BeatEmitter emitter = emitter(window, track, clock, ctx, out);
        emitter.deliveredThrough(lastIndex);
        long delaySamples = clock.samplesIn(reportDelaySeconds);
        ChunkEnd[] ends = window.chunkEnds;
        int nextEnd = 0;
        for (int i = 0; i < replyBeats.size(); i++) {
            long beatIndex = replyBeatIndices.get(i);
            while (nextEnd < ends.length
                    && ends[nextEnd].lastSampleIndex - delaySamples < beatIndex) {
                evaluate(ends[nextEnd++], delaySamples, track.beats, emitter, clock);
            }
            emitter.onBeat(beatIndex, replyBeats.get(i).label.charAt(0));
        }
        while (nextEnd < ends.length) {
            evaluate(ends[nextEnd++], delaySamples, track.beats, emitter, clock);
        }
        replyBeats.clear();
        replyBeatIndices.clear();

        if (window.last()) {
            long flatRun = ends.length == 0 ? 0 : ends[ends.length - 1].flatRunSamples;
            emitter.stop(
                    lastIndex,
                    LmuBeatDetector.isSignalAbsent(flatRun, clock.samplingFrequencyHz()),
                    flatRun,
                    "the signal has a gap or ended");
            trackState.clear();
            return;
        }
        trackState.update(track);
    }

    /**
     * Evaluates the end of one chunk as the in-process operator does after processing it: the
     * poor-signal mark, then progress when it moved on.
     */
    private static void evaluate(
            ChunkEnd end,
            long delaySamples,
            StreamTrack beats,
            BeatEmitter emitter,
            StreamClock clock) {
        beats.nextSampleIndex = end.lastSampleIndex + 1;
        if (end.poorSignal) {
            emitter.poorSignal(end.firstSampleIndex, end.lastSampleIndex);
        }
        long detectedThrough = end.lastSampleIndex - delaySamples;
        if (detectedThrough > beats.detectedThroughIndex) {
            beats.detectedThroughIndex = detectedThrough;
            emitter.progress(
                    detectedThrough,
                    end.lastSampleIndex,
                    LmuBeatDetector.isSignalAbsent(end.flatRunSamples, clock.samplingFrequencyHz()),
                    end.flatRunSamples);
        }
    }

    /** Returns the state of a stream whose beats and rules start at the window's first sample. */
    private RemoteBeatTrack start(ModelWindow window, StreamClock clock) {
        RemoteBeatTrack track = new RemoteBeatTrack();
        StreamTrack beats = new StreamTrack();
        beats.samplingFrequencyHz = clock.samplingFrequencyHz();
        beats.streamStartMicros = window.streamStartMicros;
        beats.nextSampleIndex = window.ownedFrom;
        beats.detectedThroughIndex = window.ownedFrom - 1;
        beats.cleanupTimerMillis = -1;
        beats.noDataTimerMillis = -1;
        beats.resetBeats(heartRateBeats);
        track.beats = beats;
        track.alarms = new AlarmState();
        rulesOf(window).reset(track.alarms, window.ownedFrom);
        return track;
    }

    private BeatEmitter emitter(
            ModelWindow window,
            RemoteBeatTrack track,
            StreamClock clock,
            Context ctx,
            Collector<Beat> out) {
        AlertFactory alerts =
                new AlertFactory(
                        window.streamId, clock, modelName(), DETECTOR_VERSION, EpochMicros.now());
        return new BeatEmitter(
                window.streamId,
                track.beats,
                track.alarms,
                rulesOf(window),
                alerts,
                out,
                alert -> ctx.output(ALERTS, alert),
                metrics);
    }

    /** Returns the stream's alarm rules, for the care unit in the window's patient fields. */
    private AlarmRules rulesOf(ModelWindow window) {
        return alarmProfiles.rulesFor(
                window.streamId, window.patientFields().get(Window.CARE_UNIT));
    }
}
