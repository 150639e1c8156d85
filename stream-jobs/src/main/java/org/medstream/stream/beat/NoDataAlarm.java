package org.medstream.stream.beat;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.streaming.api.TimerService;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertPriority;
import org.medstream.schemas.AlertType;
import org.medstream.stream.alarm.AlertFactory;

/**
 * The technical {@code NO_DATA} alarm of one stream: a stream that was sending and then delivers no
 * chunk for {@code timeout} of processing time raises one medium-priority alert, which escalates to
 * high priority when {@code escalation} more passes without a chunk, because nothing of the patient
 * is then monitored. A silent bed produces no event time, so the check runs on a processing-time
 * timer per stream. The next chunk ends the silence, sends the alert's END and re-arms the check.
 *
 * <p>The timer is registered once and moved forward when it fires early, so a chunk costs no timer
 * update; the alert still fires {@code timeout} after the last chunk.
 */
final class NoDataAlarm implements Serializable {
    private static final long serialVersionUID = 2L;

    /** Action due when the stream's no-data timer fires. */
    enum Due {
        NOTHING,
        START,
        ESCALATE
    }

    private final long timeoutMillis;
    private final long escalationMillis;

    /**
     * @param timeout silence that raises the alert; zero disables it
     * @param escalation further silence after the alert that escalates it; zero never escalates
     */
    NoDataAlarm(Duration timeout, Duration escalation) {
        this.timeoutMillis = timeout.toMillis();
        this.escalationMillis = escalation.toMillis();
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
     * stream sent a chunk since it was registered, else marks the silence as raised and, when the
     * alert escalates, registers the escalation.
     *
     * @param watchStartMillis processing time from which this operator instance counts silence.
     *     After a restore from a checkpoint, the timers of the stopped job fire at once. Counting
     *     from the restore gives every stream one full timeout to resume, so a restart raises no
     *     alerts
     * @return whether the alert is due to start or to escalate now
     */
    Due onTimer(StreamTrack track, long timestamp, long watchStartMillis, TimerService timers) {
        track.noDataTimerMillis = -1;
        long silenceStart = Math.max(track.lastActivityMillis, watchStartMillis);
        if (track.noDataRaised) {
            if (escalationMillis == 0 || !track.noData.active) {
                return Due.NOTHING;
            }
            long escalateAt = silenceStart + timeoutMillis + escalationMillis;
            if (timestamp < escalateAt) {
                register(track, escalateAt, timers);
                return Due.NOTHING;
            }
            return track.noData.priority == AlertPriority.HIGH ? Due.NOTHING : Due.ESCALATE;
        }
        long dueAt = silenceStart + timeoutMillis;
        if (timestamp < dueAt) {
            register(track, dueAt, timers);
            return Due.NOTHING;
        }
        track.noDataRaised = true;
        if (escalationMillis > 0) {
            register(track, silenceStart + timeoutMillis + escalationMillis, timers);
        }
        return Due.START;
    }

    private static void register(StreamTrack track, long atMillis, TimerService timers) {
        track.noDataTimerMillis = atMillis;
        timers.registerProcessingTimeTimer(atMillis);
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
     * Creates the ESCALATE record of the open {@code NO_DATA} alert of {@code track}, silent for
     * {@code silentMillis}.
     */
    static Alert escalate(AlertFactory alerts, StreamTrack track, long silentMillis) {
        String message =
                String.format(
                        Locale.ROOT,
                        "No data for %.1f s: nothing of the patient is monitored. Check the"
                                + " monitor, its gateway and the network now.",
                        silentMillis / 1000.0);
        return track.noData.next(
                alerts,
                AlertType.NO_DATA,
                AlertPhase.ESCALATE,
                AlertPriority.HIGH,
                track.noData.onsetIndex,
                null,
                message);
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
