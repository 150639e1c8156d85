package org.medstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.medstream.infra.gate.RunningGate;
import org.medstream.ingest.gate.GateConfig;
import org.medstream.ingest.gate.GateCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the ingest gate against a Kafka cluster. */
@Command(
        name = "gate",
        mixinStandardHelpOptions = true,
        description = {
            "Run the ingest gate, a Kafka Streams application, between medstream.signals.raw and"
                    + " medstream.signals.clean until stopped with Ctrl-C. It validates chunks,"
                    + " orders each stream, drops duplicates, marks gaps, flags channel quality and"
                    + " joins patient context; rejected chunks go to medstream.signals.deadletter"
                    + " with a reason. More instances, on this host or others, share the partitions"
                    + " of the raw topic."
        })
final class GateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description =
                    "Directory of the gate's local state (default: a temporary directory, deleted"
                            + " on exit; the state is restored from Kafka).")
    Path stateDir;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "Gate setting, repeatable: gate.reorder-window-ms, gate.hold-limit-ms,"
                            + " gate.max-gap-ms, gate.state-retention-ms, gate.flat-line-ms, gate.noisy-below,"
                            + " gate.min-sampling-frequency-hz, gate.max-sampling-frequency-hz.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Properties properties = new Properties();
        properties.putAll(settings);
        GateConfig config;
        try {
            config = GateConfig.fromProperties(properties);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        BrokerCheck.requireTopic(spec.commandLine(), bootstrapServers, config.rawTopic());

        spec.commandLine()
                .getOut()
                .printf("Starting the ingest gate on %s ...%n", bootstrapServers);
        spec.commandLine().getOut().flush();
        RunningGate gate =
                stateDir == null
                        ? RunningGate.start(bootstrapServers, config)
                        : RunningGate.start(
                                bootstrapServers, config, Files.createDirectories(stateDir), false);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    GateCounts counts = gate.counts();
                                    gate.close();
                                    System.err.println(summary(counts));
                                    stopped.countDown();
                                },
                                "medstream-gate-shutdown"));
        spec.commandLine()
                .getOut()
                .printf(
                        "Ingest gate reading %s on %s, writing %s and %s; Ctrl-C to stop.%n",
                        config.rawTopic(),
                        bootstrapServers,
                        config.cleanTopic(),
                        config.deadLetterTopic());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    static String summary(GateCounts counts) {
        String summary =
                String.format(
                        "Ingest gate: %d chunks in, %d clean, %d duplicates dropped, %d dead letters",
                        counts.in(), counts.clean(), counts.duplicates(), counts.deadLetters());
        return counts.deadLettersByReason().isEmpty()
                ? summary
                : summary + " by reason " + counts.deadLettersByReason();
    }
}
