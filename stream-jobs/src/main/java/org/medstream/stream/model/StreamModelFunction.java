package org.medstream.stream.model;

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
import org.medstream.model.artifact.ModelMetadata;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.artifact.StreamingModel;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.ResamplingFilters;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.time.RetentionTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the keyed operators that run a streaming model over every stream (wave delineation,
 * breath detection, anomaly scoring). Keyed by stream id, after chunk validation. It does what they
 * share:
 *
 * <ul>
 *   <li>loads the model in {@link #open}, so every task manager must be able to read its directory,
 *       and closes it in {@link #close};
 *   <li>keeps one track per stream in keyed state, a POJO, so a restored checkpoint continues with
 *       the same output as an uninterrupted run;
 *   <li>sends chunks of streams at a frequency the resampler cannot convert to the model's rate, or
 *       without a channel the model reads, to the dead letters, keeping no state, so every chunk of
 *       such a stream is rejected the same way and the job keeps running;
 *   <li>cuts chunks that overlap samples already processed to their new samples;
 *   <li>on a gap (a chunk that starts after the expected sample index) finishes the current
 *       segment, emitting what it still holds, and starts a new one at the chunk's first sample;
 *       the recurrent network needs about its memory window θ to settle again;
 *   <li>finishes the stream and clears its state at the end of bounded input (an event-time timer
 *       at {@code Long.MAX_VALUE}) or after {@code stateRetention} of processing time without
 *       chunks.
 * </ul>
 *
 * @param <T> the stream's track
 * @param <O> the events emitted
 * @param <M> the model
 */
public abstract class StreamModelFunction<T extends StreamModelTrack, O, M extends StreamingModel>
        extends KeyedProcessFunction<String, SignalChunk, O> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StreamModelFunction.class);

    private final String modelDirectory;
    private final Duration stateRetention;

    private transient M model;
    private transient ResamplingFilters filters;
    private transient ValueState<T> trackState;
    private transient ChunkDeadLetters deadLetters;

    /** Context of the element or timer being processed, for {@link #sideOutput}. */
    private transient Context currentContext;

    /**
     * @param modelDirectory directory of the model, read by every parallel instance in {@link
     *     #open}
     * @param stateRetention processing time without chunks after which a stream is finished and its
     *     state dropped
     */
    protected StreamModelFunction(String modelDirectory, Duration stateRetention) {
        this.modelDirectory = Objects.requireNonNull(modelDirectory, "modelDirectory");
        this.stateRetention = Objects.requireNonNull(stateRetention, "stateRetention");
    }

    /** Returns the model's task, such as {@code waves}; {@link #open} rejects other models. */
    protected abstract String task();

    /**
     * Loads the model in {@code directory}; {@link #open} then checks its task and rate.
     *
     * @throws IOException when the model cannot be read
     */
    protected abstract M loadModel(Path directory) throws IOException;

    /** Returns the operator's name, such as {@code delineate-waves}, for dead letters. */
    protected abstract String operatorName();

    /** Returns what the operator does, such as {@code wave delineation}, for log lines. */
    protected abstract String activity();

    protected abstract Class<T> trackClass();

    protected abstract OutputTag<DeadLetter> deadLetterTag();

    /**
     * Returns a new track for the stream of {@code chunk}, with the operator's own fields set, or
     * null when the stream has nothing for this operator (no such channel), so it is skipped. It is
     * called for every chunk of a skipped or rejected stream, so it should not log. The base class
     * sets the common fields and then calls {@link #restartSegment}.
     */
    protected abstract T newTrack(SignalChunk chunk);

    /**
     * Returns why the stream of {@code chunk}, which {@link #newTrack} took, lacks a channel the
     * model needs, naming the stream and the channel; null when it has them all. Its chunks then go
     * to the dead letters as a channel mismatch and no state is kept. The default finds nothing
     * missing.
     */
    protected String missingChannel(SignalChunk chunk) {
        return null;
    }

    /** Resets the model's state for a new segment; {@code track.nextSampleIndex} is its start. */
    protected abstract void restartSegment(T track);

    /** Runs the model over {@code count} samples of {@code chunk} from frame {@code offset}. */
    protected abstract void process(
            T track, SignalChunk chunk, int offset, int count, String streamId, Consumer<O> out);

    /** Ends the current segment: emits what the model still holds. */
    protected abstract void finishSegment(T track, String streamId, Consumer<O> out);

    /**
     * Emits {@code value} to the side output {@code tag}; valid only while an element or timer of
     * this operator is processed, which is when {@link #process} and {@link #finishSegment} run.
     */
    protected final <X> void sideOutput(OutputTag<X> tag, X value) {
        currentContext.output(tag, value);
    }

    /** Returns the loaded model; valid after {@link #open}. */
    protected final M model() {
        return model;
    }

    /** Returns the model's sampling frequency in whole Hz; valid after {@link #open}. */
    protected final int modelHz() {
        return filters.modelHz();
    }

    protected final String modelDirectory() {
        return modelDirectory;
    }

    /**
     * Returns the filter from {@code samplingFrequencyHz} to the model's rate, or null when the two
     * are equal.
     *
     * @throws IllegalArgumentException when the resampler cannot convert that frequency
     */
    protected final ResamplingFilter filterFor(double samplingFrequencyHz) {
        return filters.toModel(samplingFrequencyHz);
    }

    @Override
    public void open(OpenContext openContext) throws IOException {
        model = checked(loadModel(Path.of(modelDirectory)), modelDirectory, task(), activity());
        filters = new ResamplingFilters((int) model.samplingFrequencyHz());
        trackState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        task(), TypeInformation.of(trackClass())));
        deadLetters = new ChunkDeadLetters(operatorName());
        LOG.info(
                "Loaded model for {} directory={} model={} version={} samplingFrequencyHz={}"
                        + " delayMillis={}",
                activity(),
                modelDirectory,
                model.family(),
                model.medstreamVersion(),
                modelHz(),
                model.delayMillis());
    }

    @Override
    public void processElement(SignalChunk chunk, Context ctx, Collector<O> out) throws Exception {
        currentContext = ctx;
        String streamId = ctx.getCurrentKey();
        T track = trackState.value();
        if (track == null) {
            // A stream without input for this operator is skipped before its rate is checked, so
            // that a rate only this operator cannot take does not dead-letter it.
            track = newTrack(chunk);
            if (track == null) {
                return;
            }
            String missing = missingChannel(chunk);
            if (missing != null) {
                ctx.output(
                        deadLetterTag(),
                        deadLetters.create(
                                chunk,
                                new ChunkViolation(DeadLetterReason.CHANNEL_MISMATCH, missing)));
                return;
            }
            try {
                filterFor(chunk.getSamplingFrequencyHz());
            } catch (IllegalArgumentException e) {
                rejectStream(chunk, e, ctx);
                return;
            }
            startStream(track, chunk, ctx);
        }

        long firstIndex = chunk.getFirstSampleIndex();
        int offset = 0;
        if (firstIndex < track.nextSampleIndex) {
            offset = (int) Math.min(chunk.getFrameCount(), track.nextSampleIndex - firstIndex);
            LOG.warn(
                    "Skipping {} overlapping samples in {} stream={} firstSampleIndex={}"
                            + " expectedSampleIndex={}",
                    offset,
                    activity(),
                    StreamKeyHash.of(streamId),
                    firstIndex,
                    track.nextSampleIndex);
        } else if (firstIndex > track.nextSampleIndex) {
            LOG.info(
                    "Restarting {} after a gap stream={} gapSamples={} fromSampleIndex={}"
                            + " toSampleIndex={}",
                    activity(),
                    StreamKeyHash.of(streamId),
                    firstIndex - track.nextSampleIndex,
                    track.nextSampleIndex,
                    firstIndex);
            finishSegment(track, streamId, out::collect);
            track.nextSampleIndex = firstIndex;
            restartSegment(track);
        }

        int count = chunk.getFrameCount() - offset;
        if (count > 0) {
            process(track, chunk, offset, count, streamId, out::collect);
            track.nextSampleIndex = firstIndex + chunk.getFrameCount();
        }

        track.retention.touch(ctx.timerService(), stateRetention);
        trackState.update(track);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
        currentContext = ctx;
        T track = trackState.value();
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

    /** Finishes the segment, deletes the stream's timers and clears its state. */
    private void stop(T track, OnTimerContext ctx, Collector<O> out, String reason)
            throws Exception {
        String streamId = ctx.getCurrentKey();
        finishSegment(track, streamId, out::collect);

        // Deleting the timer that is firing is a no-op.
        ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
        track.retention.cancel(ctx.timerService());
        trackState.clear();
        LOG.info(
                "Stopped {} stream={} reason={} lastSampleIndex={}",
                activity(),
                StreamKeyHash.of(streamId),
                reason,
                track.nextSampleIndex - 1);
    }

    private void startStream(T track, SignalChunk chunk, Context ctx) {
        track.samplingFrequencyHz = chunk.getSamplingFrequencyHz();
        track.streamStartMicros = EpochMicros.of(chunk.getStreamStartMicros());
        track.nextSampleIndex = chunk.getFirstSampleIndex();
        track.retention = new RetentionTimer();
        restartSegment(track);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        LOG.info(
                "Started {} stream={} samplingFrequencyHz={} modelSamplingFrequencyHz={}"
                        + " firstSampleIndex={}",
                activity(),
                StreamKeyHash.of(chunk.getStreamId()),
                track.samplingFrequencyHz,
                modelHz(),
                chunk.getFirstSampleIndex());
    }

    private void rejectStream(SignalChunk chunk, IllegalArgumentException error, Context ctx) {
        ctx.output(
                deadLetterTag(),
                deadLetters.create(
                        chunk,
                        new ChunkViolation(
                                DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                                "Stream "
                                        + chunk.getStreamId()
                                        + ": "
                                        + task()
                                        + " model in "
                                        + modelDirectory
                                        + " ("
                                        + modelHz()
                                        + " Hz) cannot take samplingFrequencyHz "
                                        + chunk.getSamplingFrequencyHz()
                                        + ": "
                                        + error.getMessage())));
    }

    @Override
    public void close() throws Exception {
        if (model != null) {
            model.close();
            model = null;
        }
        super.close();
    }

    /**
     * Checks that {@code loaded} is a {@code task} model at a whole number of Hz, and closes it
     * when it is not.
     *
     * @param user what needs the model, such as {@code wave delineation}, for the message
     * @throws IOException when it is not such a model
     */
    protected static <M extends StreamingModel> M checked(
            M loaded, String modelDirectory, String task, String user) throws IOException {
        try {
            if (!task.equals(loaded.task())) {
                throw new IOException(
                        "it is a '"
                                + loaded.task()
                                + "' model, "
                                + user
                                + " needs a model of task '"
                                + task
                                + "'");
            }
            double hz = loaded.samplingFrequencyHz();
            if (!(hz >= 1) || hz != Math.rint(hz) || hz > Integer.MAX_VALUE) {
                throw new IOException(
                        "Invalid samplingFrequencyHz "
                                + hz
                                + " in "
                                + Path.of(modelDirectory).resolve(ModelMetadata.FILE_NAME)
                                + "; a streaming model needs a positive whole number of Hz");
            }
        } catch (IOException e) {
            loaded.close();
            throw e;
        }
        return loaded;
    }

    /**
     * Loads the LMU model in {@code modelDirectory} and checks it as {@link #checked} does.
     *
     * @throws IOException when the model cannot be read or is not such a model
     */
    protected static StreamingLmuModel load(String modelDirectory, String task, String user)
            throws IOException {
        return checked(StreamingLmuModel.load(Path.of(modelDirectory)), modelDirectory, task, user);
    }
}
