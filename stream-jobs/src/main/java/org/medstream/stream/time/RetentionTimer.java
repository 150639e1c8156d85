package org.medstream.stream.time;

import java.time.Duration;
import org.apache.flink.streaming.api.TimerService;

/**
 * The processing-time timer that ends a stream's keyed state after a period without chunks, as a
 * field of that state. A Flink POJO.
 *
 * <p>One timer is pending at a time: a chunk only records its time, and when the timer fires early
 * because chunks came since it was set, it is set again for the last chunk plus the retention.
 */
public class RetentionTimer {
    /** Processing time the timer is set for, or −1 when none is set. */
    public long timerMillis = -1;

    /** Processing time of the stream's last chunk, in milliseconds. */
    public long lastActivityMillis;

    /** Creates a timer with none set, also for Flink's POJO serializer. */
    public RetentionTimer() {}

    /** Records a chunk now and sets the timer when none is pending. */
    public void touch(TimerService timers, Duration retention) {
        lastActivityMillis = timers.currentProcessingTime();
        if (timerMillis < 0) {
            timerMillis = lastActivityMillis + retention.toMillis();
            timers.registerProcessingTimeTimer(timerMillis);
        }
    }

    /**
     * Handles a processing-time timer firing at {@code timestamp}. Returns true when the stream has
     * been quiet for the retention; otherwise sets the timer again when it was this one.
     */
    public boolean expired(long timestamp, TimerService timers, Duration retention) {
        if (timestamp != timerMillis) {
            return false;
        }
        long expiresAt = lastActivityMillis + retention.toMillis();
        if (timestamp >= expiresAt) {
            return true;
        }
        timerMillis = expiresAt;
        timers.registerProcessingTimeTimer(expiresAt);
        return false;
    }

    /** Deletes the pending timer, if any. Deleting the timer that is firing is a no-op. */
    public void cancel(TimerService timers) {
        if (timerMillis >= 0) {
            timers.deleteProcessingTimeTimer(timerMillis);
        }
    }
}
