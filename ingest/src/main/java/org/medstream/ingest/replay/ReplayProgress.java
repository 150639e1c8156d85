package org.medstream.ingest.replay;

/** Receives the replay progress after each chunk, for a progress bar. */
@FunctionalInterface
public interface ReplayProgress {
    /** Does nothing. */
    ReplayProgress NONE = (framesSent, totalFrames) -> {};

    /**
     * Called on the replaying thread after each chunk is handed to the sink.
     *
     * @param framesSent frames of all streams sent so far
     * @param totalFrames frames of all streams in this replay
     */
    void onProgress(long framesSent, long totalFrames);
}
