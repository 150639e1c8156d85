package org.medstream.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.medstream.schemas.topic.Topic;
import org.medstream.schemas.topic.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Prints the records of a medstream topic as JSON lines, so that the job's beats, segments, alerts
 * and dead letters can be read without other Kafka tools. It assigns every partition itself and
 * commits nothing, so it joins no consumer group and changes no job's offsets.
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description =
                "Print the records of a medstream topic as JSON, one per line: from the beginning"
                        + " up to the records present at start, or with --follow until Ctrl-C.")
final class TailCommand implements Callable<Integer> {
    /** Wait of one poll; with --follow the command polls again until stopped. */
    private static final Duration POLL = Duration.ofMillis(500);

    @Spec CommandSpec spec;

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka brokers, such as the address 'medstream demo' prints.")
    String bootstrapServers;

    @Option(
            names = "--topic",
            required = true,
            paramLabel = "NAME",
            description = "Topic to read, such as medstream.events.beats or medstream.alerts.")
    String topicName;

    @Option(
            names = "--stream-id",
            paramLabel = "ID",
            description = "Print only the records of this stream (the record key).")
    String streamId;

    @Option(
            names = "--max-records",
            paramLabel = "N",
            description = "Stop after printing N records.")
    Integer maxRecords;

    @Option(names = "--follow", description = "Keep printing new records until Ctrl-C.")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        Topic<?> topic = topic();
        if (maxRecords != null && maxRecords < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--max-records': "
                            + maxRecords
                            + "; expected 1 or more");
        }
        BrokerCheck.requireTopic(spec.commandLine(), bootstrapServers, topic.name());
        return print(topic);
    }

    private Topic<?> topic() {
        for (Topic<?> topic : Topics.ALL) {
            if (topic.name().equals(topicName)) {
                return topic;
            }
        }
        throw new ParameterException(
                spec.commandLine(),
                "Invalid value for option '--topic': unknown topic '"
                        + topicName
                        + "'; medstream topics: "
                        + Topics.ALL.stream().map(Topic::name).toList());
    }

    private <V extends SpecificRecord> int print(Topic<V> topic) {
        Map<String, Object> properties =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false);
        PrintWriter out = spec.commandLine().getOut();
        int printed = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                        new KafkaConsumer<>(
                                properties, new StringDeserializer(), new ByteArrayDeserializer());
                Deserializer<V> values = topic.valueSerde().deserializer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo partition : consumer.partitionsFor(topic.name())) {
                partitions.add(new TopicPartition(topic.name(), partition.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions);
            while (follow || !caughtUp(consumer, endAtStart)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (streamId != null && !streamId.equals(record.key())) {
                        continue;
                    }
                    V value;
                    try {
                        value = values.deserialize(topic.name(), record.value());
                    } catch (RuntimeException e) {
                        PrintWriter err = spec.commandLine().getErr();
                        err.printf(
                                "Skipped record at offset %d of %s partition %d (key %s): %s%n",
                                record.offset(),
                                topic.name(),
                                record.partition(),
                                record.key(),
                                e.getMessage());
                        err.flush();
                        continue;
                    }
                    out.println(value);
                    printed++;
                    if (maxRecords != null && printed >= maxRecords) {
                        out.flush();
                        return 0;
                    }
                }
                out.flush();
            }
        }
        return 0;
    }

    /** Whether every partition has been read up to its end offset at start. */
    private static boolean caughtUp(
            KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> endAtStart) {
        for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
