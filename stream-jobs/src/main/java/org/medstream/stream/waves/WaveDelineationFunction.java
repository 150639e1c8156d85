package org.medstream.stream.waves;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.medstream.model.leads.LeadMap;
import org.medstream.model.resample.ResamplingFilter;
import org.medstream.model.resample.ResamplingFilters;
import org.medstream.model.waves.WaveRules;
import org.medstream.model.waves.WaveSink;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.WaveSegment;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.beat.LeadSamples;
import org.medstream.stream.time.RetentionTimer;
import org.medstream.stream.time.StreamClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delineates the P, QRS and T waves of every ECG lead of a stream with a streaming wave model and
 * emits one {@link WaveSegment} per wave. Keyed by stream id, after chunk validation.
 *
 * <p>The stream has one {@link org.medstream.model.waves.StreamingDelineator}, which segments all
 * its leads at once, and, when the stream's sampling frequency differs from the model's, one {@link
 * org.medstream.model.resample.StreamingResampler} per lead. Both live in keyed state ({@link
 * WaveTrack}, {@link LeadTrack}), so a restored checkpoint continues with the same segments as an
 * uninterrupted run. Waves come out with the model's delay Δ plus up to a merge gap, and with the
 * resampler's delay when one runs; their sample indices are the stream's own ({@link
 * StreamDelineation} describes the mapping), and their times are the stream start plus index / f.
 *
 * <p>Leads: {@link WaveLeads} and {@link LeadMap} match the stream's channel names to the model's
 * leads (MIT-BIH's MLII feeds lead II, V1 feeds V1); the model gets zeros for the leads the stream
 * lacks, as in training with lead dropout, and emits no waves for them. Segments carry the channel
 * name. Streams whose sampling frequency is not a whole number of Hz, or too far from the model's
 * for the resampler, go to the {@link #DEAD_LETTERS} output.
 *
 * <p>Gaps: a chunk that starts after the expected sample index ends the current segment: every
 * lead's waves still held are emitted, and a new delineator starts at the chunk's first sample. The
 * recurrent network needs about its memory window θ to settle again, so waves in the first θ after
 * a gap are less reliable. Chunks overlapping samples already processed are cut to their new
 * samples.
 *
 * <p>End of input: an event-time timer at {@code Long.MAX_VALUE} finishes all leads and clears the
 * state when a bounded source ends. A processing-time timer does the same after {@code
 * stateRetention} without chunks.
 */
public class WaveDelineationFunction
        extends KeyedProcessFunction<String, SignalChunk, WaveSegment> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WaveDelineationFunction.class);

    /** Chunks of streams the model cannot delineate, such as an unsupported frequency. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("waves-dead-letters", TypeInformation.of(DeadLetter.class));

    private final String modelDirectory;
    private final Duration stateRetention;

    private transient StreamingLmuModel model;
    private transient int modelHz;
    private transient ResamplingFilters filters;
    private transient ValueState<WaveTrack> trackState;
    private transient ChunkDeadLetters deadLetters;

    /**
     * Creates the function for the model in {@code modelDirectory}, which every task manager must
     * be able to read: each parallel instance loads it in {@link #open}.
     *
     * @param stateRetention processing time without chunks after which a stream is finished and its
     *     state dropped
     */
    public WaveDelineationFunction(String modelDirectory, Duration stateRetention) {
        this.modelDirectory = Objects.requireNonNull(modelDirectory, "modelDirectory");
        this.stateRetention = Objects.requireNonNull(stateRetention, "stateRetention");
    }

    /**
     * Creates the function after loading the model once here, so that a missing or broken model
     * directory fails when the job is built and not on the task managers.
     *
     * @throws IllegalArgumentException when the model in {@code modelDirectory} cannot be loaded;
     *     the message names the directory and the cause
     */
    public static WaveDelineationFunction forModel(String modelDirectory, Duration stateRetention) {
        try {
            StreamingLmuModel model = StreamingLmuModel.load(Path.of(modelDirectory));
            modelRate(model.metadata(), modelDirectory);
            if (!"waves".equals(model.metadata().task())) {
                throw new IOException(
                        "it is a '"
                                + model.metadata().task()
                                + "' model, the wave operator needs a 'waves' model");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot load the wave model in "
                            + modelDirectory
                            + ": "
                            + e.getMessage()
                            + "; point waves.model at a directory with model.json and its"
                            + " streaming weights",
                    e);
        }
        return new WaveDelineationFunction(modelDirectory, stateRetention);
    }

    @Override
    public void open(OpenContext openContext) throws IOException {
        model = StreamingLmuModel.load(Path.of(modelDirectory));
        modelHz = modelRate(model.metadata(), modelDirectory);
        filters = new ResamplingFilters(modelHz);
        trackState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "waves", TypeInformation.of(WaveTrack.class)));
        deadLetters = new ChunkDeadLetters("delineate-waves");
        LOG.info(
                "Loaded wave model directory={} model={} version={} samplingFrequencyHz={}"
                        + " delayMillis={}",
                modelDirectory,
                model.metadata().model(),
                model.metadata().medstreamVersion(),
                modelHz,
                model.metadata().delayMillis());
    }

    @Override
    public void processElement(SignalChunk chunk, Context ctx, Collector<WaveSegment> out)
            throws Exception {
        String streamId = ctx.getCurrentKey();
        WaveTrack track = trackState.value();
        if (track == null) {
            try {
                filterFor(chunk.getSamplingFrequencyHz());
            } catch (IllegalArgumentException e) {
                rejectStream(chunk, e, ctx);
                return;
            }
            track = startStream(chunk, ctx);
        }

        WaveSegments segments = segments(streamId, track);
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
                    "Restarting wave delineation after a gap stream={} gapSamples={}"
                            + " fromSampleIndex={} toSampleIndex={}",
                    StreamKeyHash.of(streamId),
                    firstIndex - track.nextSampleIndex,
                    track.nextSampleIndex,
                    firstIndex);
            finishLeads(track, segments, out::collect);
            restartSegment(track, firstIndex);
        }

        int count = chunk.getFrameCount() - offset;
        if (count > 0) {
            float[][] samples = new float[track.leads.length][];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = LeadSamples.millivolts(chunk, track.leads[i].channel);
            }
            StreamDelineation delineation = load(track);
            delineation.accept(samples, offset, count, emitter(track, segments, out::collect));
            delineation.save(track);
            track.nextSampleIndex = firstIndex + chunk.getFrameCount();
        }

        track.retention.touch(ctx.timerService(), stateRetention);
        trackState.update(track);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WaveSegment> out)
            throws Exception {
        WaveTrack track = trackState.value();
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

    /** Finishes every lead, deletes the stream's timers and clears its state. */
    private void stop(
            WaveTrack track, OnTimerContext ctx, Collector<WaveSegment> out, String reason)
            throws Exception {
        String streamId = ctx.getCurrentKey();
        finishLeads(track, segments(streamId, track), out::collect);

        // Deleting the timer that is firing is a no-op.
        ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
        track.retention.cancel(ctx.timerService());
        trackState.clear();
        LOG.info(
                "Stopped wave delineation stream={} reason={} lastSampleIndex={}",
                StreamKeyHash.of(streamId),
                reason,
                track.nextSampleIndex - 1);
    }

    /** Finishes the current segment if it has been fed, emitting the waves still held. */
    private void finishLeads(WaveTrack track, WaveSegments segments, Consumer<WaveSegment> out) {
        if (track.network == null) {
            return;
        }
        load(track).finish(emitter(track, segments, out));
    }

    /** Starts a new segment at {@code firstIndex}: new resamplers and a new delineator. */
    private static void restartSegment(WaveTrack track, long firstIndex) {
        track.segmentStartIndex = firstIndex;
        track.nextSampleIndex = firstIndex;
        track.network = null;
        track.recentFrames = null;
        track.assemblers = null;
        for (LeadTrack leadTrack : track.leads) {
            leadTrack.resamplerInputs = null;
        }
    }

    /**
     * Returns the stream's delineation: a new one when the segment has not been fed ({@link
     * WaveTrack#network} is null), otherwise the one saved in {@code track}.
     */
    private StreamDelineation load(WaveTrack track) {
        boolean[] present = new boolean[model.network().leads()];
        for (LeadTrack lead : track.leads) {
            present[lead.modelLead] = true;
        }
        return StreamDelineation.load(
                track,
                filterFor(track.samplingFrequencyHz),
                model.newDelineator(WaveRules.DEFAULT, present),
                present.length);
    }

    /** Turns the delineator's waves of a model lead into segments named like the lead's channel. */
    private static WaveSink emitter(
            WaveTrack track, WaveSegments segments, Consumer<WaveSegment> out) {
        return (modelLead, wave) -> {
            for (LeadTrack lead : track.leads) {
                if (lead.modelLead == modelLead) {
                    out.accept(segments.of(lead.name, wave));
                }
            }
        };
    }

    private ResamplingFilter filterFor(double samplingFrequencyHz) {
        return filters.toModel(samplingFrequencyHz);
    }

    private WaveTrack startStream(SignalChunk chunk, Context ctx) {
        WaveTrack track = new WaveTrack();
        track.samplingFrequencyHz = chunk.getSamplingFrequencyHz();
        track.streamStartMicros = EpochMicros.of(chunk.getStreamStartMicros());
        track.retention = new RetentionTimer();
        List<LeadTrack> leads = WaveLeads.tracks(chunk.getChannelNames(), model.metadata().leads());
        track.leads = leads.toArray(new LeadTrack[0]);
        restartSegment(track, chunk.getFirstSampleIndex());
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        LOG.info(
                "Started wave delineation stream={} leads={} samplingFrequencyHz={}"
                        + " modelSamplingFrequencyHz={} firstSampleIndex={}",
                StreamKeyHash.of(chunk.getStreamId()),
                leads.stream().map(lead -> lead.name).toList(),
                track.samplingFrequencyHz,
                modelHz,
                chunk.getFirstSampleIndex());
        return track;
    }

    /**
     * Sends a chunk of a stream the model cannot delineate to the dead letters. No state is kept,
     * so every chunk of that stream is rejected the same way and the job keeps running.
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
                                        + ": wave model in "
                                        + modelDirectory
                                        + " ("
                                        + modelHz
                                        + " Hz) cannot delineate samplingFrequencyHz "
                                        + chunk.getSamplingFrequencyHz()
                                        + ": "
                                        + error.getMessage())));
    }

    private WaveSegments segments(String streamId, WaveTrack track) {
        ModelMetadata metadata = model.metadata();
        return new WaveSegments(
                streamId,
                new StreamClock(track.streamStartMicros, track.samplingFrequencyHz),
                metadata.model(),
                metadata.medstreamVersion(),
                EpochMicros.now());
    }

    /**
     * Returns the model's sampling frequency in whole Hz.
     *
     * @throws IOException when model.json gives a frequency that is not a positive whole number
     */
    static int modelRate(ModelMetadata metadata, String modelDirectory) throws IOException {
        double hz = metadata.samplingFrequencyHz();
        if (!(hz >= 1) || hz != Math.rint(hz) || hz > Integer.MAX_VALUE) {
            throw new IOException(
                    "Invalid samplingFrequencyHz "
                            + hz
                            + " in "
                            + Path.of(modelDirectory).resolve(ModelMetadata.FILE_NAME)
                            + "; the waves operator needs a positive whole number of Hz");
        }
        return (int) hz;
    }
}
