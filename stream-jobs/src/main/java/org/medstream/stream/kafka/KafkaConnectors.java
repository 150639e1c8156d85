package org.medstream.stream.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertDelivery;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.Beat;
import org.medstream.schemas.Breath;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.WaveSegment;
import org.medstream.schemas.serde.AvroFlinkSchema;
import org.medstream.schemas.topic.Topic;
import org.medstream.schemas.topic.Topics;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.ChunkInput;
import org.medstream.stream.job.JobSinks;
import org.medstream.stream.time.ChunkWatermarks;

/**
 * Production wiring of {@link org.medstream.stream.job.BeatDetectionJob} to Kafka.
 *
 * <p>The source reads the input topic from the committed offsets of the consumer group (earliest
 * when there are none); the chunk watermark strategy runs per partition inside the source. Records
 * that do not decode become {@code UNDECODABLE} dead letters. The sinks write beats, alerts, dead
 * letters, wave segments and anomalies with {@link DeliveryGuarantee#EXACTLY_ONCE}: Kafka
 * transactions commit on each checkpoint, keyed by stream id.
 */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    // The connector (5.0.0-2.2) takes only Kafka's deprecated OffsetResetStrategy here.
    @SuppressWarnings("deprecation")
    public static ChunkInput input(BeatDetectionJobConfig config) {
        String topic = config.get(BeatDetectionJobConfig.INPUT_TOPIC);
        KafkaSource<DecodedChunk> source =
                KafkaSource.<DecodedChunk>builder()
                        .setBootstrapServers(config.bootstrapServers())
                        .setTopics(topic)
                        .setGroupId(config.get(BeatDetectionJobConfig.GROUP_ID))
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new ChunkRecordDeserializer())
                        .build();

        return (env, jobConfig) -> {
            SingleOutputStreamOperator<SignalChunk> chunks =
                    env.fromSource(
                                    source,
                                    ChunkWatermarks.<DecodedChunk>forRecords(
                                            decoded -> decoded.chunk,
                                            jobConfig.get(BeatDetectionJobConfig.OUT_OF_ORDERNESS),
                                            jobConfig.get(BeatDetectionJobConfig.IDLENESS)),
                                    "kafka-" + topic)
                            .uid("kafka-chunk-source")
                            .process(new DecodedChunkSplitter())
                            .name("split-undecodable")
                            .uid("split-undecodable");
            return new ChunkInput.Streams(
                    chunks, chunks.getSideOutput(DecodedChunkSplitter.UNDECODABLE));
        };
    }

    public static JobSinks sinks(BeatDetectionJobConfig config) {
        return new JobSinks(
                sink(config, Topics.BEATS, Beat::getStreamId, "beats"),
                sink(config, Topics.ALERTS, Alert::getStreamId, "alerts"),
                sink(config, Topics.SIGNALS_DEAD_LETTER, DeadLetter::getStreamId, "dead-letters"),
                sink(config, Topics.SEGMENTS, WaveSegment::getStreamId, "segments"),
                sink(config, Topics.BREATHS, Breath::getStreamId, "breaths"),
                sink(config, Topics.ANOMALIES, Anomaly::getStreamId, "anomalies"),
                sink(
                        config,
                        Topics.ALERT_DELIVERIES,
                        AlertDelivery::getStreamId,
                        "alert-deliveries"));
    }

    /** Reads the stream id of a record, for the Kafka key; may return null. */
    private interface StreamIdOf<T> extends java.io.Serializable {
        String streamId(T record);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> KafkaSink<T> sink(
            BeatDetectionJobConfig config, Topic<T> topic, StreamIdOf<T> streamIdOf, String name) {
        SerializationSchema<T> key =
                record -> {
                    String streamId = streamIdOf.streamId(record);
                    return streamId == null ? null : streamId.getBytes(StandardCharsets.UTF_8);
                };
        KafkaRecordSerializationSchema<T> serializer =
                KafkaRecordSerializationSchema.<T>builder()
                        .setTopic(topic.name())
                        .setKeySerializationSchema(key)
                        .setValueSerializationSchema(new AvroFlinkSchema<>(topic.valueClass()))
                        .build();
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(
                        config.get(BeatDetectionJobConfig.TRANSACTIONAL_ID_PREFIX) + "-" + name)
                .setProperty(
                        "transaction.timeout.ms",
                        String.valueOf(
                                config.get(BeatDetectionJobConfig.TRANSACTION_TIMEOUT).toMillis()))
                .build();
    }
}
