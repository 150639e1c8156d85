package org.medstream.stream.breaths;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import org.medstream.model.artifact.ModelFamily;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.artifact.StreamingModel;
import org.medstream.model.breaths.BidmcTrainingData;
import org.medstream.model.breaths.RespirationChannels;
import org.medstream.model.breaths.RespirationScaler;
import org.medstream.model.leads.LeadLabeller;
import org.medstream.model.medtsllm.BoundaryStream;
import org.medstream.model.medtsllm.MedTsLlmBoundaryModel;
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
 * Detects breath onsets on the respiration channel of a stream with a breaths model (trained by
 * {@code medstream train --task breaths}, LMU or MedTsLLM) and emits one {@link Breath} per onset.
 * Streams without a respiration channel ({@link RespirationChannels}) pass without output or state.
 * {@link StreamModelFunction} describes the keyed state, gaps, overlaps, dead letters and the end
 * of a stream.
 *
 * <p>Per stream with an LMU model, the respiration samples go through a {@link RespirationScaler}
 * at the stream's rate, then a {@link LeadLabeller} (resampler to the model's rate, network) and a
 * {@link RunAssembler}, all kept in {@link BreathTrack}. A breath comes out after the model's delay
 * Δ, the rest of its label run (at most 0.8 s) and the resampler's delay.
 *
 * <p>With a MedTsLLM model the channels that {@code model.json} names (RESP first, then covariates
 * such as PLETH, found by name with case ignored) go unscaled, as in training, to a {@link
 * BoundaryStream}: resampled to the model's rate, cut into windows of the model's length half a
 * window apart, and turned into onsets with the spacing and threshold of training. A stream that
 * has a respiration channel but lacks a covariate goes to the dead letters with a message that
 * names the stream and the channel.
 *
 * <p>A breath's sample index is the stream's own, and its time is the stream start plus index / f.
 * A gap restarts the model's state.
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
        extends StreamModelFunction<BreathTrack, Breath, StreamingModel> {
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
        try (StreamingModel model =
                checked(
                        loadBreathsModel(Path.of(modelDirectory)),
                        modelDirectory,
                        BidmcTrainingData.TASK,
                        "breath detection")) {
            if (model instanceof StreamingLmuModel lmu && lmu.network().leads() != 1) {
                throw new IOException("it has more than one input lead; expected RESP only");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot load the breaths model in "
                            + modelDirectory
                            + ": "
                            + e.getMessage()
                            + "; point breaths.model (annotate: --model-dir) at a directory with model.json and its"
                            + " weights",
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
    protected StreamingModel loadModel(Path directory) throws IOException {
        return loadBreathsModel(directory);
    }

    /** Loads an LMU or a MedTsLLM model, as {@code model.json} names the family. */
    private static StreamingModel loadBreathsModel(Path directory) throws IOException {
        return ModelFamily.isMedTsLlm(directory)
                ? MedTsLlmBoundaryModel.load(directory)
                : StreamingLmuModel.load(directory);
    }

    /** Returns the MedTsLLM model, or null when an LMU model runs. */
    private MedTsLlmBoundaryModel medTsLlm() {
        return model() instanceof MedTsLlmBoundaryModel boundaries ? boundaries : null;
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
        MedTsLlmBoundaryModel medTsLlm = medTsLlm();
        if (medTsLlm != null) {
            List<String> names = medTsLlm.channels();
            track.channels = new int[names.size()];
            track.channels[0] = channel;
            for (int c = 1; c < names.size(); c++) {
                track.channels[c] = channelNamed(chunk.getChannelNames(), names.get(c));
            }
            track.lastValues = new double[names.size()];
        }
        return track;
    }

    @Override
    protected String missingChannel(SignalChunk chunk) {
        MedTsLlmBoundaryModel medTsLlm = medTsLlm();
        if (medTsLlm == null) {
            return null;
        }
        List<String> names = medTsLlm.channels();
        for (int c = 1; c < names.size(); c++) {
            if (channelNamed(chunk.getChannelNames(), names.get(c)) < 0) {
                return "Stream "
                        + chunk.getStreamId()
                        + " has no channel "
                        + names.get(c)
                        + " (channels "
                        + chunk.getChannelNames()
                        + "); the breaths model in "
                        + modelDirectory()
                        + " reads channels "
                        + names;
            }
        }
        return null;
    }

    /** Index of the channel named {@code name}, case ignored; −1 for none. */
    private static int channelNamed(List<String> channelNames, String name) {
        for (int c = 0; c < channelNames.size(); c++) {
            if (channelNames.get(c).equalsIgnoreCase(name)) {
                return c;
            }
        }
        return -1;
    }

    /**
     * Starts a new segment: a new boundary stream for a MedTsLLM model, a new scaler, resampler,
     * network and assembler for an LMU model.
     */
    @Override
    protected void restartSegment(BreathTrack track) {
        ApneaRule.restart(track.apnea, track.nextSampleIndex);
        if (medTsLlm() != null) {
            track.boundaries = BoundaryStream.newState(track.nextSampleIndex);
            return;
        }
        track.scaler = new RespirationScaler(track.samplingFrequencyHz).state();
        track.lead = LeadLabeller.newState(track.samplingFrequencyHz);
        track.assembler = newAssembler().state();
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
        if (medTsLlm() != null) {
            processWindows(track, chunk, offset, count, streamId, out);
            return;
        }
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

    /**
     * Feeds the samples of the model's channels, unscaled, to the stream's {@link BoundaryStream}.
     */
    private void processWindows(
            BreathTrack track,
            SignalChunk chunk,
            int offset,
            int count,
            String streamId,
            Consumer<Breath> out) {
        Breaths breaths = new Breaths(track, streamId, out);
        double[][] input = new double[track.channels.length][count];
        for (int c = 0; c < input.length; c++) {
            float[] samples = LeadSamples.physical(chunk, track.channels[c]);
            boolean negate = inverted && c == 0;
            for (int i = 0; i < count; i++) {
                float value = samples[offset + i];
                if (Float.isFinite(value)) {
                    track.lastValues[c] = negate ? -value : value;
                }
                input[c][i] = track.lastValues[c];
            }
        }
        BoundaryStream stream =
                new BoundaryStream(
                        medTsLlm(), filterFor(track.samplingFrequencyHz), track.boundaries);
        stream.feed(input, count, (modelSample, index) -> breaths.emit(index));
        long reported = stream.reportedThrough();
        if (reported > 0) {
            breaths.checkApnea(stream.streamIndexOf(reported - 1));
        }
        stream.save();
    }

    @Override
    protected void finishSegment(BreathTrack track, String streamId, Consumer<Breath> out) {
        Breaths breaths;
        if (medTsLlm() != null) {
            breaths = new Breaths(track, streamId, out);
            BoundaryStream stream =
                    new BoundaryStream(
                            medTsLlm(), filterFor(track.samplingFrequencyHz), track.boundaries);
            stream.finish((modelSample, index) -> breaths.emit(index));
            stream.save();
        } else {
            Segment segment = new Segment(track, streamId, out);
            segment.labeller.finish(segment::accept);
            segment.assembler.finish(segment::emit);
            segment.save();
            breaths = segment;
        }
        // Nothing is known about breathing during a gap or after the input ends.
        ApneaRule.end(
                track.apnea,
                track.nextSampleIndex - 1,
                breaths.alerts(),
                "Apnea no longer tracked: the respiration signal has a gap or ended",
                breaths::alert);
    }

    /** Emits the breaths of one call of one stream and raises and ends its apnea alerts. */
    private class Breaths {
        final BreathTrack track;
        final String streamId;
        final Consumer<Breath> out;

        Breaths(BreathTrack track, String streamId, Consumer<Breath> out) {
            if (track.apnea == null) {
                // State written before the apnea state had its own class restores it as null.
                track.apnea = new ApneaState();
            }
            this.track = track;
            this.streamId = streamId;
            this.out = out;
        }

        /** Emits a breath onset at stream sample {@code index}. */
        void emit(long index) {
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
                            .setDetectorName(model().family())
                            .setDetectorVersion(model().medstreamVersion())
                            .setEmittedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                            .build());
        }

        /**
         * Raises apnea when every breath up to {@code apneaSeconds} after the reference would have
         * been emitted by now and none was.
         *
         * @param lastReportedIndex stream sample index up to which every breath was emitted
         */
        void checkApnea(long lastReportedIndex) {
            ApneaRule.check(
                    track.apnea,
                    apneaSecondsOf(streamId, track),
                    lastReportedIndex,
                    alerts(),
                    track.channelName,
                    this::alert);
        }

        void alert(Alert alert) {
            sideOutput(ALERTS, alert);
        }

        AlertFactory alerts() {
            return new AlertFactory(
                    streamId,
                    new StreamClock(track.streamStartMicros, track.samplingFrequencyHz),
                    model().family(),
                    model().medstreamVersion(),
                    EpochMicros.now());
        }
    }

    /** The LMU labeller and assembler of one call, restored from the track and saved back. */
    private final class Segment extends Breaths {
        private final LeadLabeller labeller;
        private final RunAssembler assembler;

        Segment(BreathTrack track, String streamId, Consumer<Breath> out) {
            super(track, streamId, out);
            this.labeller =
                    new LeadLabeller(
                            (StreamingLmuModel) model(),
                            filterFor(track.samplingFrequencyHz),
                            track.lead);
            this.assembler = newAssembler();
            assembler.restore(track.assembler);
        }

        void accept(float[] logits) {
            assembler.accept(labeller.mostLikely(logits), this::emit);
        }

        void emit(long modelSample, int label) {
            emit(labeller.streamIndexOf(modelSample));
        }

        /** Checks apnea up to the samples whose labels the assembler has fully reported. */
        void checkApnea() {
            long reported = assembler.reportedThrough();
            if (reported > 0) {
                checkApnea(labeller.streamIndexOf(reported - 1));
            }
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
