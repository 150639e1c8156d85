package org.medstream.stream.remote;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter between attempts of one model server request. Before retry n
 * (1 for the first retry) the client waits a random time in [0, min(maxBackoff, initialBackoff ·
 * 2^(n−1))]. The randomness keeps clients that failed together from retrying together. A server's
 * {@code Retry-After} raises the wait to at least that time, capped at {@code maxBackoff} so that a
 * window's retry budget stays bounded.
 */
public record Backoff(Duration initialBackoff, Duration maxBackoff) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Backoff {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException(
                    "Invalid initial backoff " + initialBackoff + "; expected more than 0");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "Invalid max backoff "
                            + maxBackoff
                            + "; expected at least the initial backoff "
                            + initialBackoff);
        }
    }

    /** Returns the upper bound of the wait before retry {@code retry} (1, 2, …), without jitter. */
    public long ceilingMillis(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("Invalid retry " + retry + "; expected 1 or more");
        }
        long ceiling = initialBackoff.toMillis();
        for (int i = 1; i < retry && ceiling < maxBackoff.toMillis(); i++) {
            ceiling *= 2;
        }
        return Math.min(ceiling, maxBackoff.toMillis());
    }

    /**
     * Returns the wait in milliseconds before retry {@code retry}.
     *
     * @param retryAfterMillis the server's {@code Retry-After} in milliseconds, or −1 when it sent
     *     none
     */
    public long delayMillis(int retry, long retryAfterMillis, RandomGenerator random) {
        long jittered = random.nextLong(ceilingMillis(retry) + 1);
        if (retryAfterMillis < 0) {
            return jittered;
        }
        return Math.max(jittered, Math.min(retryAfterMillis, maxBackoff.toMillis()));
    }

    /** Returns the longest total wait of {@code retries} retries: the sum of their ceilings. */
    public long maxTotalMillis(int retries) {
        long total = 0;
        for (int retry = 1; retry <= retries; retry++) {
            total += ceilingMillis(retry);
        }
        return total;
    }

    /**
     * Parses a {@code Retry-After} header in delay-seconds form; returns −1 when it is absent or
     * not a whole number of seconds (the HTTP-date form is not used by the model server).
     */
    public static long retryAfterMillis(String header) {
        if (header == null) {
            return -1;
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds < 0 ? -1 : Math.multiplyExact(seconds, 1000L);
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }
}
