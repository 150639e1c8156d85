package org.medstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.infra.kafka.EmbeddedKafka;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.topic.Topics;
import picocli.CommandLine;

/**
 * {@code medstream patients load} against the embedded KRaft broker: contexts arrive on the
 * compacted patients topic keyed by stream id, and a later load replaces a stream's context.
 */
class PatientsLoadIT {
    private static final Path DATA = Path.of(System.getProperty("medstream.data.dir"));
    private static final int LUDB_PATIENTS = 160;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static String load(String file, String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Medstream.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] args = new String[4 + extra.length];
        args[0] = "patients";
        args[1] = "load";
        args[2] = DATA.resolve(file).toString();
        args[3] = "--bootstrap-servers=" + kafka.bootstrapServers();
        System.arraycopy(extra, 0, args, 4, extra.length);

        int exitCode = commandLine.execute(args);

        assertThat(exitCode).as("exit code, stderr: %s", err).isZero();
        return out.toString();
    }

    @Test
    void latestContextPerStreamWins() throws Exception {
        assertThat(load("ludb/ludb.csv"))
                .contains("Published 160 patient contexts to medstream.patients");
        assertThat(load("ludb/1.hea")).contains("Published 1 patient context");
        assertThat(load("mitdb/100", "--stream-id", "bed-100"))
                .contains("Published 1 patient context");

        List<ConsumerRecord<String, PatientContext>> records = readAll(LUDB_PATIENTS + 2);
        Map<String, PatientContext> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, PatientContext> record : records) {
            assertThat(record.key()).isEqualTo(record.value().getStreamId());
            latest.put(record.key(), record.value());
        }

        assertThat(records).hasSize(LUDB_PATIENTS + 2);
        assertThat(latest).hasSize(LUDB_PATIENTS + 1);
        assertThat(latest.get("1").getSource()).endsWith("1.hea");
        assertThat(latest.get("1").getAgeYears()).isEqualTo(51);
        assertThat(latest.get("2").getSource()).endsWith("ludb.csv");
        assertThat(latest.get("bed-100").getMedications()).containsExactly("Aldomet", "Inderal");
    }

    @Test
    void patientsTopicIsCompacted() throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            ConfigResource topic =
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.PATIENTS.name());
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);

            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    private static List<ConsumerRecord<String, PatientContext>> readAll(int expected) {
        Map<String, Object> properties = kafka.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "patients-load-it");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, PatientContext>> records = new ArrayList<>();
        try (KafkaConsumer<String, PatientContext> consumer =
                new KafkaConsumer<>(
                        properties,
                        Topics.PATIENTS.keySerde().deserializer(),
                        Topics.PATIENTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.PATIENTS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // One more poll so an unexpected extra record would show up.
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }
}
