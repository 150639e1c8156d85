package org.medstream.stream.breaths;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
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
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.breaths.BidmcTrainingData;
import org.medstream.model.breaths.RespirationChannels;
import org.medstream.model.breaths.RespirationScaler;
import org.medstream.model.leads.LeadLabeller;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.ResamplingFilters;
import org.medstream.model.runs.RunAssembler;
import org.medstream.schemas.Breath;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.beat.LeadSamples;
import org.medstream.stream.time.RetentionTimer;
import org.medstream.stream.time.StreamClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects breath onsets on the respiration channel of a stream with a streaming breaths model
 * (trained by {@code medstream train --task breaths}) and emits one {@link Breath} per onset. Keyed
 * by stream id, after chunk validation; streams without a respiration channel ({@link
 * RespirationChannels}) pass without output.
 *
 * <p>Per stream, the respiration samples go through a {@link RespirationScaler} at the stream's
 * rate, then a {@link LeadLabeller} (resampler to the model's rate, network) and a {@link
 * RunAssembler}, all kept in keyed state ({@link BreathTrack}), so a restored checkpoint continues
 * with the same breaths as an uninterrupted run. A breath comes out after the model's delay Δ, the
 * rest of its label run (at most 0.8 s) and the resampler's delay. Its sample index is the stream's
 * own, and its time is the stream start plus index / f.
 *
 * <p>Breath onset means the start of inhalation. The model was trained on impedance pneumography,
 * where inhalation raises the signal, so the onset is at its trough. For sensors whose signal falls
 * on inhalation the function is built with {@code inverted} (job option {@code breaths.inverted})
 * and negates the samples first.
 *
 * <p>Missing samples (NaN) are replaced by the last valid one. A chunk that starts after the
 * expected sample index ends the segment: breaths still held are emitted, and scaler, resampler and
 * network start again at the chunk's first sample. Chunks overlapping samples already processed are
 * cut to their new samples. Streams whose sampling frequency the resampler cannot convert go to
 * {@link #DEAD_LETTERS}. A bounded source's end (an event-time timer at {@code Long.MAX_VALUE}) and
 * {@code stateRetention} without chunks finish the stream and clear its state.
 */
public class BreathDetectionFunction extends KeyedProcessFunction<String, SignalChunk, Breath> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BreathDetectionFunction.class);

    /** Chunks of streams the model cannot read, such as an unsupported frequency. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("breaths-dead-letters", TypeInformation.of(DeadLetter.class));

    private final String modelDirectory;
    private final Duration stateRetention;
    private final boolean inverted;

    private transient StreamingLmuModel model;
    private transient int modelHz;
    private transient ResamplingFilters filters;
    private transient ValueState<BreathTrack> trackState;
    private transient ChunkDeadLetters deadLetters;

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
        this.modelDirectory = Objects.requireNonNull(modelDirectory, "modelDirectory");
        this.stateRetention = Objects.requireNonNull(stateRetention, "stateRetention");
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
            load(modelDirectory);
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
    public void open(OpenContext openContext) throws IOException {
        model = load(modelDirectory);
        modelHz = (int) model.metadata().samplingFrequencyHz();
        filters = new ResamplingFilters(modelHz);
        trackState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "breaths", TypeInformation.of(BreathTrack.class)));
        deadLetters = new ChunkDeadLetters("detect-breaths");
        LOG.info(
                "Loaded breaths model directory={} model={} version={} samplingFrequencyHz={}"
                        + " delayMillis={}",
                modelDirectory,
                model.metadata().model(),
                model.metadata().medstreamVersion(),
                modelHz,
                model.metadata().delayMillis());
    }

    @Override
    public void processElement(SignalChunk chunk, Context ctx, Collector<Breath> out)
            throws Exception {
        BreathTrack track = trackState.value();
        if (track == null) {
            int channel = RespirationChannels.find(chunk.getChannelNames());
            if (channel < 0) {
                return;
            }
            try {
                filterFor(chunk.getSamplingFrequencyHz());
            } catch (IllegalArgumentException e) {
                rejectStream(chunk, e, ctx);
                return;
            }
            track = startStream(chunk, channel, ctx);
        }

        long firstIndex = chunk.getFirstSampleIndex();
        int offset = 0;
        if (firstIndex < track.nextSampleIndex) {
            offset = (int) Math.min(chunk.getFrameCount(), track.nextSampleIndex - firstIndex);
            LOG.warn(
                    "Skipping {} overlapping samples stream={} firstSampleIndex={}"
                            + " expectedSampleIndex={}",
                    offset,
                    StreamKeyHash.of(ctx.getCurrentKey()),
                    firstIndex,
                    track.nextSampleIndex);
        } else if (firstIndex > track.nextSampleIndex) {
            LOG.info(
                    "Restarting breath detection after a gap stream={} gapSamples={}"
                            + " fromSampleIndex={} toSampleIndex={}",
                    StreamKeyHash.of(ctx.getCurrentKey()),
                    firstIndex - track.nextSampleIndex,
                    track.nextSampleIndex,
                    firstIndex);
            finishSegment(track, ctx.getCurrentKey(), out::collect);
            restartSegment(track, firstIndex);
        }

        int count = chunk.getFrameCount() - offset;
        if (count > 0) {
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

            Segment segment = new Segment(track, ctx.getCurrentKey(), out::collect);
            segment.labeller.feed(input, firstIndex + offset, segment::accept);
            segment.save();
            track.nextSampleIndex = firstIndex + chunk.getFrameCount();
        }

        track.retention.touch(ctx.timerService(), stateRetention);
        trackState.update(track);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Breath> out)
            throws Exception {
        BreathTrack track = trackState.value();
        if (track == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            stop(track, ctx, out, "end-of-input");
            return;
        }
        if (track.retention.expired(timestamp, ctx.timerService(), stateRetention)) {
            stop(track, ctx, out, "inactive");
            return;
        }
        trackState.update(track);
    }

    /** The labeller and assembler of one segment, restored from the track and saved back. */
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
                    new LeadLabeller(model, filterFor(track.samplingFrequencyHz), track.lead);
            this.assembler = newAssembler();
            assembler.restore(track.assembler);
        }

        void accept(int label) {
            assembler.accept(label, this::emit);
        }

        void finish() {
            labeller.finish(this::accept);
            assembler.finish(this::emit);
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
                            .setDetectorName(model.metadata().model())
                            .setDetectorVersion(model.metadata().medstreamVersion())
                            .setEmittedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                            .build());
        }

        void save() {
            labeller.save();
            track.assembler = assembler.state();
        }
    }

    /** Finishes every breath of the segment, deletes the stream's timers and clears its state. */
    private void stop(BreathTrack track, OnTimerContext ctx, Collector<Breath> out, String reason)
            throws Exception {
        finishSegment(track, ctx.getCurrentKey(), out::collect);

        // Deleting the timer that is firing is a no-op.
        ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
        track.retention.cancel(ctx.timerService());
        trackState.clear();
        LOG.info(
                "Stopped breath detection stream={} reason={} lastSampleIndex={}",
                StreamKeyHash.of(ctx.getCurrentKey()),
                reason,
                track.nextSampleIndex - 1);
    }

    private void finishSegment(BreathTrack track, String streamId, Consumer<Breath> out) {
        Segment segment = new Segment(track, streamId, out);
        segment.finish();
        segment.save();
    }

    /** Starts a new segment at {@code firstIndex}: new scaler, resampler, network and assembler. */
    private void restartSegment(BreathTrack track, long firstIndex) {
        track.nextSampleIndex = firstIndex;
        track.scaler = new RespirationScaler(track.samplingFrequencyHz).state();
        track.lead = LeadLabeller.newState(track.samplingFrequencyHz);
        track.assembler = newAssembler().state();
    }

    private BreathTrack startStream(SignalChunk chunk, int channel, Context ctx) {
        BreathTrack track = new BreathTrack();
        track.channel = channel;
        track.channelName = chunk.getChannelNames().get(channel);
        track.samplingFrequencyHz = chunk.getSamplingFrequencyHz();
        track.streamStartMicros = EpochMicros.of(chunk.getStreamStartMicros());
        track.lastBreathIndex = -1;
        track.retention = new RetentionTimer();
        restartSegment(track, chunk.getFirstSampleIndex());
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        LOG.info(
                "Started breath detection stream={} channel={} samplingFrequencyHz={}"
                        + " modelSamplingFrequencyHz={} firstSampleIndex={}",
                StreamKeyHash.of(chunk.getStreamId()),
                track.channelName,
                track.samplingFrequencyHz,
                modelHz,
                chunk.getFirstSampleIndex());
        return track;
    }

    /**
     * Sends a chunk of a stream the model cannot read to the dead letters. No state is kept, so
     * every chunk of that stream is rejected the same way and the job keeps running.
     */
    private void rejectStream(SignalChunk chunk, IllegalArgumentException error, Context ctx) {
        ctx.output(
                DEAD_LETTERS,
                deadLetters.create(
                        chunk,
                        new ChunkViolation(
                                DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                                "Stream "
                                        + chunk.getStreamId()
                                        + ": breaths model in "
                                        + modelDirectory
                                        + " ("
                                        + modelHz
                                        + " Hz) cannot read samplingFrequencyHz "
                                        + chunk.getSamplingFrequencyHz()
                                        + ": "
                                        + error.getMessage())));
    }

    private RunAssembler newAssembler() {
        return new RunAssembler(1, BidmcTrainingData.HALF_WIDTH_SECONDS, modelHz);
    }

    private ResamplingFilter filterFor(double samplingFrequencyHz) {
        return filters.toModel(samplingFrequencyHz);
    }

    /**
     * Loads the breaths model in {@code modelDirectory}.
     *
     * @throws IOException when it cannot be read, is not a one-lead 'breaths' model or its rate is
     *     not a positive whole number of Hz
     */
    private static StreamingLmuModel load(String modelDirectory) throws IOException {
        StreamingLmuModel loaded = StreamingLmuModel.load(Path.of(modelDirectory));
        String task = loaded.metadata().task();
        if (!BidmcTrainingData.TASK.equals(task)) {
            throw new IOException(
                    "it is a '" + task + "' model, the breath operator needs a 'breaths' model");
        }
        double hz = loaded.metadata().samplingFrequencyHz();
        if (!(hz >= 1) || hz != Math.rint(hz) || loaded.network().leads() != 1) {
            throw new IOException(
                    "Invalid breaths model: samplingFrequencyHz "
                            + hz
                            + " and "
                            + loaded.network().leads()
                            + " leads; expected a whole number of Hz and one lead");
        }
        return loaded;
    }
}
