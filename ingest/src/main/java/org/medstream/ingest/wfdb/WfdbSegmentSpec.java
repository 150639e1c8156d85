package org.medstream.ingest.wfdb;

import java.util.Objects;

/**
 * One segment line of a multi-segment master header.
 *
 * @param recordName segment record name, {@code ~} for a null segment (a gap without samples)
 * @param frameCount frames in the segment; 0 for the layout segment of a variable-layout record
 */
public record WfdbSegmentSpec(String recordName, long frameCount) {
    public WfdbSegmentSpec {
        Objects.requireNonNull(recordName, "recordName");
        if (frameCount < 0) {
            throw new IllegalArgumentException(
                    "frameCount must not be negative, got " + frameCount);
        }
    }

    /** True for a {@code ~} segment, which stands for a gap without samples. */
    public boolean isNull() {
        return "~".equals(recordName);
    }
}
