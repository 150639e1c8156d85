package org.medstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.medstream.ingest.patient.PatientContextPublisher;
import org.medstream.ingest.patient.PatientFiles;
import org.medstream.ingest.patient.PatientLoad;
import org.medstream.schemas.PatientContext;
import org.medstream.schemas.topic.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Groups the commands that manage patient context. */
@Command(
        name = "patients",
        mixinStandardHelpOptions = true,
        versionProvider = MedstreamVersion.class,
        description = "Manage the patient context (age, sex, diagnoses, …) joined onto streams.",
        subcommands = {PatientsCommand.Load.class})
final class PatientsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "Missing subcommand; see 'medstream patients --help'.");
    }

    /** Loads patient contexts from a file and publishes them to the compacted patients topic. */
    @Command(
            name = "load",
            mixinStandardHelpOptions = true,
            versionProvider = MedstreamVersion.class,
            description = {
                "Publish patient contexts to the compacted topic medstream.patients, keyed by"
                        + " stream id, so the latest context per stream wins.",
                "FILE is a table with the schema's field names (streamId, patientId, ageYears,"
                        + " sex, diagnoses, medications, leadPlacement, careUnit), a table like LUDB's"
                        + " ludb.csv (columns ID, Sex, Age, then findings; the stream id is the"
                        + " ID), or a WFDB record path or .hea file whose"
                        + " comments give age, sex, diagnoses or medications (the stream id is"
                        + " the record name).",
                "A row that cannot be read is reported on standard error and skipped; the exit"
                        + " code is then 1. Without --bootstrap-servers the contexts are only"
                        + " checked and listed."
            })
    static final class Load implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "Patient table or record.")
        Path file;

        @Option(
                names = "--bootstrap-servers",
                paramLabel = "HOST:PORT[,...]",
                description =
                        "Kafka bootstrap servers to publish to (default: none, list the"
                                + " contexts without publishing).")
        String bootstrapServers;

        @Option(
                names = "--stream-id",
                paramLabel = "ID",
                description =
                        "Stream id for the context of a file with one patient (default: the"
                                + " record name or ID), for a record replayed under another"
                                + " --stream-id.")
        String streamId;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PatientLoad load = PatientFiles.load(file, Instant.now());
            List<PatientContext> contexts = load.contexts();
            if (streamId != null) {
                contexts = withStreamId(contexts);
            }

            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            for (String error : load.errors()) {
                err.println("medstream: " + error);
            }
            if (bootstrapServers == null) {
                for (PatientContext context : contexts) {
                    out.println(summary(context));
                }
                out.printf(
                        "Loaded %s from %s; give --bootstrap-servers to publish them%n",
                        Counted.of(contexts.size(), "patient context"), file);
            } else if (!contexts.isEmpty()) {
                String topic = Topics.PATIENTS.name();
                BrokerCheck.requireTopic(spec.commandLine(), bootstrapServers, topic);
                try (PatientContextPublisher publisher =
                        PatientContextPublisher.to(bootstrapServers)) {
                    int published = publisher.publish(contexts);
                    out.printf(
                            "Published %s to %s%n",
                            Counted.of(published, "patient context"), topic);
                }
            } else {
                out.println("Published 0 patient contexts: " + file + " has none to publish");
            }
            if (!load.errors().isEmpty()) {
                err.printf(
                        "medstream: skipped %s of %s with errors%n",
                        Counted.of(load.errors().size(), "row"), file);
                return 1;
            }
            return 0;
        }

        private List<PatientContext> withStreamId(List<PatientContext> contexts) {
            if (contexts.size() != 1) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--stream-id applies to a file with one patient, but "
                                + file
                                + " gave "
                                + contexts.size()
                                + " patient contexts");
            }
            return List.of(
                    PatientContext.newBuilder(contexts.get(0)).setStreamId(streamId).build());
        }

        private static String summary(PatientContext context) {
            return String.format(
                    "%s: age %s, sex %s, %d diagnoses, %d medications, leads %s",
                    context.getStreamId(),
                    context.getAgeYears() == null ? "unknown" : context.getAgeYears(),
                    context.getSex() == null ? "unknown" : context.getSex(),
                    context.getDiagnoses().size(),
                    context.getMedications().size(),
                    context.getLeadPlacement() == null ? "unknown" : context.getLeadPlacement());
        }
    }
}
