package org.medstream.stream.time;

import java.io.Serializable;

/**
 * Converts the sample indices of one stream to UTC event time: {@code streamStartMicros + index /
 * samplingFrequencyHz}. Integral sampling frequencies use exact integer arithmetic, so indices far
 * from the start keep microsecond precision.
 */
public record StreamClock(long streamStartMicros, double samplingFrequencyHz)
        implements Serializable {

    private static final long MICROS_PER_SECOND = 1_000_000L;

    public StreamClock {
        if (!(samplingFrequencyHz > 0) || Double.isInfinite(samplingFrequencyHz)) {
            throw new IllegalArgumentException(
                    "Sampling frequency must be positive and finite, got " + samplingFrequencyHz);
        }
    }

    /** UTC time in microseconds of sample {@code sampleIndex}, rounded down to a microsecond. */
    public long timeMicros(long sampleIndex) {
        long wholeHz = (long) samplingFrequencyHz;
        if (wholeHz == samplingFrequencyHz) {
            long seconds = Math.floorDiv(sampleIndex, wholeHz);
            long remainder = Math.floorMod(sampleIndex, wholeHz);
            return streamStartMicros
                    + seconds * MICROS_PER_SECOND
                    + remainder * MICROS_PER_SECOND / wholeHz;
        }
        return streamStartMicros
                + (long) Math.floor(sampleIndex * (double) MICROS_PER_SECOND / samplingFrequencyHz);
    }

    /** UTC time in milliseconds of sample {@code sampleIndex}, as Flink record timestamps use. */
    public long timeMillis(long sampleIndex) {
        return Math.floorDiv(timeMicros(sampleIndex), 1000L);
    }

    /** Number of samples that span {@code seconds}, rounded up. */
    public long samplesIn(double seconds) {
        return (long) Math.ceil(seconds * samplingFrequencyHz - 1e-9);
    }
}
