package org.medstream.stream.breaths;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.breaths.BidmcTrainingData;
import org.medstream.model.breaths.RespirationChannels;
import org.medstream.model.breaths.RespirationScaler;
import org.medstream.model.leads.LeadLabeller;
import org.medstream.model.runs.RunAssembler;
import org.medstream.schemas.Alert;
import org.medstream.schemas.Breath;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.alarm.AlarmProfiles;
import org.medstream.stream.alarm.AlertFactory;
import org.medstream.stream.alarm.ApneaRule;
import org.medstream.stream.alarm.ApneaState;
import org.medstream.stream.beat.LeadSamples;
import org.medstream.stream.model.StreamModelFunction;
import org.medstream.stream.time.StreamClock;

/**
 * Detects breath onsets on the respiration channel of a stream with a streaming breaths model
 * (trained by {@code medstream train --task breaths}) and emits one {@link Breath} per onset.
 * Streams without a respiration channel ({@link RespirationChannels}) pass without output or state.
 * {@link StreamModelFunction} describes the keyed state, gaps, overlaps, dead letters and the end
 * of a stream.
 *
 * <p>Per stream, the respiration samples go through a {@link RespirationScaler} at the stream's
 * rate, then a {@link LeadLabeller} (resampler to the model's rate, network) and a {@link
 * RunAssembler}, all kept in {@link BreathTrack}. A breath comes out after the model's delay Δ, the
 * rest of its label run (at most 0.8 s) and the resampler's delay. Its sample index is the stream's
 * own, and its time is the stream start plus index / f. A gap restarts scaler, resampler and
 * network.
 *
 * <p>Breath onset means the start of inhalation. The model was trained on impedance pneumography,
 * where inhalation raises the signal, so the onset is at its trough. For sensors whose signal falls
 * on inhalation the function is built with {@code inverted} (job option {@code breaths.inverted})
 * and negates the samples first. Missing samples (NaN) are replaced by the last valid one.
 *
 * <p>Apnea: when no breath onset lies within {@code apneaSeconds} after the last one (or after the
 * start of the segment), a high-priority physiological {@code APNEA} alert goes to {@link #ALERTS},
 * once per pause, as soon as the model has labelled far enough that a breath in that time would
 * already have been emitted. Its onset is the last breath. The next breath sends the alert's END. A
 * pause that exceeds the apnea time by less than about the longest label run (0.8 s) ends with a
 * breath that is reported before that point; its START and END then go out together. A gap ends the
 * pause without a new alert, because nothing is known about breathing during it, and sends END for
 * an open apnea alert, as the end of the input does.
 */
