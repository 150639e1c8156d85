package org.medstream.ingest.hl7;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.medstream.schemas.DeadLetterReason;

/** Counters of an {@link MllpListener}, safe to read from any thread while it runs. */
public final class ListenerMetrics {
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLongArray rejected = new AtomicLongArray(DeadLetterReason.values().length);
    private final AtomicLong framingErrors = new AtomicLong();
    private final AtomicLong deadLetterFailures = new AtomicLong();
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong connectionsRefused = new AtomicLong();

    void accepted(int chunkCount) {
        accepted.incrementAndGet();
        chunks.addAndGet(chunkCount);
    }

    void rejected(DeadLetterReason reason) {
        rejected.incrementAndGet(reason.ordinal());
    }

    void framingError() {
        framingErrors.incrementAndGet();
    }

    void deadLetterFailed() {
        deadLetterFailures.incrementAndGet();
    }

    void connectionOpened() {
        connectionsOpened.incrementAndGet();
    }

    void connectionRefused() {
        connectionsRefused.incrementAndGet();
    }

    /** Messages acknowledged with AA. */
    public long acceptedMessages() {
        return accepted.get();
    }

    /** Chunks stored for the accepted messages. */
    public long publishedChunks() {
        return chunks.get();
    }

    /** Messages and frames rejected with the given reason. */
    public long rejectedMessages(DeadLetterReason reason) {
        return rejected.get(reason.ordinal());
    }

    /** Messages and frames rejected for any reason. */
    public long rejectedMessages() {
        long total = 0;
        for (int i = 0; i < rejected.length(); i++) {
            total += rejected.get(i);
        }
        return total;
    }

    /** Rejections per reason, leaving out reasons with none. */
    public Map<DeadLetterReason, Long> rejectedByReason() {
        Map<DeadLetterReason, Long> counts = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            long count = rejected.get(reason.ordinal());
            if (count > 0) {
                counts.put(reason, count);
            }
        }
        return counts;
    }

    /** Byte runs that were not a valid MLLP frame; each is also counted as UNDECODABLE. */
    public long framingErrors() {
        return framingErrors.get();
    }

    /** Dead letters the sink failed to store. */
    public long deadLetterFailures() {
        return deadLetterFailures.get();
    }

    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    /** Connections closed right after accept because {@code maxConnections} were open. */
    public long connectionsRefused() {
        return connectionsRefused.get();
    }

    @Override
    public String toString() {
        return "accepted="
                + acceptedMessages()
                + " chunks="
                + publishedChunks()
                + " rejected="
                + rejectedByReason()
                + " framingErrors="
                + framingErrors()
                + " deadLetterFailures="
                + deadLetterFailures()
                + " connections="
                + connectionsOpened();
    }
}
