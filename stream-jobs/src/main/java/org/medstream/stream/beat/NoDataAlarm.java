package org.medstream.stream.beat;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.streaming.api.TimerService;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertType;
import org.medstream.stream.alarm.AlertFactory;

/**
 * The technical {@code NO_DATA} alarm of one stream: a stream that was sending and then delivers no
 * chunk for {@code timeout} of processing time raises one alert. A silent bed produces no event
 * time, so the check runs on a processing-time timer per stream. The next chunk ends the silence,
 * sends the alert's END and re-arms the check.
 *
 * <p>The timer is registered once and moved forward when it fires early, so a chunk costs no timer
 * update; the alert still fires {@code timeout} after the last chunk.
 */
final class NoDataAlarm implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long timeoutMillis;

    NoDataAlarm(Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
    }

    /**
     * Ends the current silence of the stream and makes sure a check is pending, after a chunk that
     * arrived at {@code track.lastActivityMillis}.
     */
    void onChunk(StreamTrack track, TimerService timers) {
        if (timeoutMillis == 0) {
            return;
        }
        track.noDataRaised = false;
        if (track.noDataTimerMillis < 0) {
            track.noDataTimerMillis = track.lastActivityMillis + timeoutMillis;
            timers.registerProcessingTimeTimer(track.noDataTimerMillis);
        }
    }

    /**
     * Handles the stream's no-data timer firing at {@code timestamp}: moves it forward when the
     * stream sent a chunk since it was registered, else marks the silence as raised.
     *
     * @param watchStartMillis processing time from which this operator instance counts silence.
     *     After a restore from a checkpoint, the timers of the stopped job fire at once. Counting
     *     from the restore gives every stream one full timeout to resume, so a restart raises no
     *     alerts
     * @return how long the stream has been silent in milliseconds when the alert is due now, or -1
     */
    long onTimer(StreamTrack track, long timestamp, long watchStartMillis, TimerService timers) {
        track.noDataTimerMillis = -1;
        long dueAt = Math.max(track.lastActivityMillis, watchStartMillis) + timeoutMillis;
        if (timestamp < dueAt) {
            track.noDataTimerMillis = dueAt;
            timers.registerProcessingTimeTimer(dueAt);
            return -1;
        }
        if (track.noDataRaised) {
            return -1;
        }
        track.noDataRaised = true;
        return timestamp - track.lastActivityMillis;
    }

    /**
     * Creates the alert of a silence after {@code lastSampleIndex}. Its onset and confirmation
     * index are that last sample, so the id {@code stream:NO_DATA:lastSampleIndex} is the same for
     * every replay with the same chunks.
     */
    static Alert alert(
            AlertFactory alerts, String streamId, long lastSampleIndex, long silentMillis) {
        String message =
                String.format(
                        Locale.ROOT,
                        "No data: stream %s has sent no chunk for %.1f s; last sample index"
                                + " received %d. Check the monitor, its gateway and the"
                                + " network.",
                        streamId,
                        silentMillis / 1000.0,
                        lastSampleIndex);
        return alerts.technical(AlertType.NO_DATA, lastSampleIndex, lastSampleIndex, message);
    }

    /**
     * Creates the END of the open {@code NO_DATA} alert of {@code track}, because a chunk starting
     * at {@code firstSampleIndex} arrived at processing time {@code nowMillis}.
     */
    static Alert end(
            AlertFactory alerts, StreamTrack track, long firstSampleIndex, long nowMillis) {
        String message =
                String.format(
                        Locale.ROOT,
                        "Data resumed after %.1f s without a chunk; first sample index %d",
                        Math.max(0, nowMillis - track.lastActivityMillis) / 1000.0,
                        firstSampleIndex);
        return track.noData.end(
                alerts,
                AlertType.NO_DATA,
                Math.max(firstSampleIndex, track.noData.onsetIndex),
                null,
                message);
    }
}
