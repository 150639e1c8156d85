package org.medstream.stream.alarm;

/**
 * A run of consecutive beats that meet one rate rule, and the alert it raised. A Flink POJO, part
 * of {@link AlarmState}.
 */
public class RateRun {
    /** Beats in the run; 0 when the last beat did not meet the rule. */
    public int beats;

    /** The first beat of the run, the onset of its alert. */
    public long onsetIndex;

    /** RR intervals of the run in samples, summed over the beats that count towards its rate. */
    public long rrSamplesSum;

    public AlertEpisode episode = new AlertEpisode();

    public RateRun() {}
}
