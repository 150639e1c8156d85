package org.medstream.stream.remote;

import org.medstream.stream.alarm.AlertEpisode;

/**
 * Keyed state of {@link BreathStitcher} for one stream: what the breath intervals and the apnea
 * rule need to carry from one window to the next. A Flink POJO.
 */
public class RemoteBreathTrack {
    /** Stream sample index of the last breath emitted, −1 before the first or after an outage. */
    public long lastBreathIndex = -1;

    /**
     * Whether the apnea rule runs: false before the first window with a response, after the last
     * window of a segment and after a window without a response.
     */
    public boolean tracking;

    /**
     * Stream sample index from which the apnea time counts: the last breath, or the first sample
     * the rule tracked when no breath came after it.
     */
    public long apneaReferenceIndex;

    /** Whether the apnea since {@link #apneaReferenceIndex} was already raised. */
    public boolean apneaRaised;

    /** The open apnea alert, from its START until the next breath. */
    public AlertEpisode apnea = new AlertEpisode();

    /** Creates an empty track, for Flink's POJO serializer. */
    public RemoteBreathTrack() {}
}
