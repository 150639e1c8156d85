package org.medstream.stream.alarm;

/**
 * Per-stream state of the {@link AlarmRules}, kept in Flink keyed state. A Flink POJO: public
 * no-argument constructor and public fields of POJO types, so no fallback serializer runs.
 */
public class AlarmState {
    /** Last beat, or the first observed sample when no beat has been seen since the last reset. */
    public long asystoleReferenceIndex;

    /** The current asystole alert, open from its START until the next beat. */
    public AlertEpisode asystole = new AlertEpisode();

    public RateRun bradycardia = new RateRun();
    public RateRun tachycardia = new RateRun();

    /** Consecutive ventricular beats and their alert. */
    public RateRun ventricular = new RateRun();

    /** The current lead-off alert, open until the lead carries a signal again. */
    public AlertEpisode leadOff = new AlertEpisode();

    public AlarmState() {}
}
