package org.medstream.stream.beat;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of {@link BeatDetectionFunction}.
 *
 * @param maxGapPadding longest gap between chunks that is filled with NaN samples. A longer gap
 *     flushes and restarts the detector, the heart-rate history and the alarm rules
 * @param heartRateBeats number of recent RR intervals whose mean gives a beat's heart rate
 * @param stateRetention processing time without chunks after which a stream's state is dropped
 * @param noDataTimeout processing time without chunks after which a stream that was sending raises
 *     a technical {@code NO_DATA} alert; zero disables the alert. Must be shorter than {@code
 *     stateRetention}, because dropping the state also drops the pending check
 */
public record BeatDetectionSettings(
        Duration maxGapPadding, int heartRateBeats, Duration stateRetention, Duration noDataTimeout)
        implements Serializable {

    public BeatDetectionSettings {
        if (maxGapPadding.isNegative()) {
            throw new IllegalArgumentException(
                    "maxGapPadding must not be negative, got " + maxGapPadding);
        }
        if (heartRateBeats < 1) {
            throw new IllegalArgumentException(
                    "heartRateBeats must be at least 1, got " + heartRateBeats);
        }
        if (stateRetention.isNegative() || stateRetention.isZero()) {
            throw new IllegalArgumentException(
                    "stateRetention must be positive, got " + stateRetention);
        }
        if (noDataTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "noDataTimeout must not be negative (0 disables it), got " + noDataTimeout);
        }
        if (noDataTimeout.compareTo(stateRetention) >= 0) {
            throw new IllegalArgumentException(
                    "noDataTimeout "
                            + noDataTimeout
                            + " must be shorter than stateRetention "
                            + stateRetention
                            + ", because a stream's state and its no-data check are dropped"
                            + " together");
        }
    }

    /**
     * 1 s of NaN padding, heart rate over 8 RR intervals, state kept for 1 h without chunks, a
     * {@code NO_DATA} alert after 10 s without chunks.
     */
    public static BeatDetectionSettings defaults() {
        return new BeatDetectionSettings(
                Duration.ofSeconds(1), 8, Duration.ofHours(1), Duration.ofSeconds(10));
    }

    /** Returns a copy with {@code noDataTimeout} replaced; zero disables the alert. */
    public BeatDetectionSettings withNoDataTimeout(Duration timeout) {
        return new BeatDetectionSettings(maxGapPadding, heartRateBeats, stateRetention, timeout);
    }

    /** Returns whether {@code NO_DATA} alerts are raised. */
    public boolean noDataAlertEnabled() {
        return !noDataTimeout.isZero();
    }
}
