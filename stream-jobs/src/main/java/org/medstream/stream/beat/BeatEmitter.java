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
import org.medstream.stream.detect.BeatListener;
import org.medstream.stream.metrics.BeatMetrics;
import org.medstream.stream.time.StreamClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the beats a detector reports for one stream into {@link Beat} records with RR interval and
 * heart rate, and evaluates the stream's {@link AlarmRules} on them and on what is known of the
 * lead: how far every beat has been reported ({@link #progress}), poor signal ({@link
 * #poorSignal}), and where the observation stops ({@link #stop}). Lives for one chunk, reply or
 * timer call.
 *
 * <p>The in-process {@link BeatDetectionFunction} and the remote path's {@code BeatStitcher} both
 * evaluate the alarms through this class, so the two paths apply the same rules in the same way.
 */
public final class BeatEmitter implements BeatListener {
    private static final Logger LOG = LoggerFactory.getLogger(BeatEmitter.class);

    private final String streamId;
    private final StreamTrack track;
    private final AlarmState alarms;
    private final AlarmRules alarmRules;
    private final AlertFactory alerts;
    private final String detectorName;
    private final String detectorVersion;
    private final Collector<Beat> beats;
    private final Consumer<Alert> alertOutput;
    private final BeatMetrics metrics;
    private long lastDeliveredIndex;

    /**
     * @param track the stream's beat bookkeeping, updated by every beat
     * @param alarms the stream's alarm state, updated by every evaluation
     * @param alerts creates the alerts; its detector name and version are the beats' too
     * @param beats receives the beat records
     * @param alertOutput receives the alerts
     */
    public BeatEmitter(
            String streamId,
            StreamTrack track,
            AlarmState alarms,
            AlarmRules alarmRules,
            AlertFactory alerts,
            Collector<Beat> beats,
            Consumer<Alert> alertOutput,
            BeatMetrics metrics) {
        this.streamId = streamId;
        this.track = track;
        this.alarms = alarms;
        this.alarmRules = alarmRules;
        this.alerts = alerts;
        this.detectorName = alerts.detectorName();
        this.detectorVersion = alerts.detectorVersion();
        this.beats = beats;
        this.alertOutput = alertOutput;
        this.metrics = metrics;
        this.lastDeliveredIndex = track.nextSampleIndex - 1;
    }

    /**
     * Sets the highest sample index the detector has been given, {@code track.nextSampleIndex - 1}
     * until a call with new samples; later beats are clamped to it.
     */
    public void deliveredThrough(long sampleIndex) {
        lastDeliveredIndex = sampleIndex;
    }

    public StreamClock clock() {
        return alerts.clock();
    }

    public AlertFactory alerts() {
        return alerts;
    }

    /** Returns the alarm rules of this stream. */
    public AlarmRules rules() {
        return alarmRules;
    }

    /**
     * Evaluates the rules that depend on detection progress: every beat up to {@code
     * detectedThrough} has been reported, the last sample received is {@code deliveredThrough}.
     * While the lead carries no signal ({@code signalAbsent}, flat or missing for {@code
     * absentSamples} up to {@code deliveredThrough}), the asystole clock is held through {@code
     * deliveredThrough}, so the asystole count starts when the signal returns and not a report
     * delay earlier, and lead off is checked; otherwise lead off ends and asystole is checked up to
     * {@code detectedThrough}.
     */
    public void progress(
            long detectedThrough, long deliveredThrough, boolean signalAbsent, long absentSamples) {
        if (signalAbsent) {
            alarmRules.holdAsystole(alarms, deliveredThrough);
            alarmRules.onSignalAbsent(alarms, alerts, absentSamples, deliveredThrough, this::alert);
        } else {
            alarmRules.onSignalPresent(alarms, alerts, deliveredThrough, this::alert);
            alarmRules.onProgress(alarms, alerts, detectedThrough, this::alert);
        }
    }

    /**
     * Evaluates the rules that read the alarm lead's samples: {@code count} samples in mV from
     * {@code lead[offset]}, the first at {@code firstIndex}.
     *
     * @param flaggedPoor whether the ingest gate flagged them as a poor signal
     */
    public void samples(float[] lead, int offset, int count, long firstIndex, boolean flaggedPoor) {
        alarmRules.onSamples(
                alarms, alerts, lead, offset, count, firstIndex, flaggedPoor, this::alert);
    }

    /** Marks samples {@code from} to {@code to} of the alarm lead as a poor signal. */
    public void poorSignal(long from, long to) {
        alarms.poorSignal.mark(
                from, to, alerts.clock().samplesIn(AlarmRules.POOR_SIGNAL_BLOCK_SECONDS));
    }

    /**
     * Ends the observation at {@code lastIndex}, the last sample received: after a last {@link
     * #progress} through it, sends END for every open alert with {@code reason} in its message.
     * Call {@link #restart} before evaluating samples after a gap.
     */
    public void stop(long lastIndex, boolean signalAbsent, long absentSamples, String reason) {
        progress(lastIndex, lastIndex, signalAbsent, absentSamples);
        alarmRules.endAll(alarms, alerts, lastIndex, reason, this::alert);
    }

    /**
     * Sends END for every open alert at {@code sampleIndex} without evaluating anything first,
     * because nothing is known about the beats from there: a model that did not respond, for one.
     */
    public void endAll(long sampleIndex, String reason) {
        alarmRules.endAll(alarms, alerts, sampleIndex, reason, this::alert);
    }

    /**
     * Starts beats, RR history and alarm rules afresh at {@code firstIndex}, as for a new stream,
     * keeping the alerts that are open elsewhere (NO_DATA); {@link #stop} first.
     */
    public void restart(long firstIndex, int heartRateBeats) {
        track.resetBeats(heartRateBeats);
        track.detectedThroughIndex = firstIndex - 1;
        alarmRules.reset(alarms, firstIndex);
    }

    public void alert(Alert alert) {
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
                    detectorName);
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
                    detectorName);
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
                        .setDetectorName(detectorName)
                        .setDetectorVersion(detectorVersion)
                        .setEmittedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                        .build());
        metrics.beatEmitted();
        alarmRules.onBeat(alarms, alerts, sampleIndex, rrSamples, beatClass, this::alert);
    }
}
