package org.medstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.medstream.ingest.hl7.KafkaWaveformSink;
import org.medstream.ingest.hl7.ListenerMetrics;
import org.medstream.ingest.hl7.MllpListener;
import org.medstream.ingest.hl7.MllpListenerOptions;
import org.medstream.schemas.topic.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Receives HL7 v2 waveform messages over MLLP and publishes them to Kafka until stopped. */
@Command(
        name = "mllp",
        mixinStandardHelpOptions = true,
        description =
                "Receive HL7 v2 ORU^R01 waveform messages over MLLP and publish one signal chunk"
                        + " per stream and message to Kafka, until stopped with Ctrl-C. A message"
                        + " is acknowledged with AA only after Kafka stored its chunks; rejected"
                        + " messages get AE or AR and go to the dead-letter topic.")
final class MllpCommand implements Callable<Integer> {
    private static final long STOP_WAIT_SECONDS = 30;

    @Spec CommandSpec spec;

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "TCP port to listen on, 0 for a free one (default: ${DEFAULT-VALUE}).")
    int port = MllpListenerOptions.DEFAULT_PORT;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description =
                    "Local address to listen on (default: ${DEFAULT-VALUE}); a wildcard address"
                            + " such as 0.0.0.0 is rejected.")
    String bind = MllpListenerOptions.DEFAULT_BIND_ADDRESS;

    @Option(
            names = "--default-zone",
            paramLabel = "ZONE",
            description =
                    "Time zone of timestamps sent without UTC offset, for example Europe/Berlin"
                            + " (default: reject such messages).")
    String defaultZone;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            description = "Connections served at once (default: ${DEFAULT-VALUE}).")
    int maxConnections = MllpListenerOptions.DEFAULT_MAX_CONNECTIONS;

    @Option(
            names = "--topic",
            paramLabel = "NAME",
            description = "Topic for the chunks (default: ${DEFAULT-VALUE}).")
    String topic = Topics.SIGNALS_RAW.name();

    @Option(
            names = "--dead-letter-topic",
            paramLabel = "NAME",
            description = "Topic for rejected messages (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic = Topics.SIGNALS_DEAD_LETTER.name();

    private final StopSignal stopSignal = new StopSignal();

    @Override
    public Integer call() throws IOException, InterruptedException {
        MllpListenerOptions options = listenerOptions();
        BrokerCheck.requireTopic(spec.commandLine(), bootstrapServers, topic);
        BrokerCheck.requireTopic(spec.commandLine(), bootstrapServers, deadLetterTopic);

        stopSignal.install("medstream-mllp-shutdown", Duration.ofSeconds(STOP_WAIT_SECONDS));
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> producerProperties = new HashMap<>();
        producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaWaveformSink sink =
                        new KafkaWaveformSink(producerProperties, topic, deadLetterTopic);
                MllpListener listener = MllpListener.start(options, sink)) {
            out.printf(
                    "Listening for HL7 v2 over MLLP on %s:%d, publishing to %s on %s; Ctrl-C to"
                            + " stop.%n",
                    listener.address().getAddress().getHostAddress(),
                    listener.port(),
                    topic,
                    bootstrapServers);
            out.flush();
            stopSignal.await();
            listener.close();
            printSummary(out, listener.metrics());
        } finally {
            stopSignal.finished();
        }
        return 0;
    }

    /** Asks a running {@link #call()} to close the listener and return. */
    void stop() {
        stopSignal.stop();
    }

    private MllpListenerOptions listenerOptions() {
        MllpListenerOptions.Builder builder = MllpListenerOptions.builder();
        try {
            builder.optBindAddress(InetAddress.getByName(bind))
                    .optPort(port)
                    .optMaxConnections(maxConnections);
        } catch (UnknownHostException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid --bind '"
                            + bind
                            + "': unknown host; give an address such as 127.0.0.1");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (defaultZone != null) {
            try {
                builder.optDefaultZone(ZoneId.of(defaultZone));
            } catch (DateTimeException e) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Invalid --default-zone '"
                                + defaultZone
                                + "': "
                                + e.getMessage()
                                + " (expected a zone id such as Europe/Berlin or +01:00)");
            }
        }
        return builder.build();
    }

    private static void printSummary(PrintWriter out, ListenerMetrics metrics) {
        out.printf(
                "Accepted %s (%s), rejected %s%s%n",
                Counted.of(metrics.acceptedMessages(), "message"),
                Counted.of(metrics.publishedChunks(), "chunk"),
                Counted.of(metrics.rejectedMessages(), "message"),
                metrics.rejectedByReason().isEmpty()
                        ? ""
                        : " by reason " + metrics.rejectedByReason());
        out.flush();
    }
}
