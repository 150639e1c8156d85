package org.medstream.stream.remote;

import org.medstream.stream.alarm.ApneaState;

/**
 * Keyed state of {@link BreathStitcher} for one stream: what the breath intervals and the apnea
 * rule need to carry from one window to the next. A Flink POJO.
 */
public class RemoteBreathTrack {
    /**
     * Whether the apnea rule runs: false before the first window with a response, after the last
     * window of a segment and after a window without a response.
     */
    public boolean tracking;

    /**
     * Breath intervals and the apnea rule. The last breath is forgotten after a window without a
     * response, because breaths are missing before the next one.
     */
    public ApneaState apnea = new ApneaState();

    /** Creates an empty track, for Flink's POJO serializer. */
    public RemoteBreathTrack() {}
}
