package org.medstream.stream.alarm;

/**
 * Per-stream state of the {@link AlarmRules}, kept in Flink keyed state. A Flink POJO: public
 * no-argument constructor and public primitive fields, so no fallback serializer runs.
 */
public class AlarmState {
    /** Last beat, or the first observed sample when no beat has been seen since the last reset. */
    public long asystoleReferenceIndex;

    /** Whether the current beat-free episode has already raised its asystole alert. */
    public boolean asystoleRaised;

    public int bradycardiaRun;
    public long bradycardiaOnsetIndex;
    public long bradycardiaRrSamplesSum;
    public boolean bradycardiaRaised;

    public int tachycardiaRun;
    public long tachycardiaOnsetIndex;
    public long tachycardiaRrSamplesSum;
    public boolean tachycardiaRaised;

    /** Consecutive ventricular beats, the first one's index, and the RR samples after it. */
    public int ventricularRun;

    public long ventricularOnsetIndex;
    public long ventricularRrSamplesSum;
    public boolean ventricularTachycardiaRaised;

    /** Whether the current flat or missing stretch of the lead has raised its lead-off alert. */
    public boolean leadOffRaised;

    public AlarmState() {}
}
