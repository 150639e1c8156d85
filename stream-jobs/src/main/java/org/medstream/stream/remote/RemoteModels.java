package org.medstream.stream.remote;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.Beat;
import org.medstream.schemas.Breath;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.WaveSegment;

/**
 * Adds the remote path of a model to a job: {@link WindowCutter}, then {@link
 * RemoteInferenceFunction} through {@code AsyncDataStream.orderedWait}, then a stitcher that emits
 * the events of the in-process operator.
 */
public final class RemoteModels {
    /** Lead names of the wave model ({@code lmu-waves}), in its order. */
    // NOTE: fixed here rather than read from GET /v1/models/{name}, so that the job starts while
    // the server is down; a wave model with other leads needs this list changed.
    public static final List<String> WAVE_MODEL_LEADS =
            List.of("i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6");

    /** Lead of the beats model ({@code lmu-beats}), which the beat channel is sent as. */
    // NOTE: fixed here for the same reason as WAVE_MODEL_LEADS.
    public static final String BEAT_MODEL_LEAD = "ii";

    /** Time the async operator waits for a window beyond its retry budget before it gives up. */
    private static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(10);

    private RemoteModels() {}

    /**
     * Adds remote wave delineation to {@code chunks}; returns the segments, with the dead letters
     * in {@link RemoteStitcher#DEAD_LETTERS} and the alerts in {@link RemoteStitcher#ALERTS}.
     *
     * @param stateRetention processing time without chunks after which a stream's last window is
     *     sent and its state dropped
     */
    public static SingleOutputStreamOperator<WaveSegment> waves(
            KeyedStream<SignalChunk, String> chunks,
            RemoteModelSettings settings,
            Duration stateRetention) {
        return chain(
                chunks,
                settings,
                stateRetention,
                WindowLeads.waves(WAVE_MODEL_LEADS),
                "waves",
                new WaveStitcher(settings.modelName(), settings.inferUri().toString()),
                WaveStitcher.OPERATOR);
    }

    /**
     * Adds remote anomaly scoring of lead II to {@code chunks}; returns the anomalous spans, with
     * the dead letters and alerts as for {@link #waves}.
     */
    public static SingleOutputStreamOperator<Anomaly> anomalies(
            KeyedStream<SignalChunk, String> chunks,
            RemoteModelSettings settings,
            Duration stateRetention) {
        return chain(
                chunks,
                settings,
                stateRetention,
                WindowLeads.leadTwo(),
                "anomalies",
                new AnomalyStitcher(settings.modelName(), settings.inferUri().toString()),
                AnomalyStitcher.OPERATOR);
    }

    /**
     * Adds remote beat detection on the channel the in-process beat operator reads to {@code
     * chunks}; returns the beats, with the dead letters as for {@link #waves} and the alarm rules'
     * and MODEL_UNAVAILABLE alerts in {@link RemoteStitcher#ALERTS}. The windows carry their chunk
     * ends ({@link WindowCutter#markingChunkEnds}), which the stitcher's alarms need.
     *
     * @param stitcher the beat stitcher, with the alarm profiles set
     */
    public static SingleOutputStreamOperator<Beat> beats(
            KeyedStream<SignalChunk, String> chunks,
            RemoteModelSettings settings,
            BeatStitcher stitcher,
            Duration stateRetention) {
        return chain(
                chunks,
                settings,
                new WindowCutter(
                                WindowLeads.beats(BEAT_MODEL_LEAD),
                                settings.windowLength(),
                                settings.overlap(),
                                stateRetention)
                        .markingChunkEnds(),
                "beats",
                stitcher,
                BeatStitcher.OPERATOR);
    }

    /**
     * Adds remote breath detection on the respiration channel to {@code chunks}; returns the
     * breaths, with the dead letters as for {@link #waves} and the apnea and MODEL_UNAVAILABLE
     * alerts in {@link RemoteStitcher#ALERTS}.
     *
     * @param warmup signal sent before each window's span, in place of the settings' overlap: the
     *     server's respiration scaler starts afresh in every window and needs far longer to settle
     *     than the network
     * @param lookAhead signal sent after each window's span, in place of the settings' overlap
     * @param leads the channels sent: {@link WindowLeads#respiration(boolean, List)}
     * @param stitcher the breath stitcher, with the apnea time and alarm profiles set
     */
    public static SingleOutputStreamOperator<Breath> breaths(
            KeyedStream<SignalChunk, String> chunks,
            RemoteModelSettings settings,
            Duration warmup,
            Duration lookAhead,
            WindowLeads leads,
            BreathStitcher stitcher,
            Duration stateRetention) {
        return chain(
                chunks,
                settings,
                new WindowCutter(leads, settings.windowLength(), warmup, lookAhead, stateRetention),
                "breaths",
                stitcher,
                BreathStitcher.OPERATOR);
    }

    private static <O> SingleOutputStreamOperator<O> chain(
            KeyedStream<SignalChunk, String> chunks,
            RemoteModelSettings settings,
            Duration stateRetention,
            WindowLeads leads,
            String task,
            RemoteStitcher<O> stitcher,
            String stitcherName) {
        return chain(
                chunks,
                settings,
                new WindowCutter(
                        leads, settings.windowLength(), settings.overlap(), stateRetention),
                task,
                stitcher,
                stitcherName);
    }

    private static <O> SingleOutputStreamOperator<O> chain(
            KeyedStream<SignalChunk, String> chunks,
            RemoteModelSettings settings,
            WindowCutter cutter,
            String task,
            RemoteStitcher<O> stitcher,
            String stitcherName) {
        SingleOutputStreamOperator<ModelWindow> windows =
                chunks.process(cutter)
                        .name("cut-" + task + "-windows")
                        .uid("cut-" + task + "-windows");
        SingleOutputStreamOperator<WindowReply> replies =
                AsyncDataStream.orderedWait(
                                windows,
                                new RemoteInferenceFunction(settings),
                                operatorTimeout(settings).toMillis(),
                                TimeUnit.MILLISECONDS,
                                settings.capacity())
                        .name("infer-" + task + "-remote")
                        .uid("infer-" + task + "-remote");
        return replies.keyBy(reply -> reply.window.streamId)
                .process(stitcher)
                .name(stitcherName)
                .uid(stitcherName);
    }

    /** Returns the async operator's timeout: the retry budget plus a margin. */
    static Duration operatorTimeout(RemoteModelSettings settings) {
        return settings.retryBudget().plus(TIMEOUT_MARGIN);
    }
}
