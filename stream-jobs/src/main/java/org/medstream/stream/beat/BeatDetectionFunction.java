package org.medstream.stream.beat;

import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.medstream.ingest.validate.ChunkDeadLetters;
import org.medstream.ingest.validate.ChunkViolation;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.Beat;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.alarm.AlarmProfiles;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.alarm.AlarmState;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.detect.BeatListener;
import org.medstream.stream.metrics.BeatMetrics;
import org.medstream.stream.metrics.DeadLetterMetrics;
import org.medstream.stream.time.StreamClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects beats in validated chunks of one stream and evaluates the {@link AlarmRules} on them.
 * Beats go to the main output, alerts to the {@link #ALERTS} side output.
 *
 * <p>Alarms run in this operator, on the stream's own sample clock, because only here is it known
 * how far the detector has looked: after a chunk ending at sample {@code e}, every beat up to
 * {@code e - maxDelaySeconds * fs} has been reported, or up to the detector's closer {@link
 * BeatDetector#reportedThroughIndex} bound when it gives one. Asystole therefore fires while chunks
 * keep arriving without beats, independently of other streams' watermarks, and a stream that stops
 * sending raises no asystole.
 *
 * <p>Gaps: a chunk that starts after the expected index is preceded by NaN samples when the gap is
 * at most {@link BeatDetectionSettings#maxGapPadding()}; a longer gap flushes the detector and
 * starts detector, RR history and alarm rules afresh at the new chunk. Sample indices are never
 * shifted. A chunk that overlaps samples already processed is cut to its new samples (the
 * validation operator normally removes such chunks before). A beat the detector reports after the
 * last sample it was given is clamped to that sample, with a warning.
 *
 * <p>End of input: an event-time timer at {@code Long.MAX_VALUE} fires when a bounded source ends,
 * which flushes the detector's pending beats and clears the stream's state. A processing-time timer
 * drops a stream's state after {@link BeatDetectionSettings#stateRetention()} without chunks. Both
 * send END for the alerts still open, as a gap that restarts the detector does.
 *
 * <p>Silence: a stream that stops sending for {@link BeatDetectionSettings#noDataTimeout()} of
 * processing time raises one technical {@code NO_DATA} alert ({@link NoDataAlarm}) on the {@link
 * #ALERTS} output; the next chunk ends that alert and re-arms the check. Dropping the state on
 * purpose deletes the pending check, and the job turns the alarm off for bounded inputs.
 *
 * <p>Other lead: when the stream's alarm rules have the suppressor on and the chunk has a second
 * standard ECG lead ({@link EcgLeadSelector#selectOther}), a second instance of the detector, with
 * its own keyed state, reads that lead before the primary one, and its beats go to {@link
 * AlarmState#otherLead}, where they can hold back an asystole that only the primary lead shows.
 * They are not emitted as beats and feed no other rule. Streams with one ECG lead run as without
 * the suppressor.
 *
 * <p>Model agreement: when the stream's alarm rules have {@link
 * org.medstream.stream.alarm.AlarmThresholds#agreement()} on, a second detector of another kind
 * ({@link AgreementDetection}) reads the primary lead before the alarm detector does. Its beats go
 * to {@link AlarmState#agreementBeats}, where they can hold back asystole, the rate alarms,
 * ventricular tachycardia and atrial fibrillation, and are not emitted.
 */
public class BeatDetectionFunction<S> extends KeyedProcessFunction<String, SignalChunk, Beat> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BeatDetectionFunction.class);

    /** Chunks of streams the detector cannot process, such as an unsupported frequency. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("detector-dead-letters", TypeInformation.of(DeadLetter.class));

    /** Alerts raised by the alarm rules. */
    public static final OutputTag<Alert> ALERTS =
            new OutputTag<>("alerts", TypeInformation.of(Alert.class));

    private static final int PADDING_BLOCK = 8192;

    private final BeatDetector<S> detector;
    private final AlarmProfiles alarmProfiles;
    private final BeatDetectionSettings settings;
    private final NoDataAlarm noDataAlarm;

    /** The second detector of model agreement; null when no stream has agreement on. */
    private final AgreementDetection<?> agreement;

    private transient ValueState<S> detectorState;
    private transient ValueState<S> otherLeadDetectorState;
    private transient ValueState<StreamTrack> trackState;
    private transient ValueState<AlarmState> alarmState;
    private transient BeatMetrics metrics;
    private transient DeadLetterMetrics deadLetterMetrics;
    private transient ChunkDeadLetters deadLetters;
    private transient long firstCallbackMillis;

    /** Creates the function with the same alarm rules for every stream. */
    public BeatDetectionFunction(
            BeatDetector<S> detector, AlarmRules alarmRules, BeatDetectionSettings settings) {
        this(detector, AlarmProfiles.of(alarmRules), settings);
    }

    /** Creates the function with alarm rules per stream, as {@code alarmProfiles} resolves them. */
    public BeatDetectionFunction(
            BeatDetector<S> detector, AlarmProfiles alarmProfiles, BeatDetectionSettings settings) {
        this(detector, alarmProfiles, settings, null);
    }

    /**
     * Creates the function with alarm rules per stream and {@code agreementDetector} as the second
     * detector of the streams whose rules have model agreement on.
     *
     * @param agreementDetector a detector of another kind than {@code detector}, or null when no
     *     stream has agreement on
     * @throws IllegalArgumentException when a stream's rules have agreement on and {@code
     *     agreementDetector} is null or of the same kind as {@code detector}
     */
    public BeatDetectionFunction(
            BeatDetector<S> detector,
            AlarmProfiles alarmProfiles,
            BeatDetectionSettings settings,
            BeatDetector<?> agreementDetector) {
        this.detector = detector;
        this.alarmProfiles = alarmProfiles;
        this.settings = settings;
        this.noDataAlarm = new NoDataAlarm(settings.noDataTimeout(), settings.noDataEscalation());
        if (alarmProfiles.anyAgreement() && agreementDetector == null) {
            throw new IllegalArgumentException(
                    "alarm.agreement is on for some streams but no agreement detector was given");
        }
        if (agreementDetector != null && agreementDetector.name().equals(detector.name())) {
            throw new IllegalArgumentException(
                    "The agreement detector must be of another kind than the alarm detector "
                            + detector.name()
                            + ", got "
                            + agreementDetector.name());
        }
        this.agreement = agreementDetector == null ? null : agreement(agreementDetector);
    }

    private static <A> AgreementDetection<A> agreement(BeatDetector<A> detector) {
        return new AgreementDetection<>(detector);
    }

    @Override
    public void close() throws Exception {
        detector.close();
        if (agreement != null) {
            agreement.close();
        }
        super.close();
    }

    @Override
    public void open(OpenContext openContext) {
        detectorState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "detector", TypeInformation.of(detector.stateClass())));
        otherLeadDetectorState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "other-lead-detector",
                                        TypeInformation.of(detector.stateClass())));
        trackState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "track", TypeInformation.of(StreamTrack.class)));
        alarmState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "alarms", TypeInformation.of(AlarmState.class)));
        if (agreement != null) {
            agreement.open(getRuntimeContext());
        }
        metrics = new BeatMetrics(getRuntimeContext().getMetricGroup());
        deadLetterMetrics = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
        deadLetters = new ChunkDeadLetters("detect-beats");
        firstCallbackMillis = Long.MIN_VALUE;
    }

    @Override
    public void processElement(SignalChunk chunk, Context ctx, Collector<Beat> out)
            throws Exception {
        long startedNanos = System.nanoTime();
        noteFirstCallback(ctx.timerService().currentProcessingTime());
        String streamId = ctx.getCurrentKey();
        StreamTrack track = StreamTrack.restored(trackState.value());
        S state = detectorState.value();
        AlarmState alarms = AlarmState.restored(alarmState.value());

        if (track == null) {
            try {
                state = detector.createState(chunk.getSamplingFrequencyHz());
            } catch (IllegalArgumentException e) {
                rejectStream(chunk, e, ctx);
                return;
            }
            track = startStream(chunk, ctx);
            alarms = new AlarmState();
            rulesFor(streamId, track).reset(alarms, chunk.getFirstSampleIndex());
        }
        // A transfer to another care unit applies its thresholds from this chunk on.
        track.patientCareUnit = patientCareUnit(chunk);

        OtherLead<S> otherLead = otherLead(streamId, chunk, track, alarms);
        boolean agreeing = agreement != null && rulesFor(streamId, track).thresholds().agreement();
        if (agreement != null && !agreeing) {
            agreement.clear();
        }
        long heldBackBefore = alarms.heldBackByAgreement;
        BeatEmitter emitter = emitter(streamId, track, alarms, ctx, out);
        if (track.noData.active) {
            emitter.alert(
                    NoDataAlarm.end(
                            emitter.alerts(),
                            track,
                            chunk.getFirstSampleIndex(),
                            ctx.timerService().currentProcessingTime()));
        }
        long firstIndex = chunk.getFirstSampleIndex();
        int offset = 0;

        if (firstIndex < track.nextSampleIndex) {
            offset = (int) Math.min(chunk.getFrameCount(), track.nextSampleIndex - firstIndex);
            LOG.warn(
                    "Skipping {} overlapping samples stream={} firstSampleIndex={}"
                            + " expectedSampleIndex={}",
                    offset,
                    StreamKeyHash.of(streamId),
                    firstIndex,
                    track.nextSampleIndex);
        } else if (firstIndex > track.nextSampleIndex) {
            state =
                    bridgeGap(
                            streamId,
                            track,
                            state,
                            otherLead,
                            agreeing,
                            alarms,
                            emitter,
                            firstIndex);
        }

        int count = chunk.getFrameCount() - offset;
        if (count > 0) {
            float[] lead = LeadSamples.millivolts(chunk, track.leadChannel);
            emitter.deliveredThrough(firstIndex + chunk.getFrameCount() - 1);
            if (otherLead.state != null) {
                // First, so that its beats are known when the primary lead's beats and progress
                // are evaluated.
                float[] other = LeadSamples.millivolts(chunk, otherLead.channel);
                detector.process(
                        otherLead.state,
                        other,
                        offset,
                        count,
                        firstIndex + offset,
                        otherLead.listener);
            }
            if (agreeing) {
                // Also first: the agreement rule reads its beats when the alarm detector's beats
                // and progress are evaluated.
                agreement.process(
                        lead,
                        offset,
                        count,
                        firstIndex + offset,
                        firstIndex + chunk.getFrameCount() - 1,
                        emitter.clock(),
                        alarms);
            }
            detector.process(state, lead, offset, count, firstIndex + offset, emitter);
            if (isSignalPoor(chunk, track.leadChannel, state)) {
                emitter.poorSignal(firstIndex + offset, firstIndex + chunk.getFrameCount() - 1);
            }
            emitter.samples(
                    lead,
                    offset,
                    count,
                    firstIndex + offset,
                    LeadSamples.flaggedPoor(chunk, track.leadChannel));
            track.nextSampleIndex = firstIndex + chunk.getFrameCount();
        }

        long detectedThrough = reportedThrough(state, track, emitter);
        if (otherLead.state != null) {
            // The suppressor reads the other lead's beats in the asystole window, so they must be
            // complete too.
            detectedThrough =
                    Math.min(detectedThrough, reportedThrough(otherLead.state, track, emitter));
        }
        if (agreeing) {
            detectedThrough =
                    Math.min(
                            detectedThrough,
                            agreement.reportedThrough(track.nextSampleIndex - 1, emitter.clock()));
        }
        if (detectedThrough > track.detectedThroughIndex) {
            track.detectedThroughIndex = detectedThrough;
            evaluateProgress(state, emitter, detectedThrough, track.nextSampleIndex - 1);
        }

        scheduleCleanup(track, ctx);
        detectorState.update(state);
        if (otherLead.state != null) {
            otherLeadDetectorState.update(otherLead.state);
        } else {
            otherLeadDetectorState.clear();
        }
        trackState.update(track);
        alarmState.update(alarms);
        metrics.heldBackByAgreement(alarms.heldBackByAgreement - heldBackBefore);
        metrics.chunkProcessed(
                streamId,
                emitter.clock().timeMillis(track.nextSampleIndex - 1),
                System.nanoTime() - startedNanos);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Beat> out) throws Exception {
        StreamTrack track = StreamTrack.restored(trackState.value());
        if (track == null) {
            return;
        }
        long nowMillis = ctx.timerService().currentProcessingTime();
        noteFirstCallback(nowMillis);
        String streamId = ctx.getCurrentKey();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            stop(track, streamId, ctx, out, "end-of-input");
            return;
        }

        if (timestamp == track.noDataTimerMillis) {
            NoDataAlarm.Due due =
                    noDataAlarm.onTimer(track, timestamp, firstCallbackMillis, ctx.timerService());
            if (due != NoDataAlarm.Due.NOTHING) {
                AlarmState alarms = AlarmState.restored(alarmState.value());
                BeatEmitter emitter = emitter(streamId, track, alarms, ctx, out);
                long silentMillis = timestamp - track.lastActivityMillis;
                emitter.alert(
                        due == NoDataAlarm.Due.START
                                ? track.noData.start(
                                        NoDataAlarm.alert(
                                                emitter.alerts(),
                                                streamId,
                                                track.nextSampleIndex - 1,
                                                silentMillis))
                                : NoDataAlarm.escalate(emitter.alerts(), track, silentMillis));
            }
        }
        if (timestamp == track.cleanupTimerMillis) {
            long expiresAt = track.lastActivityMillis + settings.stateRetention().toMillis();
            if (timestamp >= expiresAt) {
                stop(track, streamId, ctx, out, "inactive");
                return;
            }
            track.cleanupTimerMillis = expiresAt;
            ctx.timerService().registerProcessingTimeTimer(expiresAt);
        }
        trackState.update(track);
    }

    /** Flushes the detector's pending beats, deletes the stream's timers and clears its state. */
    private void stop(
            StreamTrack track,
            String streamId,
            OnTimerContext ctx,
            Collector<Beat> out,
            String reason)
            throws Exception {
        AlarmState alarms = AlarmState.restored(alarmState.value());
        BeatEmitter emitter = emitter(streamId, track, alarms, ctx, out);
        S state = detectorState.value();
        S otherLeadState = otherLeadDetectorState.value();
        if (otherLeadState != null) {
            detector.finish(otherLeadState, OtherLead.listener(alarms));
        }
        long heldBackBefore = alarms.heldBackByAgreement;
        if (agreement != null) {
            agreement.finish(track.nextSampleIndex - 1, alarms);
        }
        detector.finish(state, emitter);
        String endReason =
                reason.equals("end-of-input")
                        ? "the stream's input ended"
                        : "no chunk for " + settings.stateRetention() + ", monitoring stopped";
        emitter.stop(
                track.nextSampleIndex - 1,
                isSignalAbsent(state),
                detector.signalAbsentSamples(state),
                endReason);
        metrics.heldBackByAgreement(alarms.heldBackByAgreement - heldBackBefore);
        if (track.noData.active) {
            emitter.alert(
                    track.noData.end(
                            emitter.alerts(),
                            AlertType.NO_DATA,
                            track.noData.onsetIndex,
                            null,
                            "No data alert closed: " + endReason));
        }

        // Deleting the timer that is firing is a no-op.
        ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
        if (track.cleanupTimerMillis >= 0) {
            ctx.timerService().deleteProcessingTimeTimer(track.cleanupTimerMillis);
        }
        if (track.noDataTimerMillis >= 0) {
            ctx.timerService().deleteProcessingTimeTimer(track.noDataTimerMillis);
        }
        detectorState.clear();
        otherLeadDetectorState.clear();
        trackState.clear();
        alarmState.clear();
        LOG.info(
                "Stopped beat detection stream={} reason={} lastSampleIndex={}",
                StreamKeyHash.of(streamId),
                reason,
                track.nextSampleIndex - 1);
    }

    /**
     * Records the processing time of this instance's first callback after {@code open}, from which
     * {@link NoDataAlarm} counts silence after a restore.
     */
    private void noteFirstCallback(long nowMillis) {
        if (firstCallbackMillis == Long.MIN_VALUE) {
            firstCallbackMillis = nowMillis;
        }
    }

    /**
     * Returns the last sample up to which {@code state}'s detector has reported every beat: its own
     * {@link BeatDetector#reportedThroughIndex} bound, and at worst {@link
     * BeatDetector#maxDelaySeconds} before the last sample fed.
     */
    private long reportedThrough(S state, StreamTrack track, BeatEmitter emitter) {
        long maxDelaySamples = emitter.clock().samplesIn(detector.maxDelaySeconds());
        long lastSample = track.nextSampleIndex - 1;
        long bound = Math.max(lastSample - maxDelaySamples, detector.reportedThroughIndex(state));
        return Math.min(bound, lastSample);
    }

    /**
     * Evaluates the progress rules ({@link BeatEmitter#progress}) with {@code detectedThrough}, the
     * last sample whose beats the detector has reported, and {@code deliveredThrough}, the last
     * sample received.
     */
    private void evaluateProgress(
            S state, BeatEmitter emitter, long detectedThrough, long deliveredThrough) {
        emitter.progress(
                detectedThrough,
                deliveredThrough,
                isSignalAbsent(state),
                detector.signalAbsentSamples(state));
    }

    /**
     * Returns whether the detector reports a flat or missing lead ({@link
     * BeatDetector#isSignalAbsent}).
     *
     * <p>NOTE: this is checked at chunk ends, so whether a short flat stretch holds back an
     * asystole alert can depend on the chunk size; beats never do.
     */
    private boolean isSignalAbsent(S state) {
        return detector.isSignalAbsent(state);
    }

    /**
     * Returns whether the chunk's samples of {@code channel} are poor: the ingest gate flagged them
     * noisy, saturated, flat or missing samples, or the detector considers the lead unreliable
     * after them ({@link BeatDetector#isSignalUnreliable}).
     */
    private boolean isSignalPoor(SignalChunk chunk, int channel, S state) {
        return detector.isSignalUnreliable(state) || LeadSamples.flaggedPoor(chunk, channel);
    }

    /**
     * Sends a chunk of a stream the detector refuses to the dead letters. No state is kept, so
     * every chunk of that stream is rejected the same way and the job keeps running.
     */
    private void rejectStream(SignalChunk chunk, IllegalArgumentException error, Context ctx) {
        deadLetterMetrics.deadLetter(DeadLetterReason.INVALID_SAMPLING_FREQUENCY);
        ctx.output(
                DEAD_LETTERS,
                deadLetters.create(
                        chunk,
                        new ChunkViolation(
                                DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                                "Stream "
                                        + chunk.getStreamId()
                                        + ": detector "
                                        + detector.name()
                                        + " cannot process samplingFrequencyHz "
                                        + chunk.getSamplingFrequencyHz()
                                        + ": "
                                        + error.getMessage())));
    }

    private StreamTrack startStream(SignalChunk chunk, Context ctx) {
        StreamTrack track = new StreamTrack();
        track.samplingFrequencyHz = chunk.getSamplingFrequencyHz();
        track.streamStartMicros = EpochMicros.of(chunk.getStreamStartMicros());
        track.leadChannel = EcgLeadSelector.select(chunk.getChannelNames());
        track.nextSampleIndex = chunk.getFirstSampleIndex();
        track.detectedThroughIndex = chunk.getFirstSampleIndex() - 1;
        track.cleanupTimerMillis = -1;
        track.noDataTimerMillis = -1;
        track.resetBeats(settings.heartRateBeats());
        track.patientCareUnit = patientCareUnit(chunk);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        LOG.info(
                "Started beat detection stream={} lead={} channel={} samplingFrequencyHz={}"
                        + " firstSampleIndex={} detector={}/{}",
                StreamKeyHash.of(chunk.getStreamId()),
                chunk.getChannelNames().get(track.leadChannel),
                track.leadChannel,
                track.samplingFrequencyHz,
                chunk.getFirstSampleIndex(),
                detector.name(),
                detector.version());
        return track;
    }

    private S bridgeGap(
            String streamId,
            StreamTrack track,
            S state,
            OtherLead<S> otherLead,
            boolean agreeing,
            AlarmState alarms,
            BeatEmitter emitter,
            long firstIndex)
            throws Exception {
        long gapSamples = firstIndex - track.nextSampleIndex;
        long maxPadding = emitter.clock().samplesIn(settings.maxGapPadding().toNanos() / 1e9);

        if (gapSamples <= maxPadding) {
            // Blocks bound the buffer when gap.max-padding is set to hours.
            float[] missing = new float[(int) Math.min(gapSamples, PADDING_BLOCK)];
            Arrays.fill(missing, Float.NaN);
            emitter.deliveredThrough(firstIndex - 1);
            for (long padded = 0; padded < gapSamples; padded += missing.length) {
                int count = (int) Math.min(missing.length, gapSamples - padded);
                long first = track.nextSampleIndex + padded;
                if (otherLead.state != null) {
                    detector.process(otherLead.state, missing, 0, count, first, otherLead.listener);
                }
                if (agreeing) {
                    agreement.process(
                            missing, 0, count, first, first + count - 1, emitter.clock(), alarms);
                }
                detector.process(state, missing, 0, count, first, emitter);
            }
            return state;
        }

        LOG.info(
                "Restarting detection after a gap stream={} gapSamples={} fromSampleIndex={}"
                        + " toSampleIndex={}",
                StreamKeyHash.of(streamId),
                gapSamples,
                track.nextSampleIndex,
                firstIndex);
        if (otherLead.state != null) {
            detector.finish(otherLead.state, otherLead.listener);
            otherLead.state = detector.createState(track.samplingFrequencyHz);
        }
        if (agreeing) {
            agreement.finish(track.nextSampleIndex - 1, alarms);
        }
        detector.finish(state, emitter);
        emitter.stop(
                track.nextSampleIndex - 1,
                isSignalAbsent(state),
                detector.signalAbsentSamples(state),
                "a gap of " + gapSamples + " samples restarts detection");
        emitter.restart(firstIndex, settings.heartRateBeats());
        return detector.createState(track.samplingFrequencyHz);
    }

    /**
     * Returns the stream's other ECG lead and its detector state, restored or new, or an empty one
     * when the suppressor is off for the stream or the chunk has no second ECG lead.
     */
    private OtherLead<S> otherLead(
            String streamId, SignalChunk chunk, StreamTrack track, AlarmState alarms)
            throws Exception {
        OtherLead<S> otherLead = new OtherLead<>(alarms);
        if (!rulesFor(streamId, track).thresholds().suppressor()) {
            return otherLead;
        }
        otherLead.channel = EcgLeadSelector.selectOther(chunk.getChannelNames(), track.leadChannel);
        if (otherLead.channel < 0) {
            return otherLead;
        }
        otherLead.state = otherLeadDetectorState.value();
        if (otherLead.state == null) {
            otherLead.state = detector.createState(track.samplingFrequencyHz);
            LOG.info(
                    "Started other-lead detection for the asystole suppressor stream={} lead={}"
                            + " channel={}",
                    StreamKeyHash.of(streamId),
                    chunk.getChannelNames().get(otherLead.channel),
                    otherLead.channel);
        }
        return otherLead;
    }

    /** Returns the stream's alarm rules, for the care unit of its last patient context. */
    private AlarmRules rulesFor(String streamId, StreamTrack track) {
        return alarmProfiles.rulesFor(streamId, track.patientCareUnit);
    }

    private static String patientCareUnit(SignalChunk chunk) {
        PatientContext patient = chunk.getPatient();
        if (patient == null || patient.getCareUnit() == null) {
            return null;
        }
        return patient.getCareUnit().toString();
    }

    /** The second ECG lead of one chunk call: its channel, detector state and beat listener. */
    private static final class OtherLead<S> {
        final BeatListener listener;
        int channel = -1;
        S state;

        OtherLead(AlarmState alarms) {
            this.listener = listener(alarms);
        }

        static BeatListener listener(AlarmState alarms) {
            return (sampleIndex, beatClass) -> alarms.otherLead.add(sampleIndex);
        }
    }

    private void scheduleCleanup(StreamTrack track, Context ctx) {
        track.lastActivityMillis = ctx.timerService().currentProcessingTime();
        if (track.cleanupTimerMillis < 0) {
            track.cleanupTimerMillis =
                    track.lastActivityMillis + settings.stateRetention().toMillis();
            ctx.timerService().registerProcessingTimeTimer(track.cleanupTimerMillis);
        }
        noDataAlarm.onChunk(track, ctx.timerService());
    }

    private BeatEmitter emitter(
            String streamId,
            StreamTrack track,
            AlarmState alarms,
            KeyedProcessFunction<String, SignalChunk, Beat>.Context ctx,
            Collector<Beat> out) {
        StreamClock clock = new StreamClock(track.streamStartMicros, track.samplingFrequencyHz);
        AlertFactory alerts =
                new AlertFactory(
                        streamId, clock, detector.name(), detector.version(), EpochMicros.now());
        return new BeatEmitter(
                streamId,
                track,
                alarms,
                rulesFor(streamId, track),
                alerts,
                out,
                alert -> ctx.output(ALERTS, alert),
                metrics);
    }
}
