package org.medstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code medstream} command line. Exit codes: 0 on success, 2 on invalid usage,
 * 1 on failure with a one-line reason on standard error.
 */
@Command(
        name = "medstream",
        mixinStandardHelpOptions = true,
        versionProvider = MedstreamVersion.class,
        description = "Streaming medical waveform analysis on Apache Kafka and Apache Flink.",
        subcommands = {
            DemoCommand.class,
            AnnotateCommand.class,
            EvaluateCommand.class,
            ReplayCommand.class,
            BenchmarkCommand.class,
            ConvertCommand.class,
            JobCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Medstream implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** Builds the command line with medstream's error handling, for {@code main} and tests. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new Medstream());
        commandLine.setExecutionExceptionHandler(
                (exception, failedCommand, parseResult) -> {
                    failedCommand.getErr().println("medstream: " + oneLine(exception));
                    return 1;
                });
        return commandLine;
    }

    private static String oneLine(Throwable exception) {
        String message = exception.getMessage();
        if (message == null || message.isBlank()) {
            message = exception.getClass().getSimpleName();
        }
        return message.replace('\n', ' ');
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing subcommand; see 'medstream --help'.");
    }
}
