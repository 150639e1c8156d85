package org.medstream.stream.beat;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.time.StreamClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code NO_DATA} alarm of each stream on its own, for jobs whose beats come from a model
 * server. There the window cutter, which reads the chunks, emits windows and no alerts, and the
 * stitcher receives windows, not the chunks' arrival times. It raises, escalates and ends the alert
 * as {@link BeatDetectionFunction} does ({@link NoDataAlarm}), on the chunks it reads next to the
 * cutter. Keyed by stream id, after chunk validation.
 *
 * <p>A stream's state is dropped after {@link BeatDetectionSettings#stateRetention()} without
 * chunks and at the end of a bounded input, with END for an open alert.
 */
public class NoDataWatch extends KeyedProcessFunction<String, SignalChunk, Alert> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(NoDataWatch.class);

    /** Operator name. */
    public static final String OPERATOR = "watch-no-data";

    private final BeatDetectionSettings settings;
    private final NoDataAlarm noDataAlarm;
    private final String detectorName;
    private final String detectorVersion;

    private transient ValueState<StreamTrack> trackState;
    private transient long firstCallbackMillis;

    /**
     * @param settings the silence that raises the alert, its escalation and the state retention
     * @param detectorName what the alerts carry as their detector: the model whose beats are
     *     missing
     * @param detectorVersion what the alerts carry as the detector's version
     */
    public NoDataWatch(
            BeatDetectionSettings settings, String detectorName, String detectorVersion) {
        this.settings = settings;
        this.noDataAlarm = new NoDataAlarm(settings.noDataTimeout(), settings.noDataEscalation());
        this.detectorName = detectorName;
        this.detectorVersion = detectorVersion;
    }

    @Override
    public void open(OpenContext openContext) {
        trackState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "no-data", TypeInformation.of(StreamTrack.class)));
        firstCallbackMillis = Long.MIN_VALUE;
    }

    @Override
    public void processElement(SignalChunk chunk, Context ctx, Collector<Alert> out)
            throws Exception {
        long nowMillis = ctx.timerService().currentProcessingTime();
        noteFirstCallback(nowMillis);
        StreamTrack track = StreamTrack.restored(trackState.value());
        if (track == null) {
            track = new StreamTrack();
            track.samplingFrequencyHz = chunk.getSamplingFrequencyHz();
            track.streamStartMicros = EpochMicros.of(chunk.getStreamStartMicros());
            track.nextSampleIndex = chunk.getFirstSampleIndex();
            track.cleanupTimerMillis = -1;
            track.noDataTimerMillis = -1;
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        if (track.noData.active) {
            out.collect(
                    NoDataAlarm.end(
                            alerts(ctx.getCurrentKey(), track),
                            track,
                            chunk.getFirstSampleIndex(),
                            nowMillis));
        }
        track.nextSampleIndex =
                Math.max(
                        track.nextSampleIndex, chunk.getFirstSampleIndex() + chunk.getFrameCount());
        track.lastActivityMillis = nowMillis;
        if (track.cleanupTimerMillis < 0) {
            track.cleanupTimerMillis = nowMillis + settings.stateRetention().toMillis();
            ctx.timerService().registerProcessingTimeTimer(track.cleanupTimerMillis);
        }
        noDataAlarm.onChunk(track, ctx.timerService());
        trackState.update(track);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        StreamTrack track = StreamTrack.restored(trackState.value());
        if (track == null) {
            return;
        }
        noteFirstCallback(ctx.timerService().currentProcessingTime());
        String streamId = ctx.getCurrentKey();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            stop(track, streamId, ctx, out, "the stream's input ended");
            return;
        }
        if (timestamp == track.noDataTimerMillis) {
            NoDataAlarm.Due due =
                    noDataAlarm.onTimer(track, timestamp, firstCallbackMillis, ctx.timerService());
            long silentMillis = timestamp - track.lastActivityMillis;
            AlertFactory alerts = alerts(streamId, track);
            if (due == NoDataAlarm.Due.START) {
                out.collect(
                        track.noData.start(
                                NoDataAlarm.alert(
                                        alerts,
                                        streamId,
                                        track.nextSampleIndex - 1,
                                        silentMillis)));
            } else if (due == NoDataAlarm.Due.ESCALATE) {
                out.collect(NoDataAlarm.escalate(alerts, track, silentMillis));
            }
        }
        if (timestamp == track.cleanupTimerMillis) {
            long expiresAt = track.lastActivityMillis + settings.stateRetention().toMillis();
            if (timestamp >= expiresAt) {
                stop(
                        track,
                        streamId,
                        ctx,
                        out,
                        "no chunk for " + settings.stateRetention() + ", monitoring stopped");
                return;
            }
            track.cleanupTimerMillis = expiresAt;
            ctx.timerService().registerProcessingTimeTimer(expiresAt);
        }
        trackState.update(track);
    }

    /** Sends END for an open alert, deletes the stream's timers and clears its state. */
    private void stop(
            StreamTrack track,
            String streamId,
            OnTimerContext ctx,
            Collector<Alert> out,
            String reason) {
        if (track.noData.active) {
            out.collect(
                    track.noData.end(
                            alerts(streamId, track),
                            AlertType.NO_DATA,
                            track.noData.onsetIndex,
                            null,
                            "No data alert closed: " + reason));
        }
        ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
        if (track.cleanupTimerMillis >= 0) {
            ctx.timerService().deleteProcessingTimeTimer(track.cleanupTimerMillis);
        }
        if (track.noDataTimerMillis >= 0) {
            ctx.timerService().deleteProcessingTimeTimer(track.noDataTimerMillis);
        }
        trackState.clear();
        LOG.info(
                "Stopped the no-data watch stream={} reason={}",
                StreamKeyHash.of(streamId),
                reason);
    }

    /** See {@link NoDataAlarm#onTimer}: silence after a restore counts from the first callback. */
    private void noteFirstCallback(long nowMillis) {
        if (firstCallbackMillis == Long.MIN_VALUE) {
            firstCallbackMillis = nowMillis;
        }
    }

    private AlertFactory alerts(String streamId, StreamTrack track) {
        return new AlertFactory(
                streamId,
                new StreamClock(track.streamStartMicros, track.samplingFrequencyHz),
                detectorName,
                detectorVersion,
                EpochMicros.now());
    }
}
