package org.medstream.ingest.gate;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.medstream.schemas.DeadLetter;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.topic.Topics;

/**
 * The ingest gate, a Kafka Streams application between the raw and the clean signal topics. It
 * validates every chunk and puts each stream's chunks in sample order. It drops and counts
 * duplicates, marks gaps, flags channel quality and joins the stream's patient context. Rejected
 * chunks go to the dead-letter topic with a reason; {@link GateProcessor} has the sequencing rules.
 */
public final class IngestGate {
    /** Application id, and so the consumer group and the prefix of internal topics. */
    public static final String APPLICATION_ID = "medstream-ingest-gate";

    private IngestGate() {}

    /** Builds the gate's topology; pure, so tests run it in a {@code TopologyTestDriver}. */
    public static Topology buildTopology(GateConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(GateProcessor.STORE),
                        Serdes.String(),
                        new StreamSequenceSerde()));
        GlobalKTable<String, PatientContext> patients =
                builder.globalTable(
                        config.patientsTopic(),
                        Consumed.with(Serdes.String(), Topics.PATIENTS.valueSerde()),
                        Materialized.as("gate-patients"));

        KStream<String, SpecificRecord> gated =
                builder.stream(
                                config.rawTopic(),
                                Consumed.with(Serdes.String(), Serdes.ByteArray()))
                        .process(
                                () -> new GateProcessor(config),
                                Named.as("gate"),
                                GateProcessor.STORE);
        gated.split(Named.as("gate-"))
                .branch(
                        (stream, record) -> record instanceof DeadLetter,
                        Branched.withConsumer(
                                deadLetters ->
                                        deadLetters
                                                .mapValues(record -> (DeadLetter) record)
                                                .to(
                                                        config.deadLetterTopic(),
                                                        Produced.with(
                                                                Serdes.String(),
                                                                Topics.SIGNALS_DEAD_LETTER
                                                                        .valueSerde()))))
                .defaultBranch(
                        Branched.withConsumer(
                                chunks ->
                                        chunks.mapValues(record -> (SignalChunk) record)
                                                .leftJoin(
                                                        patients,
                                                        (stream, chunk) -> chunk.getStreamId(),
                                                        IngestGate::withPatient)
                                                .to(
                                                        config.cleanTopic(),
                                                        Produced.with(
                                                                Serdes.String(),
                                                                Topics.SIGNALS_CLEAN
                                                                        .valueSerde()))));
        return builder.build();
    }

    /**
     * Kafka Streams settings of the gate: exactly-once processing, so a chunk reaches the clean or
     * dead-letter topic once even when the gate restarts.
     */
    public static Properties streamsProperties(String bootstrapServers, Path stateDir) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        properties.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        return properties;
    }

    /** Starts the gate; the caller closes the returned application. */
    public static KafkaStreams start(GateConfig config, Properties streamsProperties) {
        KafkaStreams streams = new KafkaStreams(buildTopology(config), streamsProperties);
        streams.start();
        return streams;
    }

    private static SignalChunk withPatient(SignalChunk chunk, PatientContext patient) {
        return patient == null ? chunk : SignalChunk.newBuilder(chunk).setPatient(patient).build();
    }
}
