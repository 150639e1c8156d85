package org.medstream.stream.time;

import java.io.Serializable;
import java.time.Duration;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.medstream.schemas.SignalChunk;

/**
 * Watermark strategy for chunk streams. Each record's timestamp is the event time of its chunk's
 * first frame. The watermark follows the last frame of the latest chunk, minus the allowed
 * out-of-orderness. Once a chunk has arrived, all of its samples are known. Waiting for the next
 * chunk's first frame would hold every downstream timer back by one chunk length.
 *
 * <p>Given to a FLIP-27 source such as the Kafka source, the strategy runs per split (Kafka
 * partition) and Flink takes the minimum over splits; {@code idleness} lets a partition without
 * data stop holding the watermark back.
 */
public final class ChunkWatermarks {
    private ChunkWatermarks() {}

    /** Reads the chunk from a source record; returns null for records without a usable chunk. */
    public interface ChunkExtractor<T> extends Function<T, SignalChunk>, Serializable {}

    public static WatermarkStrategy<SignalChunk> forChunks(
            Duration outOfOrderness, Duration idleness) {
        return forRecords(chunk -> chunk, outOfOrderness, idleness);
    }

    /**
     * Creates the strategy for source records that carry a chunk. Records whose chunk is missing or
     * has unusable time fields keep the source's own timestamp and do not move the watermark.
     */
    public static <T> WatermarkStrategy<T> forRecords(
            ChunkExtractor<T> extractor, Duration outOfOrderness, Duration idleness) {
        long outOfOrdernessMillis = outOfOrderness.toMillis();
        WatermarkStrategy<T> strategy =
                WatermarkStrategy.<T>forGenerator(
                                context -> new ChunkEndGenerator<>(extractor, outOfOrdernessMillis))
                        .withTimestampAssigner(context -> new FirstFrameAssigner<>(extractor));
        return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
    }

    private static final class FirstFrameAssigner<T> implements TimestampAssigner<T> {
        private final ChunkExtractor<T> extractor;

        private FirstFrameAssigner(ChunkExtractor<T> extractor) {
            this.extractor = extractor;
        }

        @Override
        public long extractTimestamp(T record, long recordTimestamp) {
            SignalChunk chunk = extractor.apply(record);
            if (chunk == null || !ChunkEventTime.hasEventTime(chunk)) {
                return recordTimestamp;
            }
            return ChunkEventTime.firstFrameMillis(chunk);
        }
    }

    private static final class ChunkEndGenerator<T> implements WatermarkGenerator<T> {
        private final ChunkExtractor<T> extractor;
        private final long outOfOrdernessMillis;
        private long maxLastFrameMillis = Long.MIN_VALUE + 1;

        private ChunkEndGenerator(ChunkExtractor<T> extractor, long outOfOrdernessMillis) {
            this.extractor = extractor;
            this.outOfOrdernessMillis = outOfOrdernessMillis;
            this.maxLastFrameMillis += outOfOrdernessMillis;
        }

        @Override
        public void onEvent(T record, long eventTimestamp, WatermarkOutput output) {
            SignalChunk chunk = extractor.apply(record);
            if (chunk != null && ChunkEventTime.hasEventTime(chunk)) {
                maxLastFrameMillis =
                        Math.max(maxLastFrameMillis, ChunkEventTime.lastFrameMillis(chunk));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(maxLastFrameMillis - outOfOrdernessMillis - 1));
        }
    }
}
