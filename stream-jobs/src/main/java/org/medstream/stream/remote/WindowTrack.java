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

    /** Flat or missing run of the first lead up to its last sample, when chunk ends are marked. */
    public long flatRunSamples;

    /** Last finite sample of the first lead in the segment, 0 before one, for the flat run. */
    public float flatLastValue;

    /** Samples of the current segment so far. */
    public long segmentSamples;

    /** Chunk ends that no window has carried yet, in order. */
    public ChunkEnd[] pendingChunkEnds = new ChunkEnd[0];

    /** Creates an empty track, for Flink's POJO serializer. */
    public WindowTrack() {}
}
