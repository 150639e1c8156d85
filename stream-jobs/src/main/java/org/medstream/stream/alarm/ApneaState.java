package org.medstream.stream.alarm;

/**
 * One stream's state of the {@link ApneaRule}, kept in the keyed state of the operator that finds
 * its breaths. A Flink POJO: public no-argument constructor and public fields.
 */
public class ApneaState {
    /** Stream sample index of the last breath, −1 before the first or when it is unknown. */
    public long lastBreathIndex = -1;

    /**
     * Stream sample index from which the apnea time counts: the last breath, or the first sample
     * the rule tracked when no breath came after it.
     */
    public long referenceIndex;

    /** Whether the apnea since {@link #referenceIndex} was already raised. */
    public boolean raised;

    /** The open apnea alert, from its START until the next breath. */
    public AlertEpisode apnea = new AlertEpisode();

    /** Creates an empty state, for Flink's POJO serializer. */
    public ApneaState() {}
}
