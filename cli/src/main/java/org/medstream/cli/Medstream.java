package org.medstream.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
            MllpCommand.class,
            BenchmarkCommand.class,
            ConvertCommand.class,
            JobCommand.class,
            GateCommand.class,
            PatientsCommand.class,
            TrainCommand.class,
            ServeCommand.class,
            LoadTestCommand.class,
            TailCommand.class,
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
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            subcommand.getCommandSpec().versionProvider(new MedstreamVersion());
        }
        commandLine.setParameterExceptionHandler(Medstream::usageError);
        commandLine.setExecutionExceptionHandler(
                (exception, failedCommand, parseResult) -> {
                    failedCommand.getErr().println("medstream: " + oneLine(exception));
                    return 1;
                });
        return commandLine;
    }

    /**
     * Prints a usage error as its message, picocli's suggestions for a mistyped option, and where
     * the help is, instead of the whole usage text, which would push the reason off the screen.
     */
    private static int usageError(CommandLine.ParameterException exception, String[] args) {
        CommandLine failed = exception.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println(exception.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
        err.println(
                "See '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return failed.getCommandSpec().exitCodeOnInvalidInput();
    }

    static String oneLine(Throwable exception) {
        String message = exception.getMessage();
        if (exception instanceof FileSystemException fileError && fileError.getReason() == null) {
            message = fileError.getFile() + ": " + fileProblem(fileError);
        }
        if (message == null || message.isBlank()) {
            message = exception.getClass().getSimpleName();
        }
        return message.replace('\n', ' ');
    }

    /** Describes a file error that carries only a path, as the JDK's file operations throw them. */
    private static String fileProblem(FileSystemException error) {
        if (error instanceof NoSuchFileException) {
            return "no such file or directory (check the path and that its folder exists)";
        }
        if (error instanceof FileAlreadyExistsException) {
            return "already exists and is not a folder";
        }
        if (error instanceof NotDirectoryException) {
            return "is not a folder";
        }
        if (error instanceof AccessDeniedException) {
            return "permission denied";
        }
        return error.getClass().getSimpleName();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing subcommand; see 'medstream --help'.");
    }
}
