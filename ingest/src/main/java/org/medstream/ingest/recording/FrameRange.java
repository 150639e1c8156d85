package org.medstream.ingest.recording;

/**
 * Frames {@code start} (inclusive) to {@code end} (exclusive) of a recording.
 *
 * @param start first frame
 * @param end frame after the last one
 */
public record FrameRange(long start, long end) {
    public FrameRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(
                    "frame range needs 0 <= start <= end, got " + start + ".." + end);
        }
    }

    public long length() {
        return end - start;
    }
}
