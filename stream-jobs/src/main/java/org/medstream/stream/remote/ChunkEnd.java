package org.medstream.stream.remote;

/**
 * What the chunk operator knows about the alarm lead at the end of one chunk, which the remote
 * beats path needs besides the server's beats: the in-process beat operator evaluates lead off, the
 * asystole hold and poor signal at each chunk's end, and the stitcher replays these evaluations at
 * the same samples. A Flink POJO.
 */
public class ChunkEnd {
    /** Stream sample index of the chunk's first sample not seen before. */
    public long firstSampleIndex;

    /** Stream sample index of the chunk's last sample. */
    public long lastSampleIndex;

    /** Samples up to the last one for which the lead has been flat or missing. */
    public long flatRunSamples;

    /** Whether the ingest gate flagged the chunk's samples of the lead as a poor signal. */
    public boolean poorSignal;

    /** Creates an empty chunk end, for Flink's POJO serializer. */
    public ChunkEnd() {}

    static ChunkEnd of(long firstSampleIndex, long lastSampleIndex, long flatRun, boolean poor) {
        ChunkEnd end = new ChunkEnd();
        end.firstSampleIndex = firstSampleIndex;
        end.lastSampleIndex = lastSampleIndex;
        end.flatRunSamples = flatRun;
        end.poorSignal = poor;
        return end;
    }
}