public class BreathDetectionFunction
        extends StreamModelFunction<BreathTrack, Breath, StreamingLmuModel> {
    private static final long serialVersionUID = 1L;

    /** Chunks of streams the model cannot read, such as an unsupported frequency. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("breaths-dead-letters", TypeInformation.of(DeadLetter.class));

    /** Apnea alerts. */
    public static final OutputTag<Alert> ALERTS =
            new OutputTag<>("breaths-alerts", TypeInformation.of(Alert.class));

    private final boolean inverted;
    private final double apneaSeconds;
    private AlarmProfiles alarmProfiles;

    /**
     * Creates the function for the model in {@code modelDirectory}, which every task manager must
     * be able to read: each parallel instance loads it in {@link #open}.
     *
     * @param stateRetention processing time without chunks after which a stream is finished and its
     *     state dropped
     * @param inverted true when inhalation makes the respiration signal fall, so that it is negated
     *     before the model, which expects inhalation to raise it
     * @param apnea time without a breath onset that raises an apnea alert; zero for none
     */
    public BreathDetectionFunction(
            String modelDirectory, Duration stateRetention, boolean inverted, Duration apnea) {
        super(modelDirectory, stateRetention);
        if (apnea.isNegative()) {
            throw new IllegalArgumentException("Invalid apnea time " + apnea + "; 0 or more");
        }
        this.inverted = inverted;
        this.apneaSeconds = apnea.toMillis() / 1000.0;
    }

    /**
     * Creates the function after loading the model once here, so that a missing or broken model
     * directory fails when the job is built and not on the task managers.
     *
     * @throws IllegalArgumentException when {@code modelDirectory} contains no breaths model; the
     *     message names the directory and the cause
     */
    public static BreathDetectionFunction forModel(
            String modelDirectory, Duration stateRetention, boolean inverted, Duration apnea) {
        try {
            if (load(modelDirectory, BidmcTrainingData.TASK, "breath detection").network().leads()
                    != 1) {
                throw new IOException("it has more than one input lead; expected RESP only");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot load the breaths model in "
                            + modelDirectory
                            + ": "
                            + e.getMessage()
                            + "; point breaths.model at a directory with model.json and its"
                            + " streaming weights",
                    e);
        }
        return new BreathDetectionFunction(modelDirectory, stateRetention, inverted, apnea);
    }

    /**
     * Takes each stream's apnea time from {@code profiles} (threshold {@code apnea}, per stream or
     * care unit) in place of the single time given to the constructor.
     */
    public BreathDetectionFunction withAlarmProfiles(AlarmProfiles profiles) {
        this.alarmProfiles = profiles;
        return this;
    }

    /** Returns the stream's apnea time, for the care unit of its last patient context. */
    private double apneaSecondsOf(String streamId, BreathTrack track) {
        return alarmProfiles == null
                ? apneaSeconds
                : alarmProfiles
                        .rulesFor(streamId, track.patientCareUnit)
                        .thresholds()
                        .apneaSeconds();
    }

    @Override
    protected String task() {
        return BidmcTrainingData.TASK;
    }

    @Override
    protected StreamingLmuModel loadModel(Path directory) throws IOException {
        return StreamingLmuModel.load(directory);
    }

    @Override
    protected String operatorName() {
        return "detect-breaths";
    }

    @Override
    protected String activity() {
        return "breath detection";
    }

    @Override
    protected Class<BreathTrack> trackClass() {
        return BreathTrack.class;
    }

    @Override
    protected OutputTag<DeadLetter> deadLetterTag() {
        return DEAD_LETTERS;
    }

    @Override
    protected BreathTrack newTrack(SignalChunk chunk) {
        int channel = RespirationChannels.find(chunk.getChannelNames());
        if (channel < 0) {
            return null;
        }
        BreathTrack track = new BreathTrack();
        track.channel = channel;
        track.channelName = chunk.getChannelNames().get(channel);
        return track;
    }

    /** Starts a new scaler, resampler, network and assembler. */
    @Override
    protected void restartSegment(BreathTrack track) {
        track.scaler = new RespirationScaler(track.samplingFrequencyHz).state();
        track.lead = LeadLabeller.newState(track.samplingFrequencyHz);
        track.assembler = newAssembler().state();
        ApneaRule.restart(track.apnea, track.nextSampleIndex);
    }

    @Override
    protected void process(
            BreathTrack track,
            SignalChunk chunk,
            int offset,
            int count,
            String streamId,
            Consumer<Breath> out) {
        track.patientCareUnit =
                chunk.getPatient() == null || chunk.getPatient().getCareUnit() == null
                        ? null
                        : chunk.getPatient().getCareUnit().toString();
        float[] samples = LeadSamples.physical(chunk, track.channel);
        RespirationScaler scaler = new RespirationScaler(track.samplingFrequencyHz);
        scaler.restore(track.scaler);
        double[] input = new double[count];
        for (int i = 0; i < count; i++) {
            float value = samples[offset + i];
            if (Float.isFinite(value)) {
                track.lastValue = inverted ? -value : value;
            }
            input[i] = scaler.scale(track.lastValue);
        }
        track.scaler = scaler.state();

        Segment segment = new Segment(track, streamId, out);
        segment.labeller.feed(input, chunk.getFirstSampleIndex() + offset, segment::accept);
        segment.checkApnea();
        segment.save();
    }

    @Override
    protected void finishSegment(BreathTrack track, String streamId, Consumer<Breath> out) {
        Segment segment = new Segment(track, streamId, out);
        segment.labeller.finish(segment::accept);
        segment.assembler.finish(segment::emit);
        // Nothing is known about breathing during a gap or after the input ends.
        ApneaRule.end(
                track.apnea,
                track.nextSampleIndex - 1,
                segment.alerts(),
                "Apnea no longer tracked: the respiration signal has a gap or ended",
                segment::alert);
        segment.save();
    }

    /** The labeller and assembler of one call, restored from the track and saved back. */
    private final class Segment {
        private final BreathTrack track;
        private final String streamId;
        private final Consumer<Breath> out;
        private final LeadLabeller labeller;
        private final RunAssembler assembler;

        Segment(BreathTrack track, String streamId, Consumer<Breath> out) {
            if (track.apnea == null) {
                // State written before the apnea state had its own class restores it as null.
                track.apnea = new ApneaState();
            }
            this.track = track;
            this.streamId = streamId;
            this.out = out;
            this.labeller =
                    new LeadLabeller(model(), filterFor(track.samplingFrequencyHz), track.lead);
            this.assembler = newAssembler();
            assembler.restore(track.assembler);
        }

        void accept(float[] logits) {
            assembler.accept(labeller.mostLikely(logits), this::emit);
        }

        void emit(long modelSample, int label) {
            long index = labeller.streamIndexOf(modelSample);
            Double intervalMillis =
                    ApneaRule.onBreath(
                            track.apnea,
                            apneaSecondsOf(streamId, track),
                            index,
                            alerts(),
                            track.channelName,
                            this::alert);
            StreamClock clock = new StreamClock(track.streamStartMicros, track.samplingFrequencyHz);
            out.accept(
                    Breath.newBuilder()
                            .setStreamId(streamId)
                            .setChannel(track.channelName)
                            .setOnsetSampleIndex(index)
                            .setEventTimeMicros(EpochMicros.toInstant(clock.timeMicros(index)))
                            .setBreathIntervalMillis(intervalMillis)
                            .setDetectorName(model().metadata().model())
                            .setDetectorVersion(model().metadata().medstreamVersion())
                            .setEmittedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                            .build());
        }

        /**
         * Raises apnea when every breath up to {@code apneaSeconds} after the reference would have
         * been emitted by now and none was.
         */
        void checkApnea() {
            long reported = assembler.reportedThrough();
            if (reported > 0) {
                ApneaRule.check(
                        track.apnea,
                        apneaSecondsOf(streamId, track),
                        labeller.streamIndexOf(reported - 1),
                        alerts(),
                        track.channelName,
                        this::alert);
            }
        }

        void alert(Alert alert) {
            sideOutput(ALERTS, alert);
        }

        AlertFactory alerts() {
            return new AlertFactory(
                    streamId,
                    new StreamClock(track.streamStartMicros, track.samplingFrequencyHz),
                    model().metadata().model(),
                    model().metadata().medstreamVersion(),
                    EpochMicros.now());
        }

        void save() {
            labeller.save();
            track.assembler = assembler.state();
        }
    }

    private RunAssembler newAssembler() {
        return new RunAssembler(1, BidmcTrainingData.HALF_WIDTH_SECONDS, modelHz());
    }
}
