package org.medstream.stream.alarm;

import org.medstream.model.rhythm.RrIrregularityState;

/**
 * The RR interval window of a stream, the current irregular or regular stretch, and the atrial
 * fibrillation alert. A Flink POJO, part of {@link AlarmState}.
 */
public class AtrialFibrillationRun {
    /** The detector's window; null until the first beat. */
    public RrIrregularityState rhythm;

    /**
     * First beat of the current stretch of irregular decisions, or -1 when the last was regular.
     */
    public long irregularSinceIndex = -1;

    /** First beat of the current stretch of regular decisions while the alert is open, or -1. */
    public long regularSinceIndex = -1;

    public AlertEpisode episode = new AlertEpisode();

    public AtrialFibrillationRun() {}
}
