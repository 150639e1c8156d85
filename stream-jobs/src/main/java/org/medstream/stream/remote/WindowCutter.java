package org.medstream.stream.remote;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.medstream.model.serve.inference.Window;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.beat.LeadSamples;
import org.medstream.stream.detect.LmuBeatDetector;
import org.medstream.stream.time.RetentionTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts each stream into overlapping {@link ModelWindow}s for a stateless model server. Keyed by
 * stream id, after chunk validation.
 *
 * <p>With window length S and overlap O (in samples at the stream's rate), window k of a segment
 * that starts at s reports the events that start in [s + kS, s + (k+1)S). It is sent once the
 * stream has reached s + (k+1)S + O: it covers [s + kS − O, s + (k+1)S + O), clipped at the segment
 * start, with the samples before s + kS as warm-up. The O samples before the span let the recurrent
 * model settle from its zero state. The O samples after it let the events that start near the
 * span's end finish on real signal and not on the server's end padding. A window is therefore sent
 * S + O of signal after its first reported sample, and its events follow one round trip later.
 *
 * <p>The warm-up W before the span may be longer than the look-ahead O after it: the breaths
 * model's input scaler needs far more signal to settle than its network needs to finish an event.
 * Then window k covers [s + kS − W, s + (k+1)S + O), and the look-ahead alone decides when it is
 * sent.
 *
 * <p>Gaps, overlapping chunks and the end of a stream are handled as {@link
 * org.medstream.stream.model.StreamModelFunction} handles them: a gap or the end sends the
 * segment's last window, which reports everything after its warm-up and ends at the last sample,
 * where the server pads as the in-process operator does at the end of a segment. Missing (NaN)
 * samples are replaced by the lead's last finite value, as in the in-process wave operator, because
 * the server rejects NaN.
 *
 * <p>Leads: the channels that {@link WindowLeads} chooses, the ones the in-process operator reads,
 * sent under the model's lead names and in the unit that operator reads, so the server reads the
 * same channels and samples.
 *
 * <p>Chunk ends ({@link #markingChunkEnds}): for the remote beats path, each window also carries
 * the {@link ChunkEnd}s of the chunks whose last sample lies before its span's end, with the flat
 * or missing run of the first lead there (counted as {@link LmuBeatDetector#flatRunAfter} counts
 * it) and the ingest gate's poor-signal flags. The last window of a segment carries the rest.
 */
public class WindowCutter extends KeyedProcessFunction<String, SignalChunk, ModelWindow> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WindowCutter.class);

    private final WindowLeads leads;
    private final Duration windowLength;
    private final Duration warmup;
    private final Duration lookAhead;
    private final Duration stateRetention;
    private boolean chunkEnds;

    private transient ValueState<WindowTrack> trackState;

    /**
     * Creates a cutter whose warm-up and look-ahead are both {@code overlap}.
     *
     * @param leads the choice of the channels to send
     * @param windowLength span whose events one window reports
     * @param overlap warm-up before and look-ahead after that span
     * @param stateRetention processing time without chunks after which a stream's last window is
     *     sent and its state dropped
     */
    public WindowCutter(
            WindowLeads leads, Duration windowLength, Duration overlap, Duration stateRetention) {
        this(leads, windowLength, overlap, overlap, stateRetention);
    }

    /**
     * @param leads the choice of the channels to send
     * @param windowLength span whose events one window reports
     * @param warmup signal sent before that span, which the server only uses to settle the model
     * @param lookAhead signal sent after that span, so that events near its end finish on real
     *     signal
     * @param stateRetention processing time without chunks after which a stream's last window is
     *     sent and its state dropped
     */
    public WindowCutter(
            WindowLeads leads,
            Duration windowLength,
            Duration warmup,
            Duration lookAhead,
            Duration stateRetention) {
        this.leads = Objects.requireNonNull(leads, "leads");
        this.windowLength = Objects.requireNonNull(windowLength, "windowLength");
        this.warmup = Objects.requireNonNull(warmup, "warmup");
        this.lookAhead = Objects.requireNonNull(lookAhead, "lookAhead");
        this.stateRetention = Objects.requireNonNull(stateRetention, "stateRetention");
        if (warmup.isNegative() || lookAhead.isNegative()) {
            throw new IllegalArgumentException(
                    "Invalid warm-up "
                            + warmup
                            + " or look-ahead "
                            + lookAhead
                            + "; expected 0 or more");
        }
    }

    /**
     * Makes the windows carry the {@link ChunkEnd}s of the first lead, which the remote beats
     * path's alarms need.
     */
    public WindowCutter markingChunkEnds() {
        this.chunkEnds = true;
        return this;
    }

    @Override
    public void open(OpenContext openContext) {
        trackState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "model-windows", TypeInformation.of(WindowTrack.class)));
    }

    @Override
    public void processElement(SignalChunk chunk, Context ctx, Collector<ModelWindow> out)
            throws Exception {
        String streamId = ctx.getCurrentKey();
        WindowTrack track = trackState.value();
        if (track == null) {
            track = newTrack(chunk);
            if (track == null) {
                return;
            }
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }

        // A changed patient context applies to the windows cut from this chunk on.
        track.patient = ModelWindow.pairs(Window.patientFields(chunk.getPatient()));
        long firstIndex = chunk.getFirstSampleIndex();
        int offset = 0;
        if (firstIndex < track.nextSampleIndex) {
            offset = (int) Math.min(chunk.getFrameCount(), track.nextSampleIndex - firstIndex);
            LOG.warn(
                    "Skipping {} overlapping samples in model windows stream={}"
                            + " firstSampleIndex={} expectedSampleIndex={}",
                    offset,
                    StreamKeyHash.of(streamId),
                    firstIndex,
                    track.nextSampleIndex);
        } else if (firstIndex > track.nextSampleIndex) {
            LOG.info(
                    "Restarting model windows after a gap stream={} gapSamples={}"
                            + " fromSampleIndex={} toSampleIndex={}",
                    StreamKeyHash.of(streamId),
                    firstIndex - track.nextSampleIndex,
                    track.nextSampleIndex,
                    firstIndex);
            finishSegment(track, streamId, out);
            track.nextSampleIndex = firstIndex;
            restartSegment(track);
        }

        int count = chunk.getFrameCount() - offset;
        if (count > 0) {
            append(track, chunk, offset, count);
            if (chunkEnds) {
                track.pendingChunkEnds =
                        append(
                                track.pendingChunkEnds,
                                ChunkEnd.of(
                                        firstIndex + offset,
                                        firstIndex + chunk.getFrameCount() - 1,
                                        track.flatRunSamples,
                                        LeadSamples.flaggedPoor(chunk, track.channels[0])));
            }
            cut(track, streamId, out);
        }

        track.retention.touch(ctx.timerService(), stateRetention);
        trackState.update(track);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ModelWindow> out)
            throws Exception {
        WindowTrack track = trackState.value();
        if (track == null) {
            return;
        }
        boolean endOfInput = ctx.timeDomain() == TimeDomain.EVENT_TIME;
        if (!endOfInput
                && !track.retention.expired(timestamp, ctx.timerService(), stateRetention)) {
            trackState.update(track);
            return;
        }
        String streamId = ctx.getCurrentKey();
        finishSegment(track, streamId, out);
        ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
        track.retention.cancel(ctx.timerService());
        trackState.clear();
        LOG.info(
                "Stopped model windows stream={} reason={} windows={} lastSampleIndex={}",
                StreamKeyHash.of(streamId),
                endOfInput ? "end-of-input" : "inactive",
                track.windows,
                track.nextSampleIndex - 1);
    }

    /** Returns the track of a new stream, or null when it has no lead the model reads. */
    private WindowTrack newTrack(SignalChunk chunk) {
        List<WindowLeads.SentLead> sent = leads.select(chunk.getChannelNames());
        if (sent.isEmpty()) {
            return null;
        }
        WindowTrack track = new WindowTrack();
        track.channels = sent.stream().mapToInt(WindowLeads.SentLead::channel).toArray();
        track.channelNames =
                sent.stream().map(WindowLeads.SentLead::channelName).toArray(String[]::new);
        track.leads = sent.stream().map(WindowLeads.SentLead::modelLead).toArray(String[]::new);
        track.lastValues = new float[sent.size()];
        track.samplingFrequencyHz = chunk.getSamplingFrequencyHz();
        track.streamStartMicros = EpochMicros.of(chunk.getStreamStartMicros());
        track.nextSampleIndex = chunk.getFirstSampleIndex();
        track.retention = new RetentionTimer();
        restartSegment(track);
        LOG.info(
                "Started model windows stream={} samplingFrequencyHz={} leads={}"
                        + " windowSamples={} warmupSamples={} lookAheadSamples={}"
                        + " firstSampleIndex={}",
                StreamKeyHash.of(chunk.getStreamId()),
                track.samplingFrequencyHz,
                Arrays.toString(track.leads),
                windowSamples(track),
                samples(warmup, track),
                samples(lookAhead, track),
                track.nextSampleIndex);
        return track;
    }

    private static void restartSegment(WindowTrack track) {
        track.segmentStartIndex = track.nextSampleIndex;
        track.nextOwnedFrom = track.nextSampleIndex;
        track.bufferStartIndex = track.nextSampleIndex;
        track.buffer = new float[0];
        track.flatRunSamples = 0;
        track.flatLastValue = 0;
        track.segmentSamples = 0;
    }

    /** Appends {@code count} frames of {@code chunk} from {@code offset} to the buffer. */
    private void append(WindowTrack track, SignalChunk chunk, int offset, int count) {
        int leadCount = track.channels.length;
        int buffered = track.buffer.length;
        float[] buffer = Arrays.copyOf(track.buffer, buffered + count * leadCount);
        for (int lead = 0; lead < leadCount; lead++) {
            float[] samples = leads.samples(chunk, track.channels[lead]);
            for (int s = 0; s < count; s++) {
                float value = samples[offset + s];
                if (chunkEnds && lead == 0) {
                    countFlatRun(track, value);
                }
                if (Float.isFinite(value)) {
                    track.lastValues[lead] = value;
                }
                buffer[buffered + s * leadCount + lead] = track.lastValues[lead];
            }
        }
        track.buffer = buffer;
        track.nextSampleIndex += count;
    }

    /** Counts the first lead's flat or missing run as the in-process LMU beat detector does. */
    private static void countFlatRun(WindowTrack track, float value) {
        track.flatRunSamples =
                LmuBeatDetector.flatRunAfter(
                        track.flatRunSamples,
                        track.segmentSamples == 0,
                        value,
                        track.flatLastValue);
        if (Float.isFinite(value)) {
            track.flatLastValue = value;
        }
        track.segmentSamples++;
    }

    private static ChunkEnd[] append(ChunkEnd[] ends, ChunkEnd end) {
        ChunkEnd[] longer = Arrays.copyOf(ends, ends.length + 1);
        longer[ends.length] = end;
        return longer;
    }

    /** Sends every window whose look-ahead the stream has reached, and trims the buffer. */
    private void cut(WindowTrack track, String streamId, Collector<ModelWindow> out) {
        long span = windowSamples(track);
        long after = samples(lookAhead, track);
        while (track.nextSampleIndex >= track.nextOwnedFrom + span + after) {
            long ownedTo = track.nextOwnedFrom + span;
            out.collect(window(track, streamId, ownedTo + after, ownedTo));
            track.nextOwnedFrom = ownedTo;
        }
        long keepFrom =
                Math.max(track.segmentStartIndex, track.nextOwnedFrom - samples(warmup, track));
        if (keepFrom > track.bufferStartIndex) {
            int leadCount = track.channels.length;
            int dropped = (int) (keepFrom - track.bufferStartIndex) * leadCount;
            track.buffer = Arrays.copyOfRange(track.buffer, dropped, track.buffer.length);
            track.bufferStartIndex = keepFrom;
        }
    }

    /** Sends the segment's last window, if samples after the last reported span remain. */
    private void finishSegment(WindowTrack track, String streamId, Collector<ModelWindow> out) {
        if (track.nextSampleIndex > track.nextOwnedFrom) {
            out.collect(window(track, streamId, track.nextSampleIndex, Long.MAX_VALUE));
            track.nextOwnedFrom = track.nextSampleIndex;
        }
    }

    /**
     * Returns the window that reports from {@code track.nextOwnedFrom} to {@code ownedTo} and ends
     * before stream sample {@code end}.
     */
    private ModelWindow window(WindowTrack track, String streamId, long end, long ownedTo) {
        long start =
                Math.max(track.segmentStartIndex, track.nextOwnedFrom - samples(warmup, track));
        int leadCount = track.channels.length;
        int from = (int) (start - track.bufferStartIndex) * leadCount;
        int to = (int) (end - track.bufferStartIndex) * leadCount;

        ModelWindow window = new ModelWindow();
        window.streamId = streamId;
        window.sequence = track.windows++;
        window.samplingFrequencyHz = track.samplingFrequencyHz;
        window.streamStartMicros = track.streamStartMicros;
        window.leads = track.leads.clone();
        window.channels = track.channelNames.clone();
        window.windowStartIndex = start;
        window.length = (int) (end - start);
        window.warmupSamples = (int) (track.nextOwnedFrom - start);
        window.ownedFrom = track.nextOwnedFrom;
        window.ownedTo = ownedTo;
        window.samples = Arrays.copyOfRange(track.buffer, from, to);
        window.patient = track.patient;
        window.chunkEnds = takeChunkEnds(track, ownedTo);
        return window;
    }

    /** Removes and returns the pending chunk ends whose last sample lies before {@code ownedTo}. */
    private static ChunkEnd[] takeChunkEnds(WindowTrack track, long ownedTo) {
        ChunkEnd[] pending = track.pendingChunkEnds;
        int taken = 0;
        while (taken < pending.length && pending[taken].lastSampleIndex < ownedTo) {
            taken++;
        }
        track.pendingChunkEnds = Arrays.copyOfRange(pending, taken, pending.length);
        return Arrays.copyOf(pending, taken);
    }

    private long windowSamples(WindowTrack track) {
        return Math.max(1, Math.round(windowLength.toNanos() * track.samplingFrequencyHz / 1e9));
    }

    private static long samples(Duration duration, WindowTrack track) {
        return (long) Math.ceil(duration.toNanos() * track.samplingFrequencyHz / 1e9);
    }
}
