package org.medstream.stream.validate;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.medstream.ingest.validate.ChunkChecks;
import org.medstream.ingest.validate.ChunkDeadLetters;
import org.medstream.ingest.validate.ChunkViolation;
import org.medstream.ingest.validate.FrequencyRange;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.DeadLetterReason;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.medstream.schemas.time.EpochMicros;
import org.medstream.stream.metrics.DeadLetterMetrics;
import org.medstream.stream.time.ChunkEventTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes well-formed chunks of one stream on unchanged and turns the others into {@link
 * DeadLetter}s on the {@link #DEAD_LETTERS} side output, with the chunk's Avro bytes. Besides the
 * {@link ChunkChecks} of a single chunk, it rejects chunks whose sampling frequency, stream start
 * or channel names differ from the stream's first chunk, and chunks that start before the end of
 * the previous one. Gaps pass: the beat detection operator handles them.
 *
 * <p>Late and out-of-order chunks. Beat detection and alarms run on each stream's own sample clock,
 * and the job's only event-time timer is the end of input. A chunk behind the watermark therefore
 * passes and is processed like any other, as long as it starts at or after the stream's next
 * expected sample index. Only a chunk that starts before that index cannot be processed, because
 * the detector has moved past its samples. It becomes a dead letter:
 *
 * <ul>
 *   <li>{@code DUPLICATE} when it repeats the previous chunk's first sample index;
 *   <li>{@code LATE_DATA} when it lies inside the stream's most recent gap: its samples were never
 *       received, but the detector has already bridged the gap with missing samples or restarted
 *       after it;
 *   <li>{@code OUT_OF_ORDER} otherwise: it overlaps samples the stream has already delivered.
 * </ul>
 *
 * <p>NOTE: only the most recent gap is kept, so a late chunk from an older gap is reported as
 * {@code OUT_OF_ORDER}; it is a dead letter either way.
 *
 * <p>A processing-time timer drops a stream's state after {@code stateRetention} without chunks.
 */
public class ChunkValidationFunction
        extends KeyedProcessFunction<String, SignalChunk, SignalChunk> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ChunkValidationFunction.class);

    /** Rejected chunks. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("chunk-dead-letters", TypeInformation.of(DeadLetter.class));

    private final String sourceName;
    private final Duration stateRetention;

    private transient ValueState<ChunkLayout> layoutState;
    private transient ChunkDeadLetters deadLetters;
    private transient DeadLetterMetrics metrics;

    /**
     * @param sourceName topic or file the chunks come from, written into each dead letter
     */
    public ChunkValidationFunction(String sourceName, Duration stateRetention) {
        this.sourceName = sourceName;
        this.stateRetention = stateRetention;
    }

    @Override
    public void open(OpenContext openContext) {
        layoutState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "layout", TypeInformation.of(ChunkLayout.class)));
        deadLetters = new ChunkDeadLetters(sourceName);
        metrics = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(SignalChunk chunk, Context ctx, Collector<SignalChunk> out)
            throws Exception {
        Optional<ChunkViolation> malformed = ChunkChecks.check(chunk, FrequencyRange.ECG);
        if (malformed.isPresent()) {
            reject(chunk, malformed.get(), ctx);
            return;
        }

        ChunkLayout layout = layoutState.value();
        if (layout == null) {
            layout = firstLayout(chunk);
        } else {
            Optional<ChunkViolation> inconsistent =
                    checkAgainst(layout, chunk, ctx.timerService().currentWatermark());
            if (inconsistent.isPresent()) {
                reject(chunk, inconsistent.get(), ctx);
                return;
            }
        }

        if (chunk.getFirstSampleIndex() > layout.nextSampleIndex) {
            layout.gapStartIndex = layout.nextSampleIndex;
            layout.gapEndIndex = chunk.getFirstSampleIndex();
        }
        layout.lastFirstSampleIndex = chunk.getFirstSampleIndex();
        layout.nextSampleIndex = chunk.getFirstSampleIndex() + chunk.getFrameCount();
        layout.lastActivityMillis = ctx.timerService().currentProcessingTime();
        if (layout.cleanupTimerMillis < 0) {
            layout.cleanupTimerMillis = layout.lastActivityMillis + stateRetention.toMillis();
            ctx.timerService().registerProcessingTimeTimer(layout.cleanupTimerMillis);
        }
        layoutState.update(layout);
        out.collect(chunk);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SignalChunk> out)
            throws Exception {
        ChunkLayout layout = layoutState.value();
        if (layout == null) {
            return;
        }
        long expiresAt = layout.lastActivityMillis + stateRetention.toMillis();
        if (timestamp < expiresAt) {
            layout.cleanupTimerMillis = expiresAt;
            ctx.timerService().registerProcessingTimeTimer(expiresAt);
            layoutState.update(layout);
            return;
        }
        layoutState.clear();
        LOG.info(
                "Dropped validation state of inactive stream={} nextSampleIndex={}",
                StreamKeyHash.of(ctx.getCurrentKey()),
                layout.nextSampleIndex);
    }

    private static ChunkLayout firstLayout(SignalChunk chunk) {
        ChunkLayout layout = new ChunkLayout();
        layout.samplingFrequencyHz = chunk.getSamplingFrequencyHz();
        layout.streamStartMicros = EpochMicros.of(chunk.getStreamStartMicros());
        layout.channelNames = chunk.getChannelNames().toArray(new String[0]);
        layout.nextSampleIndex = chunk.getFirstSampleIndex();
        layout.cleanupTimerMillis = -1;
        return layout;
    }

    private static Optional<ChunkViolation> checkAgainst(
            ChunkLayout layout, SignalChunk chunk, long watermarkMillis) {
        String stream = chunk.getStreamId();
        Optional<ChunkViolation> changed =
                ChunkChecks.checkSameLayout(
                        chunk,
                        layout.samplingFrequencyHz,
                        layout.streamStartMicros,
                        Arrays.asList(layout.channelNames));
        if (changed.isPresent()) {
            return changed;
        }
        long firstSampleIndex = chunk.getFirstSampleIndex();
        if (firstSampleIndex == layout.lastFirstSampleIndex) {
            return violation(
                    DeadLetterReason.DUPLICATE,
                    "Stream %s: firstSampleIndex %d repeats the previous chunk",
                    stream,
                    firstSampleIndex);
        }
        long endIndex = firstSampleIndex + chunk.getFrameCount();
        if (firstSampleIndex < layout.nextSampleIndex
                && firstSampleIndex >= layout.gapStartIndex
                && endIndex <= layout.gapEndIndex) {
            return violation(
                    DeadLetterReason.LATE_DATA,
                    "Stream %s: chunk of samples [%d, %d) arrived after the stream moved on to"
                            + " sample %d; its samples fall in the gap [%d, %d) that was already"
                            + " bridged. Event time of its last frame %d ms, watermark %d ms",
                    stream,
                    firstSampleIndex,
                    endIndex,
                    layout.nextSampleIndex,
                    layout.gapStartIndex,
                    layout.gapEndIndex,
                    ChunkEventTime.lastFrameMillis(chunk),
                    watermarkMillis);
        }
        if (firstSampleIndex < layout.nextSampleIndex) {
            return violation(
                    DeadLetterReason.OUT_OF_ORDER,
                    "Stream %s: firstSampleIndex %d is before the expected %d",
                    stream,
                    firstSampleIndex,
                    layout.nextSampleIndex);
        }
        return Optional.empty();
    }

    private void reject(SignalChunk chunk, ChunkViolation violation, Context ctx) {
        metrics.deadLetter(violation.reason());
        ctx.output(DEAD_LETTERS, deadLetters.create(chunk, violation));
    }

    private static Optional<ChunkViolation> violation(
            DeadLetterReason reason, String format, Object... arguments) {
        return Optional.of(
                new ChunkViolation(reason, String.format(Locale.ROOT, format, arguments)));
    }
}
