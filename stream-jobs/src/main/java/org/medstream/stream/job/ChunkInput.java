package org.medstream.stream.job;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.time.ChunkWatermarks;

/**
 * Source of the chunks {@link BeatDetectionJob} reads: Kafka in production, a bounded source in
 * tests and in the {@code annotate} path.
 */
@FunctionalInterface
public interface ChunkInput {

    /**
     * Chunks with event-time timestamps and watermarks, and the dead letters of input that could
     * not be decoded (null when the input cannot produce any).
     */
    record Streams(DataStream<SignalChunk> chunks, DataStream<DeadLetter> deadLetters) {}

    /** Adds the source to {@code env}. */
    Streams create(StreamExecutionEnvironment env, BeatDetectionJobConfig config);

    /**
     * Returns whether the input ends. The end of a bounded input is not a silent bed, and a bounded
     * input replays at its own pace, so {@link BeatDetectionJob} raises no {@code NO_DATA} alerts
     * on it.
     */
    default Boundedness boundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    /**
     * Reads {@code chunks} in list order from a bounded, non-parallel source, for tests and the
     * {@code annotate} path. The chunks travel inside the job graph, so keep the list to a few
     * recordings.
     */
    static ChunkInput fromCollection(List<SignalChunk> chunks, String name) {
        List<SignalChunk> copy = List.copyOf(chunks);
        ChunkInput input =
                (env, config) ->
                        new Streams(
                                env.fromData(copy, TypeInformation.of(SignalChunk.class))
                                        .name(name)
                                        .uid("source-" + name)
                                        .assignTimestampsAndWatermarks(
                                                ChunkWatermarks.forChunks(
                                                        config.get(
                                                                BeatDetectionJobConfig
                                                                        .OUT_OF_ORDERNESS),
                                                        Duration.ZERO))
                                        .name("chunk-event-time")
                                        .uid("chunk-event-time"),
                                null);
        return withBoundedness(input, Boundedness.BOUNDED);
    }

    /** Reads already-decoded chunks from {@code source}, with the chunk watermark strategy. */
    static ChunkInput fromSource(Source<SignalChunk, ?, ?> source, String name) {
        ChunkInput input =
                (env, config) ->
                        new Streams(
                                env.fromSource(
                                                source,
                                                ChunkWatermarks.forChunks(
                                                        config.get(
                                                                BeatDetectionJobConfig
                                                                        .OUT_OF_ORDERNESS),
                                                        config.get(
                                                                BeatDetectionJobConfig.IDLENESS)),
                                                name)
                                        .uid("source-" + name),
                                null);
        return withBoundedness(input, source.getBoundedness());
    }

    /** Returns {@code input} declared as {@code boundedness}. */
    static ChunkInput withBoundedness(ChunkInput input, Boundedness boundedness) {
        return new ChunkInput() {
            @Override
            public Streams create(StreamExecutionEnvironment env, BeatDetectionJobConfig config) {
                return input.create(env, config);
            }

            @Override
            public Boundedness boundedness() {
                return boundedness;
            }
        };
    }
}
