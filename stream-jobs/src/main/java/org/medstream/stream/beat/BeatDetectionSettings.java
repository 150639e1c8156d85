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
 */
public record BeatDetectionSettings(
        Duration maxGapPadding, int heartRateBeats, Duration stateRetention)
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
    }

    /** 1 s of NaN padding, heart rate over 8 RR intervals, state kept for 1 h without chunks. */
    public static BeatDetectionSettings defaults() {
        return new BeatDetectionSettings(Duration.ofSeconds(1), 8, Duration.ofHours(1));
    }
}
