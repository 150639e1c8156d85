package org.medstream.ingest.replay;

import java.time.Duration;

/**
 * Outcome of one replay.
 *
 * @param streams streams replayed
 * @param chunks chunks sent, over all streams
 * @param frames frames sent, over all streams
 * @param elapsed wall-clock time from the first send to the final flush
 * @param completed false when {@link Replayer#stop()} ended the replay early
 */
public record ReplaySummary(
        int streams, long chunks, long frames, Duration elapsed, boolean completed) {}
