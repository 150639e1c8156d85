package org.medstream.stream.beat;

import java.util.function.Consumer;
import org.apache.flink.util.Collector;
import org.medstream.schemas.Alert;
import org.medstream.schemas.Beat;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmState;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.detect.BeatListener;
import org.medstream.stream.metrics.BeatMetrics;
import org.medstream.stream.time.StreamClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the beats a detector reports for one stream into {@link Beat} records with RR interval and
 * heart rate, and passes each to the alarm rules. Lives for one chunk or timer call.
 */
final class BeatEmitter<S> implements BeatListener {
    private static final Logger LOG = LoggerFactory.getLogger(BeatEmitter.class);

    private final String streamId;
    private final StreamTrack track;
    private final AlarmState alarms;
    private final AlarmRules alarmRules;
    private final AlertFactory alerts;
    private final BeatDetector<S> detector;
    private final Collector<Beat> beats;
    private final Consumer<Alert> alertOutput;
    private final BeatMetrics metrics;
    private long lastDeliveredIndex;

    BeatEmitter(
            String streamId,
            StreamTrack track,
            AlarmState alarms,
            AlarmRules alarmRules,
            AlertFactory alerts,
            BeatDetector<S> detector,
            Collector<Beat> beats,
            Consumer<Alert> alertOutput,
            BeatMetrics metrics) {
        this.streamId = streamId;
        this.track = track;
        this.alarms = alarms;
        this.alarmRules = alarmRules;
        this.alerts = alerts;
        this.detector = detector;
        this.beats = beats;
        this.alertOutput = alertOutput;
        this.metrics = metrics;
        this.lastDeliveredIndex = track.nextSampleIndex - 1;
    }

    /**
     * Sets the highest sample index the detector has been given, {@code track.nextSampleIndex - 1}
     * until a call with new samples; later beats are clamped to it.
     */
    void deliveredThrough(long sampleIndex) {
        lastDeliveredIndex = sampleIndex;
    }

    StreamClock clock() {
        return alerts.clock();
    }

    AlertFactory alerts() {
        return alerts;
    }

    /** Returns the alarm rules of this stream. */
    AlarmRules rules() {
        return alarmRules;
    }

    void alert(Alert alert) {
        LOG.info(
                "Raised alert type={} phase={} sequence={} stream={} onsetSampleIndex={}"
                        + " sampleIndex={}",
                alert.getType(),
                alert.getPhase(),
                alert.getSequence(),
                StreamKeyHash.of(streamId),
                alert.getOnsetSampleIndex(),
                alert.getSampleIndex());
        alertOutput.accept(alert);
    }

    @Override
    public void onBeat(long reportedIndex, char beatClass) {
        long sampleIndex = reportedIndex;
        if (sampleIndex > lastDeliveredIndex) {
            // A fiducial point computed one past the end of the samples, for example, would point
            // at a sample the stream never sent.
            LOG.warn(
                    "Clamping beat after the last delivered sample stream={} sampleIndex={}"
                            + " lastDeliveredIndex={} detector={}",
                    StreamKeyHash.of(streamId),
                    sampleIndex,
                    lastDeliveredIndex,
                    detector.name());
            sampleIndex = lastDeliveredIndex;
        }
        if (sampleIndex <= track.lastBeatIndex || sampleIndex <= track.detectedThroughIndex) {
            // NOTE: the detector broke its contract (beats in order, within maxDelaySeconds); the
            // beat is dropped because alarms have already been evaluated past it.
            LOG.warn(
                    "Dropping out-of-order beat stream={} sampleIndex={} lastBeatIndex={}"
                            + " detectedThroughIndex={} detector={}",
                    StreamKeyHash.of(streamId),
                    sampleIndex,
                    track.lastBeatIndex,
                    track.detectedThroughIndex,
                    detector.name());
            return;
        }

        StreamClock clock = alerts.clock();
        long rrSamples = track.lastBeatIndex >= 0 ? sampleIndex - track.lastBeatIndex : -1;
        Double rrMillis = null;
        Double heartRateBpm = null;
        if (rrSamples > 0) {
            rrMillis = rrSamples * 1000.0 / clock.samplingFrequencyHz();
            double meanRrSamples = track.addRrInterval(rrSamples);
            heartRateBpm = 60.0 * clock.samplingFrequencyHz() / meanRrSamples;
        }
        track.lastBeatIndex = sampleIndex;

        beats.collect(
                Beat.newBuilder()
                        .setStreamId(streamId)
                        .setSampleIndex(sampleIndex)
                        .setEventTimeMicros(EpochMicros.toInstant(clock.timeMicros(sampleIndex)))
                        .setBeatClass(String.valueOf(beatClass))
                        .setRrIntervalMillis(rrMillis)
                        .setHeartRateBpm(heartRateBpm)
                        .setDetectorName(detector.name())
                        .setDetectorVersion(detector.version())
                        .setEmittedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                        .build());
        metrics.beatEmitted();
        alarmRules.onBeat(alarms, alerts, sampleIndex, rrSamples, beatClass, this::alert);
    }
}
