package org.medstream.ingest.wfdb;

import java.util.OptionalLong;

/**
 * Options for {@link WfdbRecord#read(java.nio.file.Path, WfdbReadOptions)}.
 *
 * @param startFrame first frame to read, 0-based
 * @param frameCount frames to read from {@code startFrame}; empty reads to the end of the record
 * @param allowShortFile when true, a signal file shorter than the header's length is logged as a
 *     warning and the frames that exist are returned; when false (the default) it raises {@link
 *     WfdbVerificationException}
 * @param verify when true (the default), a read of the whole record compares each signal's first
 *     sample with the header's initial value and its checksum with the header's checksum
 */
public record WfdbReadOptions(
        long startFrame, OptionalLong frameCount, boolean allowShortFile, boolean verify) {

    public WfdbReadOptions {
        if (startFrame < 0) {
            throw new IllegalArgumentException(
                    "startFrame must not be negative, got " + startFrame);
        }
        if (frameCount.isPresent() && frameCount.getAsLong() < 0) {
            throw new IllegalArgumentException(
                    "frameCount must not be negative, got " + frameCount.getAsLong());
        }
    }

    /** Whole record, short files rejected, verification on. */
    public static WfdbReadOptions defaults() {
        return new WfdbReadOptions(0, OptionalLong.empty(), false, true);
    }

    /** Same options for {@code frameCount} frames from {@code startFrame}. */
    public WfdbReadOptions range(long startFrame, long frameCount) {
        return new WfdbReadOptions(startFrame, OptionalLong.of(frameCount), allowShortFile, verify);
    }

    /** Same options with short signal files accepted (logged) or rejected. */
    public WfdbReadOptions allowShortFile(boolean allow) {
        return new WfdbReadOptions(startFrame, frameCount, allow, verify);
    }

    /** Same options with initial-value and checksum verification switched on or off. */
    public WfdbReadOptions verify(boolean enabled) {
        return new WfdbReadOptions(startFrame, frameCount, allowShortFile, enabled);
    }

    /**
     * Returns how many frames to read from {@link #startFrame} of a record of {@code totalFrames}.
     *
     * @throws WfdbException when the start lies beyond the end, or when the frames do not fit in
     *     one array
     */
    int framesToRead(String recordName, long totalFrames) throws WfdbException {
        if (startFrame > totalFrames) {
            throw new WfdbException(
                    String.format(
                            "Start frame %d is beyond the end of record %s (%d frames)",
                            startFrame, recordName, totalFrames));
        }
        long count =
                Math.min(frameCount.orElse(totalFrames - startFrame), totalFrames - startFrame);
        if (count > Integer.MAX_VALUE - 8) {
            throw new WfdbException(
                    String.format(
                            "Record %s has %d frames, too many to hold in memory; read it in"
                                    + " ranges with WfdbReadOptions.range",
                            recordName, count));
        }
        return (int) count;
    }

    /** True when the options select the whole record. */
    boolean wholeRecord() {
        return startFrame == 0 && frameCount.isEmpty();
    }
}
