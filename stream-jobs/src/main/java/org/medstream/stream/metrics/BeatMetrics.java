package org.medstream.stream.metrics;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Metrics of the beat detection operator, registered on its Flink metric group:
 *
 * <ul>
 *   <li>{@code beatsPerSecond}: meter over the beats this subtask emitted, with the {@code beats}
 *       counter behind it;
 *   <li>{@code detectorLatencyMicros}: histogram of the processing time per chunk, over the last
 *       1000 chunks;
 *   <li>{@code stream.<id>.eventTimeLagMillis}: gauge per stream, wall-clock time minus the event
 *       time of the last sample received;
 *   <li>{@code alarmsHeldBackByAgreement}: counter of the asystole windows and rate runs that model
 *       agreement held back on this subtask's streams.
 * </ul>
 *
 * <p>NOTE: a stream's lag gauge stays registered until the subtask stops, even after the stream's
 * state expires, because Flink metric groups offer no removal of single metrics.
 */
public final class BeatMetrics {
    public static final String BEATS = "beats";
    public static final String BEATS_PER_SECOND = "beatsPerSecond";
    public static final String DETECTOR_LATENCY = "detectorLatencyMicros";
    public static final String STREAM_GROUP = "stream";
    public static final String EVENT_TIME_LAG = "eventTimeLagMillis";
    public static final String HELD_BACK_BY_AGREEMENT = "alarmsHeldBackByAgreement";

    private static final int LATENCY_WINDOW = 1000;
    private static final int METER_SPAN_SECONDS = 60;

    private final MetricGroup group;
    private final Counter beats;
    private final Counter heldBackByAgreement;
    private final Histogram detectorLatency;
    private final Map<String, LatestEventTime> latestEventTimes = new HashMap<>();

    public BeatMetrics(MetricGroup group) {
        this.group = group;
        this.beats = group.counter(BEATS);
        this.heldBackByAgreement = group.counter(HELD_BACK_BY_AGREEMENT);
        Meter beatsPerSecond = new MeterView(beats, METER_SPAN_SECONDS);
        group.meter(BEATS_PER_SECOND, beatsPerSecond);
        this.detectorLatency =
                group.histogram(
                        DETECTOR_LATENCY, new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
    }

    public void beatEmitted() {
        beats.inc();
    }

    /** Counts {@code count} alarms that model agreement held back. */
    public void heldBackByAgreement(long count) {
        if (count > 0) {
            heldBackByAgreement.inc(count);
        }
    }

    /** Records one processed chunk: its stream, the event time of its last sample, its cost. */
    public void chunkProcessed(String streamId, long lastEventTimeMillis, long processingNanos) {
        detectorLatency.update(processingNanos / 1000L);
        latestEventTimes.computeIfAbsent(streamId, this::registerStream).lastEventTimeMillis =
                lastEventTimeMillis;
    }

    private LatestEventTime registerStream(String streamId) {
        LatestEventTime latest = new LatestEventTime();
        group.addGroup(STREAM_GROUP, streamId)
                .gauge(
                        EVENT_TIME_LAG,
                        (Gauge<Long>)
                                () -> System.currentTimeMillis() - latest.lastEventTimeMillis);
        return latest;
    }

    private static final class LatestEventTime {
        private volatile long lastEventTimeMillis;
    }
}
