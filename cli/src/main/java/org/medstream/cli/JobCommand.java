package org.medstream.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medstream.stream.job.BeatDetectionJob;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.LocalEnvironments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the beat detection job against a Kafka cluster on an embedded Flink. */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = {
            "Run the beat detection job between the Kafka topics of a cluster, on an embedded"
                    + " Flink bound to 127.0.0.1, until stopped with Ctrl-C.",
            "On a Flink cluster, submit the same jar instead: flink run -c"
                    + " org.medstream.stream.job.BeatDetectionJob medstream.jar"
                    + " --bootstrap-servers HOST:PORT"
        })
final class JobCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (required unless --list-options).")
    String bootstrapServers;

    @Option(
            names = "--webhook",
            paramLabel = "URL",
            description = "POST each alert as JSON to this URL (default: no webhook delivery).")
    String webhookUrl;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallel instances of each operator (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "Any job option, KEY as --list-options prints it without the leading dashes."
                            + " Repeat for several.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--list-options", description = "Print the job options and exit.")
    boolean listOptions;

    @Override
    public Integer call() throws Exception {
        if (listOptions) {
            spec.commandLine().getOut().print(BeatDetectionJobConfig.help());
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (bootstrapServers == null) {
            throw new ParameterException(
                    spec.commandLine(), "Missing required option: '--bootstrap-servers'");
        }
        Map<String, String> values = new LinkedHashMap<>(options);
        values.put(BeatDetectionJobConfig.BOOTSTRAP_SERVERS.key(), bootstrapServers);
        if (webhookUrl != null) {
            values.put(BeatDetectionJobConfig.WEBHOOK_URL.key(), webhookUrl);
        }
        BeatDetectionJobConfig config;
        try {
            config = BeatDetectionJobConfig.fromMap(values);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String inputTopic = config.get(BeatDetectionJobConfig.INPUT_TOPIC);
        BrokerCheck.requireTopic(spec.commandLine(), bootstrapServers, inputTopic);

        spec.commandLine()
                .getOut()
                .printf(
                        "Beat detection job reading %s on %s with parallelism %d; Ctrl-C to"
                                + " stop.%n",
                        inputTopic, bootstrapServers, parallelism);
        BeatDetectionJob.runOnKafka(config, LocalEnvironments.loopback(parallelism));
        return 0;
    }
}
