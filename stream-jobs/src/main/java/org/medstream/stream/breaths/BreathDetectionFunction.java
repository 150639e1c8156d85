package org.medstream.stream.breaths;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import org.medstream.model.breaths.BidmcTrainingData;
import org.medstream.model.breaths.RespirationChannels;
import org.medstream.model.breaths.RespirationScaler;
import org.medstream.model.leads.LeadLabeller;
import org.medstream.model.runs.RunAssembler;
import org.medstream.schemas.Breath;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.time.EpochMicros;
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
 */
public class BreathDetectionFunction extends StreamModelFunction<BreathTrack, Breath> {
    private static final long serialVersionUID = 1L;

    /** Chunks of streams the model cannot read, such as an unsupported frequency. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("breaths-dead-letters", TypeInformation.of(DeadLetter.class));

    private final boolean inverted;

    /**
     * Creates the function for the model in {@code modelDirectory}, which every task manager must
     * be able to read: each parallel instance loads it in {@link #open}.
     *
     * @param stateRetention processing time without chunks after which a stream is finished and its
     *     state dropped
     * @param inverted true when inhalation makes the respiration signal fall, so that it is negated
     *     before the model, which expects inhalation to raise it
     */
    public BreathDetectionFunction(
            String modelDirectory, Duration stateRetention, boolean inverted) {
        super(modelDirectory, stateRetention);
        this.inverted = inverted;
    }

    /**
     * Creates the function after loading the model once here, so that a missing or broken model
     * directory fails when the job is built and not on the task managers.
     *
     * @throws IllegalArgumentException when {@code modelDirectory} contains no breaths model; the
     *     message names the directory and the cause
     */
    public static BreathDetectionFunction forModel(
            String modelDirectory, Duration stateRetention, boolean inverted) {
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
        return new BreathDetectionFunction(modelDirectory, stateRetention, inverted);
    }

    @Override
    protected String task() {
        return BidmcTrainingData.TASK;
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
        track.lastBreathIndex = -1;
        return track;
    }

    /** Starts a new scaler, resampler, network and assembler. */
    @Override
    protected void restartSegment(BreathTrack track) {
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
        segment.save();
    }

    @Override
    protected void finishSegment(BreathTrack track, String streamId, Consumer<Breath> out) {
        Segment segment = new Segment(track, streamId, out);
        segment.labeller.finish(segment::accept);
        segment.assembler.finish(segment::emit);
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
            StreamClock clock = new StreamClock(track.streamStartMicros, track.samplingFrequencyHz);
            Double intervalMillis =
                    track.lastBreathIndex < 0
                            ? null
                            : (index - track.lastBreathIndex) * 1000.0 / track.samplingFrequencyHz;
            track.lastBreathIndex = index;
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

        void save() {
            labeller.save();
            track.assembler = assembler.state();
        }
    }

    private RunAssembler newAssembler() {
        return new RunAssembler(1, BidmcTrainingData.HALF_WIDTH_SECONDS, modelHz());
    }
}
