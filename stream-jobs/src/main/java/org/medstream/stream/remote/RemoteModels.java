package org.medstream.stream.remote;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
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

    /** Time the async operator waits for a window beyond its retry budget before it gives up. */
    private static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(10);

    private RemoteModels() {}

    /**
     * Adds remote wave delineation to {@code chunks}; returns the segments, with the dead letters
     * in {@link WaveStitcher#DEAD_LETTERS} and the alerts in {@link WaveStitcher#ALERTS}.
     *
     * @param stateRetention processing time without chunks after which a stream's last window is
     *     sent and its state dropped
     */
    public static SingleOutputStreamOperator<WaveSegment> waves(
            KeyedStream<SignalChunk, String> chunks,
            RemoteModelSettings settings,
            Duration stateRetention) {
        SingleOutputStreamOperator<ModelWindow> windows =
                chunks.process(
                                new WindowCutter(
                                        WAVE_MODEL_LEADS,
                                        settings.windowLength(),
                                        settings.overlap(),
                                        stateRetention))
                        .name("cut-waves-windows")
                        .uid("cut-waves-windows");
        SingleOutputStreamOperator<WindowReply> replies =
                AsyncDataStream.orderedWait(
                                windows,
                                new RemoteInferenceFunction(settings),
                                operatorTimeout(settings).toMillis(),
                                TimeUnit.MILLISECONDS,
                                settings.capacity())
                        .name("infer-waves-remote")
                        .uid("infer-waves-remote");
        return replies.keyBy(reply -> reply.window.streamId)
                .process(new WaveStitcher(settings.modelName(), settings.inferUri().toString()))
                .name(WaveStitcher.OPERATOR)
                .uid(WaveStitcher.OPERATOR);
    }

    /** Returns the async operator's timeout: the retry budget plus a margin. */
    static Duration operatorTimeout(RemoteModelSettings settings) {
        return settings.retryBudget().plus(TIMEOUT_MARGIN);
    }
}
