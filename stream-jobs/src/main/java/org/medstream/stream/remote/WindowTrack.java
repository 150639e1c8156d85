package org.medstream.stream.remote;

import org.medstream.stream.model.StreamModelTrack;

/**
 * Keyed state of one stream in {@link WindowCutter}: besides the common fields, the leads it sends
 * and the samples not yet sent in a window. A Flink POJO.
 */
public class WindowTrack extends StreamModelTrack {
    /** Index of each sent lead's channel in the stream's chunks. */
    public int[] channels;

    /** Channel name of each sent lead. */
    public String[] channelNames;

    /** Model lead name of each sent lead. */
    public String[] leads;

    /** Last finite sample of each lead, which replaces missing (NaN) samples. */
    public float[] lastValues;

    /** Stream sample index of the first sample of the current segment. */
    public long segmentStartIndex;

    /** First stream sample index of the span the next window reports. */
    public long nextOwnedFrom;

    /** Stream sample index of {@link #buffer}'s first frame. */
    public long bufferStartIndex;

    /** Samples from bufferStartIndex to nextSampleIndex − 1, frame by frame as in a window. */
    public float[] buffer;

    /** Windows emitted for this stream so far. */
    public long windows;

    /**
     * Patient text fields of the stream's last chunk, as name and value pairs one after the other
     * ({@link org.medstream.model.serve.inference.Window#patientFields}); empty without a patient.
     */
    public String[] patient = new String[0];

    /** Creates an empty track, for Flink's POJO serializer. */
    public WindowTrack() {}
}
