package org.medstream.stream.beat;

import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.medstream.stream.alarm.AgreementRule;
import org.medstream.stream.alarm.AlarmState;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.detect.BeatListener;
import org.medstream.stream.time.StreamClock;

/**
 * The second beat detector of model agreement ({@link AgreementRule}): a detector of another kind
 * that reads the same lead as the alarm detector. Its state lives in Flink keyed state next to the
 * alarm detector's, so a restore from a checkpoint gives the same alerts. Its beats go to {@link
 * AlarmState#agreementBeats} and are not emitted. Lives for one operator instance; its methods act
 * on the current key's state.
 *
 * @param <A> the detector's state type
 */
final class AgreementDetection<A> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final BeatDetector<A> detector;
    private transient ValueState<A> state;

    AgreementDetection(BeatDetector<A> detector) {
        this.detector = detector;
    }

    String name() {
        return detector.name();
    }

    void open(RuntimeContext context) {
        state =
                context.getState(
                        new ValueStateDescriptor<>(
                                "agreement-detector", TypeInformation.of(detector.stateClass())));
    }

    /**
     * Feeds {@code count} samples of the alarm lead from {@code samples[offset]}, which is stream
     * sample {@code firstSampleIndex}, and records in {@code alarms} up to where the detector has
     * reported every beat. A stream without state starts a new detector.
     *
     * @param lastSampleIndex the last sample fed so far, {@code firstSampleIndex + count - 1}
     */
    void process(
            float[] samples,
            int offset,
            int count,
            long firstSampleIndex,
            long lastSampleIndex,
            StreamClock clock,
            AlarmState alarms)
            throws Exception {
        A current = state.value();
        if (current == null) {
            current = detector.createState(clock.samplingFrequencyHz());
        }
        detector.process(current, samples, offset, count, firstSampleIndex, listener(alarms));
        alarms.agreementThroughIndex = reportedThrough(current, lastSampleIndex, clock);
        state.update(current);
    }

    /**
     * Reports the beats still pending, at the end of input or before a gap restarts detection, and
     * clears the detector's state, so the next chunk starts a new detector.
     */
    void finish(long lastSampleIndex, AlarmState alarms) throws Exception {
        A current = state.value();
        if (current != null) {
            detector.finish(current, listener(alarms));
            alarms.agreementThroughIndex = lastSampleIndex;
        }
        state.clear();
    }

    /** Releases what the detector loaded in this task. */
    void close() {
        detector.close();
    }

    /** Clears the detector's state, as when agreement is off for the stream. */
    void clear() {
        state.clear();
    }

    /**
     * Returns the last sample up to which the detector has reported every beat, as {@link
     * BeatDetectionFunction} computes it for the alarm detector.
     */
    long reportedThrough(long lastSampleIndex, StreamClock clock) throws Exception {
        A current = state.value();
        return current == null ? lastSampleIndex : reportedThrough(current, lastSampleIndex, clock);
    }

    private long reportedThrough(A current, long lastSampleIndex, StreamClock clock) {
        long maxDelaySamples = clock.samplesIn(detector.maxDelaySeconds());
        long bound =
                Math.max(lastSampleIndex - maxDelaySamples, detector.reportedThroughIndex(current));
        return Math.min(bound, lastSampleIndex);
    }

    private static BeatListener listener(AlarmState alarms) {
        return (sampleIndex, beatClass) -> alarms.agreementBeats.add(sampleIndex, beatClass);
    }
}
