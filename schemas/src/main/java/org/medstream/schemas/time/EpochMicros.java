package org.medstream.schemas.time;

import java.time.Instant;

/** Converts between microseconds since the Unix epoch and the {@link Instant}s of Avro records. */
public final class EpochMicros {
    private EpochMicros() {}

    public static Instant toInstant(long epochMicros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1000L);
    }

    /**
     * Returns the microseconds of {@code instant}, dropping any nanoseconds below a microsecond.
     */
    public static long of(Instant instant) {
        return Math.addExact(
                Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                instant.getNano() / 1000L);
    }

    /** Microseconds since the epoch of the current wall-clock time. */
    public static long now() {
        return of(Instant.now());
    }
}
