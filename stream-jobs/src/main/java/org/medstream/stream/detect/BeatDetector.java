package org.medstream.stream.detect;

import java.io.Serializable;

/**
 * A causal, streaming beat detector for one ECG lead. The algorithm object holds only its
 * configuration; everything that changes while samples flow lives in a state object of type {@code
 * S}, which Flink keeps in keyed state and restores from checkpoints. {@code S} is a Flink POJO
 * (public no-argument constructor, public fields of primitive or primitive-array types) so Flink
 * serializes it without a fallback serializer.
 *
 * <p>Contract: the beats emitted for a stream depend only on its samples, never on how they were
 * split into {@link #process} calls.
 */
public interface BeatDetector<S> extends Serializable {
    String name();

    String version();

    Class<S> stateClass();

    /** Creates the state for a new stream sampled at {@code samplingFrequencyHz}. */
    S createState(double samplingFrequencyHz);

    /**
     * Feeds consecutive samples of the lead, in physical units (mV); NaN marks a missing sample.
     * Beats are reported in increasing sample order, each at most {@link #maxDelaySeconds} after
     * its fiducial point.
     *
     * @param firstSampleIndex stream sample index of {@code samples[offset]}
     */
    void process(
            S state,
            float[] samples,
            int offset,
            int count,
            long firstSampleIndex,
            BeatListener listener);

    /** Reports beats still pending at the end of a bounded stream. */
    void finish(S state, BeatListener listener);

    /**
     * Returns whether the lead has been flat or missing long enough that no beats can be found. A
     * pause in the reported beats is then no evidence of asystole. Detectors that cannot tell
     * return false.
     */
    default boolean isSignalAbsent(S state) {
        return false;
    }

    /**
     * Returns the number of samples, up to the last one fed, for which the lead has been flat or
     * missing; 0 when it is not, or when the detector cannot tell.
     */
    default long signalAbsentSamples(S state) {
        return 0;
    }

    /**
     * Returns whether the detector currently considers the lead unreliable: a signal is present but
     * noise or artefact dominates it, so beats may be missed or invented. Detectors without a
     * signal quality estimate return false.
     */
    default boolean isSignalUnreliable(S state) {
        return false;
    }

    /**
     * Returns a sample index up to which every beat of the lead has been reported: later calls of
     * {@link #process} and {@link #finish} report only beats after it. Detectors that can tell from
     * their pending candidates return a bound closer to the last sample fed than {@link
     * #maxDelaySeconds}; the default, {@link Long#MIN_VALUE}, gives no bound beyond it.
     */
    default long reportedThroughIndex(S state) {
        return Long.MIN_VALUE;
    }

    /** Upper bound on the time between a fiducial point and the report of its beat. */
    double maxDelaySeconds();

    /**
     * Releases what the detector loaded in this task, such as a model's native memory. The operator
     * calls it when it closes; a later call to {@link #process} loads it again.
     */
    default void close() {}
}
