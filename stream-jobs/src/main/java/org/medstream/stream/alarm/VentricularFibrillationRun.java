package org.medstream.stream.alarm;

/**
 * The band-pass filter, the last two seconds of filtered samples, the current fibrillatory or
 * non-fibrillatory stretch and the alert of the {@link VentricularFibrillationRule}. A Flink POJO,
 * part of {@link AlarmState}: public no-argument constructor and public fields.
 */
public class VentricularFibrillationRun {
    /** Filtered samples of the primary lead in a ring; null until the first sample. */
    public float[] window;

    /** Next slot of {@link #window}. */
    public int next;

    /** Samples in {@link #window} since the last reset, at most its length. */
    public int filled;

    /** Previous raw sample, and the high-pass and low-pass filter outputs, in mV. */
    public double previousSample;

    public double highPass;
    public double lowPass;

    /** Whether the filters have seen a sample since the last reset. */
    public boolean filterPrimed;

    /**
     * Last sample of a chunk that the ingest gate flagged poor, or that was missing, flat or not a
     * number; Long.MIN_VALUE for none. A window that reaches back to it is not judged.
     */
    public long unusableThroughIndex = Long.MIN_VALUE;

    /**
     * First sample of the window of the first decision of the current fibrillatory stretch, or -1.
     */
    public long fibrillatorySinceIndex = -1;

    /** First sample after the last fibrillatory window while the alert is open, or -1. */
    public long organisedSinceIndex = -1;

    /** Leakage of the last judged window, NaN before the first one; reported in the messages. */
    public double lastLeakage = Double.NaN;

    /** Estimated mean frequency in Hz of the last judged window, NaN before the first one. */
    public double lastFrequencyHz = Double.NaN;

    public AlertEpisode episode = new AlertEpisode();

    public VentricularFibrillationRun() {}
}
