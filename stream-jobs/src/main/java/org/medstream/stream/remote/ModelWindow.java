package org.medstream.stream.remote;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One window of one stream on its way to the model server: the samples of the leads the model
 * reads, and the span of stream samples whose events this window reports. A Flink POJO.
 *
 * <p>The window covers stream samples [{@link #windowStartIndex}, {@link #windowStartIndex} +
 * {@link #length}). Its first {@link #warmupSamples} samples only warm the model up; it reports the
 * events whose first sample lies in [{@link #ownedFrom}, {@link #ownedTo}). Consecutive windows of
 * a stream own adjacent spans, so every event is reported by exactly one window.
 */
public class ModelWindow {
    public String streamId;

    /** Position of the window in its stream, 0 for the first; for logs and dead letters. */
    public long sequence;

    public double samplingFrequencyHz;

    /** UTC time of sample index 0, in microseconds since the epoch. */
    public long streamStartMicros;

    /** Lead names sent to the server: the model's names of the leads, one per row. */
    public String[] leads;

    /** Channel names of the same leads in the stream, which the output events carry. */
    public String[] channels;

    /** Stream sample index of the window's first sample. */
    public long windowStartIndex;

    /** Samples per lead in the window. */
    public int length;

    public int warmupSamples;

    /** First stream sample index whose events this window reports; windowStart + warm-up. */
    public long ownedFrom;

    /**
     * Stream sample index after the last one whose events this window reports; {@link
     * Long#MAX_VALUE} for the last window of a segment, which reports everything after ownedFrom.
     */
    public long ownedTo;

    /**
     * Samples as {@link WindowLeads#samples} reads them (mV for ECG), frame by frame: lead l of
     * frame t at t · leads.length + l.
     */
    public float[] samples;

    /**
     * Patient text fields for the server, as name and value pairs one after the other; empty
     * without a patient.
     */
    public String[] patient = new String[0];

    /**
     * Ends of the chunks whose last sample lies in the window's span or before it and that no
     * earlier window carried, in order; empty unless the cutter marks chunk ends ({@link
     * WindowCutter#markingChunkEnds}).
     */
    public ChunkEnd[] chunkEnds = new ChunkEnd[0];

    /** Creates an empty window, for Flink's POJO serializer. */
    public ModelWindow() {}

    /** Returns a copy of this window without its samples. */
    public ModelWindow withoutSamples() {
        ModelWindow copy = new ModelWindow();
        copy.streamId = streamId;
        copy.sequence = sequence;
        copy.samplingFrequencyHz = samplingFrequencyHz;
        copy.streamStartMicros = streamStartMicros;
        copy.leads = leads;
        copy.channels = channels;
        copy.windowStartIndex = windowStartIndex;
        copy.length = length;
        copy.warmupSamples = warmupSamples;
        copy.ownedFrom = ownedFrom;
        copy.ownedTo = ownedTo;
        copy.patient = patient;
        copy.chunkEnds = chunkEnds;
        return copy;
    }

    /** Returns the patient text fields as a map, in the order they were set. */
    public Map<String, String> patientFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < patient.length; i += 2) {
            fields.put(patient[i], patient[i + 1]);
        }
        return fields;
    }

    /** Returns {@code fields} as name and value pairs one after the other. */
    static String[] pairs(Map<String, String> fields) {
        String[] pairs = new String[2 * fields.size()];
        int i = 0;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            pairs[i++] = field.getKey();
            pairs[i++] = field.getValue();
        }
        return pairs;
    }

    /** Returns the samples of lead {@code lead}, as a row of the request. */
    public float[] leadSamples(int lead) {
        float[] row = new float[length];
        for (int t = 0; t < length; t++) {
            row[t] = samples[t * leads.length + lead];
        }
        return row;
    }

    /** Returns whether this window is the last of its segment. */
    public boolean last() {
        return ownedTo == Long.MAX_VALUE;
    }

    /** Returns whether the event starting at stream sample {@code index} is this window's. */
    public boolean owns(long index) {
        return index >= ownedFrom && index < ownedTo;
    }
}
