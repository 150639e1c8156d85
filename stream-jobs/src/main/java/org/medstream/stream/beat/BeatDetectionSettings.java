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
 * @param noDataEscalation time an open {@code NO_DATA} alert waits, with still no chunk, before it
 *     escalates to high priority, because nothing of the patient is then monitored; zero never
 *     escalates
 */
public record BeatDetectionSettings(
        Duration maxGapPadding,
        int heartRateBeats,
        Duration stateRetention,
        Duration noDataTimeout,
        Duration noDataEscalation)
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
        if (noDataEscalation.isNegative()) {
            throw new IllegalArgumentException(
                    "noDataEscalation must not be negative (0 never escalates), got "
                            + noDataEscalation);
        }
    }

    /**
     * 1 s of NaN padding, heart rate over 8 RR intervals, state kept for 1 h without chunks, a
     * {@code NO_DATA} alert after 10 s without chunks that escalates 50 s later, after 60 s of
     * silence in all.
     */
    public static BeatDetectionSettings defaults() {
        return new BeatDetectionSettings(
                Duration.ofSeconds(1),
                8,
                Duration.ofHours(1),
                Duration.ofSeconds(10),
                Duration.ofSeconds(50));
    }

    /**
     * Returns a copy with {@code noDataTimeout} replaced; zero disables the alert and its
     * escalation.
     */
    public BeatDetectionSettings withNoDataTimeout(Duration timeout) {
        return new BeatDetectionSettings(
                maxGapPadding, heartRateBeats, stateRetention, timeout, noDataEscalation);
    }

    /** Returns a copy with {@code noDataEscalation} replaced; zero never escalates. */
    public BeatDetectionSettings withNoDataEscalation(Duration escalation) {
        return new BeatDetectionSettings(
                maxGapPadding, heartRateBeats, stateRetention, noDataTimeout, escalation);
    }

    /** Returns whether {@code NO_DATA} alerts are raised. */
    public boolean noDataAlertEnabled() {
        return !noDataTimeout.isZero();
    }
}
