package org.medstream.stream.anomalies;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
import org.medstream.model.anomalies.AnomalySpan;
import org.medstream.model.anomalies.AnomalySpanAssembler;
import org.medstream.model.anomalies.AnomalyTrainingData;
import org.medstream.model.artifact.ModelMetadata;
import org.medstream.model.artifact.StreamingLmuModel;
import org.medstream.model.leads.LeadMap;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.beat.LeadSamples;
import org.medstream.stream.time.StreamClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the lead II of every stream with a streaming anomalies model and emits one {@link Anomaly}
 * per anomalous span: the span's first and past-the-end stream sample indices, its maximum score,
 * the threshold ({@link AnomalySpanAssembler#DEFAULT_THRESHOLD}) and the model. Keyed by stream id,
 * after chunk validation.
 *
 * <p>{@link LeadMap} picks the channel (MIT-BIH's MLII feeds lead II, and a stream without a named
 * lead II feeds its channel 0). When the stream's sampling frequency differs from the model's, a
 * {@link org.medstream.model.resample.StreamingResampler} converts it. Network, resampler and span
 * assembler live in keyed state ({@link AnomalyTrack}), so a restored checkpoint continues with the
 * same spans as an uninterrupted run. Spans come out about Δ plus 50 ms after their last sample
 * ({@link AnomalySpanAssembler#MERGE_GAP_SECONDS}), later by the resampler's delay when one runs.
 * Their event time is the stream start plus the first index divided by the stream's own rate.
 *
 * <p>Streams without channels, or whose sampling frequency is not a whole number of Hz or too far
 * from the model's for the resampler, go to {@link #DEAD_LETTERS}; no state is kept for them.
 *
 * <p>Gaps: a chunk that starts after the expected sample index ends the current scoring segment
 * (its open span is emitted) and starts a new one at the chunk's first sample. The network needs
 * about its memory window θ to settle again. Chunks overlapping samples already scored are cut to
 * their new samples.
 *
 * <p>End of input: an event-time timer at {@code Long.MAX_VALUE} finishes the stream and clears the
 * state when a bounded source ends. A processing-time timer does the same after {@code
 * stateRetention} without chunks.
 */
public class AnomalyScoringFunction extends KeyedProcessFunction<String, SignalChunk, Anomaly> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyScoringFunction.class);

    /** Name and uid of the operator in the job. */
    public static final String OPERATOR = "score-anomalies";

    /** Chunks of streams the model cannot score, such as an unsupported frequency. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("anomalies-dead-letters", TypeInformation.of(DeadLetter.class));

    private final String modelDirectory;
    private final Duration stateRetention;

    private transient StreamingLmuModel model;
    private transient int modelHz;
    private transient Map<Integer, ResamplingFilter> filters;
    private transient ValueState<AnomalyTrack> trackState;
    private transient ChunkDeadLetters deadLetters;

    /**
     * Creates the function for the model in {@code modelDirectory}, which every task manager must
     * be able to read: each parallel instance loads it in {@link #open}.
     *
     * @param stateRetention processing time without chunks after which a stream is finished and its
     *     state dropped
     */
    public AnomalyScoringFunction(String modelDirectory, Duration stateRetention) {
        this.modelDirectory = Objects.requireNonNull(modelDirectory, "modelDirectory");
        this.stateRetention = Objects.requireNonNull(stateRetention, "stateRetention");
    }

    /**
     * Creates the function after loading the model once here, so that a missing or broken model
     * directory fails when the job is built and not on the task managers.
     *
     * @throws IllegalArgumentException when the directory contains no anomalies model; the message
     *     names the directory and the cause
     */
    public static AnomalyScoringFunction forModel(String modelDirectory, Duration stateRetention) {
        try {
            load(modelDirectory);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot load the anomalies model in "
                            + modelDirectory
                            + ": "
                            + e.getMessage()
                            + "; point anomalies.model at a directory with model.json and its"
                            + " streaming weights",
                    e);
        }
        return new AnomalyScoringFunction(modelDirectory, stateRetention);
    }

    @Override
    public void open(OpenContext openContext) throws IOException {
        model = load(modelDirectory);
        modelHz = (int) model.metadata().samplingFrequencyHz();
        filters = new HashMap<>();
        trackState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "anomalies", TypeInformation.of(AnomalyTrack.class)));
        deadLetters = new ChunkDeadLetters(OPERATOR);
        LOG.info(
                "Loaded anomalies model directory={} model={} version={} samplingFrequencyHz={}"
                        + " delayMillis={} threshold={}",
                modelDirectory,
                model.metadata().model(),
                model.metadata().medstreamVersion(),
                modelHz,
                model.metadata().delayMillis(),
                AnomalySpanAssembler.DEFAULT_THRESHOLD);
    }

    @Override
    public void processElement(SignalChunk chunk, Context ctx, Collector<Anomaly> out)
            throws Exception {
        String streamId = ctx.getCurrentKey();
        AnomalyTrack track = trackState.value();
        if (track == null) {
            try {
                filterFor(chunk.getSamplingFrequencyHz());
            } catch (IllegalArgumentException e) {
                reject(
                        chunk,
                        DeadLetterReason.INVALID_SAMPLING_FREQUENCY,
                        "samplingFrequencyHz "
                                + chunk.getSamplingFrequencyHz()
                                + " cannot be resampled to the model's "
                                + modelHz
                                + " Hz: "
                                + e.getMessage(),
                        ctx);
                return;
            }
            int channel =
                    LeadMap.of(chunk.getChannelNames(), model.metadata().leads()).channelOf(0);
            if (channel < 0) {
                reject(
                        chunk,
                        DeadLetterReason.CHANNEL_MISMATCH,
                        "channelNames "
                                + chunk.getChannelNames()
                                + " contain no ECG channel to read as lead II",
                        ctx);
                return;
            }
            track = startStream(chunk, channel, ctx);
        }

        Emitter emitter = emitter(streamId, track, out::collect);
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
            LOG.info(
                    "Restarting anomaly scoring after a gap stream={} gapSamples={}"
                            + " fromSampleIndex={} toSampleIndex={}",
                    StreamKeyHash.of(streamId),
                    firstIndex - track.nextSampleIndex,
                    track.nextSampleIndex,
                    firstIndex);
            finishSegment(track, emitter);
            restartSegment(track, firstIndex);
        }

        int count = chunk.getFrameCount() - offset;
        if (count > 0) {
            float[] samples = LeadSamples.millivolts(chunk, track.channel);
            StreamScoring scoring = scoring(track);
            scoring.accept(samples, offset, count, emitter::emit);
            scoring.save(track);
            track.nextSampleIndex = firstIndex + chunk.getFrameCount();
        }

        scheduleCleanup(track, ctx);
        trackState.update(track);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Anomaly> out)
            throws Exception {
        AnomalyTrack track = trackState.value();
        if (track == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            stop(track, ctx, out, "end-of-input");
            return;
        }
        if (timestamp != track.cleanupTimerMillis) {
            return;
        }
        long expiresAt = track.lastActivityMillis + stateRetention.toMillis();
        if (timestamp >= expiresAt) {
            stop(track, ctx, out, "inactive");
            return;
        }
        track.cleanupTimerMillis = expiresAt;
        ctx.timerService().registerProcessingTimeTimer(expiresAt);
        trackState.update(track);
    }

    /** Finishes the segment, deletes the stream's timers and clears its state. */
    private void stop(AnomalyTrack track, OnTimerContext ctx, Collector<Anomaly> out, String reason)
            throws Exception {
        String streamId = ctx.getCurrentKey();
        finishSegment(track, emitter(streamId, track, out::collect));

        // Deleting the timer that is firing is a no-op.
        ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
        if (track.cleanupTimerMillis >= 0) {
            ctx.timerService().deleteProcessingTimeTimer(track.cleanupTimerMillis);
        }
        trackState.clear();
        LOG.info(
                "Stopped anomaly scoring stream={} reason={} lastSampleIndex={}",
                StreamKeyHash.of(streamId),
                reason,
                track.nextSampleIndex - 1);
    }

    /** Finishes the current segment if it has been fed, emitting the span still open. */
    private void finishSegment(AnomalyTrack track, Emitter emitter) {
        if (track.network == null) {
            return;
        }
        scoring(track).finish(emitter::emit);
    }

    /** Starts a new segment at {@code firstIndex}: a new resampler, network and assembler. */
    private static void restartSegment(AnomalyTrack track, long firstIndex) {
        track.segmentStartIndex = firstIndex;
        track.nextSampleIndex = firstIndex;
        track.network = null;
        track.networkSamples = 0;
        track.assembler = null;
        track.resamplerInputs = null;
        track.resamplerInputCount = 0;
        track.resamplerOutputCount = 0;
    }

    private StreamScoring scoring(AnomalyTrack track) {
        return new StreamScoring(
                track,
                filterFor(track.samplingFrequencyHz),
                model.network(),
                model.metadata().delaySamples(),
                AnomalySpanAssembler.DEFAULT_THRESHOLD,
                modelHz);
    }

    /**
     * Returns the filter from {@code samplingFrequencyHz} to the model's rate, or null when the two
     * are equal.
     *
     * @throws IllegalArgumentException when the frequency is not a whole number of Hz or the ratio
     *     is beyond what the resampler supports
     */
    private ResamplingFilter filterFor(double samplingFrequencyHz) {
        if (samplingFrequencyHz == modelHz) {
            return null;
        }
        if (samplingFrequencyHz != Math.rint(samplingFrequencyHz)
                || samplingFrequencyHz > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "the resampler needs a whole number of Hz, got " + samplingFrequencyHz);
        }
        int inputHz = (int) samplingFrequencyHz;
        return filters.computeIfAbsent(inputHz, hz -> ResamplingFilter.design(hz, modelHz));
    }

    private AnomalyTrack startStream(SignalChunk chunk, int channel, Context ctx) {
        AnomalyTrack track = new AnomalyTrack();
        track.samplingFrequencyHz = chunk.getSamplingFrequencyHz();
        track.streamStartMicros = EpochMicros.of(chunk.getStreamStartMicros());
        track.channel = channel;
        track.channelName = chunk.getChannelNames().get(channel);
        track.cleanupTimerMillis = -1;
        restartSegment(track, chunk.getFirstSampleIndex());
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        LOG.info(
                "Started anomaly scoring stream={} channel={} samplingFrequencyHz={}"
                        + " modelSamplingFrequencyHz={} firstSampleIndex={}",
                StreamKeyHash.of(chunk.getStreamId()),
                track.channelName,
                track.samplingFrequencyHz,
                modelHz,
                chunk.getFirstSampleIndex());
        return track;
    }

    /**
     * Sends a chunk of a stream the model cannot score to the dead letters. No state is kept, so
     * every chunk of that stream is rejected the same way and the job keeps running.
     */
    private void reject(SignalChunk chunk, DeadLetterReason reason, String problem, Context ctx) {
        ctx.output(
                DEAD_LETTERS,
                deadLetters.create(
                        chunk,
                        new ChunkViolation(
                                reason,
                                "Stream "
                                        + chunk.getStreamId()
                                        + ": anomalies model in "
                                        + modelDirectory
                                        + " cannot score the stream: "
                                        + problem)));
    }

    private void scheduleCleanup(AnomalyTrack track, Context ctx) {
        track.lastActivityMillis = ctx.timerService().currentProcessingTime();
        if (track.cleanupTimerMillis < 0) {
            track.cleanupTimerMillis = track.lastActivityMillis + stateRetention.toMillis();
            ctx.timerService().registerProcessingTimeTimer(track.cleanupTimerMillis);
        }
    }

    private Emitter emitter(String streamId, AnomalyTrack track, Consumer<Anomaly> out) {
        ModelMetadata metadata = model.metadata();
        return new Emitter(
                streamId,
                new StreamClock(track.streamStartMicros, track.samplingFrequencyHz),
                metadata.model() + "-" + metadata.task(),
                metadata.medstreamVersion(),
                out);
    }

    /** Turns spans in stream sample indices into {@link Anomaly} records. */
    private record Emitter(
            String streamId,
            StreamClock clock,
            String detectorName,
            String detectorVersion,
            Consumer<Anomaly> out) {
        void emit(AnomalySpan span) {
            out.accept(
                    Anomaly.newBuilder()
                            .setStreamId(streamId)
                            .setStartSampleIndex(span.startSample())
                            .setEndSampleIndex(span.endSample())
                            .setEventTimeMicros(
                                    EpochMicros.toInstant(clock.timeMicros(span.startSample())))
                            .setScore(span.maxScore())
                            .setThreshold(AnomalySpanAssembler.DEFAULT_THRESHOLD)
                            .setDetectorName(detectorName)
                            .setDetectorVersion(detectorVersion)
                            .setEmittedAtMicros(EpochMicros.toInstant(EpochMicros.now()))
                            .build());
        }
    }

    /**
     * Loads the anomalies model in {@code modelDirectory}.
     *
     * @throws IOException when the directory has no readable model, the model is of another task,
     *     or its sampling frequency is not a positive whole number of Hz
     */
    static StreamingLmuModel load(String modelDirectory) throws IOException {
        StreamingLmuModel loaded = StreamingLmuModel.load(Path.of(modelDirectory));
        ModelMetadata metadata = loaded.metadata();
        if (!AnomalyTrainingData.TASK.equals(metadata.task())) {
            throw new IOException(
                    "it is a '"
                            + metadata.task()
                            + "' model, the anomaly operator needs an '"
                            + AnomalyTrainingData.TASK
                            + "' model");
        }
        if (!metadata.classes().equals(AnomalyTrainingData.CLASSES)) {
            throw new IOException(
                    "its classes are "
                            + metadata.classes()
                            + ", the anomaly operator needs "
                            + AnomalyTrainingData.CLASSES);
        }
        double hz = metadata.samplingFrequencyHz();
        if (!(hz >= 1) || hz != Math.rint(hz) || hz > Integer.MAX_VALUE) {
            throw new IOException(
                    "invalid samplingFrequencyHz "
                            + hz
                            + " in "
                            + Path.of(modelDirectory).resolve(ModelMetadata.FILE_NAME)
                            + "; expected a positive whole number of Hz");
        }
        if (metadata.leads().size() != 1) {
            throw new IOException(
                    "it reads leads "
                            + metadata.leads()
                            + ", the anomaly operator feeds one lead, II");
        }
        return loaded;
    }
}
