package org.medstream.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medstream.infra.bench.AlertLatencyBenchmark;
import org.medstream.infra.bench.BenchmarkJobOptions;
import org.medstream.infra.bench.BenchmarkReport;
import org.medstream.infra.bench.GateBenchmark;
import org.medstream.infra.bench.LatencyBenchmark;
import org.medstream.infra.bench.ThroughputBenchmark;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.stream.job.BeatDetectionJobConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Measures the beat detection job end to end on the embedded runtime: throughput of unpaced
 * streams, and latency of streams paced at real time, each run on a fresh broker and MiniCluster.
 */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the beat detection job end to end on the embedded runtime (Kafka broker, Flink"
                    + " MiniCluster and webhook receiver on 127.0.0.1, all in this JVM).",
            "Throughput: --streams recordings replayed as fast as possible; samples/s and chunks/s"
                    + " from the first send until every stream's beats are visible to a"
                    + " read_committed consumer.",
            "Gate: the ingest gate alone on --streams recordings preloaded into the raw topic;"
                    + " chunks/s and samples/s over wall-clock time and per core (per second of"
                    + " its stream thread's CPU time).",
            "Latency: --latency-streams recordings replayed at real time for --duration seconds,"
                    + " once per --checkpoint-millis value; p50, p99 and max of the time from an"
                    + " R-peak sample's recording time until its beat is visible (sample to beat),"
                    + " and until the detector emitted it (operator).",
            "Alerts (--mode alerts, not part of all): --alert-streams recordings with recurring"
                    + " asystole or extreme tachycardia episodes built from their annotated beats"
                    + " (.atr beside the header), replayed at real time for --alert-duration"
                    + " seconds; p50, p99 and max of the time from each episode's onset, from the"
                    + " moment its beats met the alarm criterion, and from the sample at which the"
                    + " job confirmed it, until the webhook receiver got its START."
        })
final class BenchmarkCommand implements Callable<Integer> {
    /** Bundled records used when no --record is given, relative to the installation. */
    private static final List<String> DEFAULT_RECORDS =
            List.of(
                    "data/mitdb/100",
                    "data/mitdb/103",
                    "data/mitdb/105",
                    "data/mitdb/106",
                    "data/mitdb/108",
                    "data/mitdb/118",
                    "data/mitdb/208",
                    "data/svdb/800");

    /** Measurement selected by --mode. */
    enum Mode {
        throughput,
        latency,
        gate,
        alerts,
        all;

        boolean includes(Mode part) {
            return this == part || (this == all && part != alerts);
        }
    }

    @Spec CommandSpec spec;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            description = "What to measure: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Mode mode = Mode.all;

    @Option(
            names = "--record",
            paramLabel = "PATH",
            description =
                    "WFDB record path without extension; repeat for several. Streams take the"
                            + " records in turn (default: the bundled MIT-BIH records 100, 103,"
                            + " 105, 106, 108, 118, 208 and SVDB 800).")
    List<Path> records = new ArrayList<>();

    @Option(
            names = "--streams",
            paramLabel = "N",
            description = "Streams replayed for the throughput run (default: ${DEFAULT-VALUE}).")
    int streams = 8;

    @Option(
            names = "--seconds",
            paramLabel = "SECONDS",
            description = "Signal seconds replayed per throughput stream (default: whole records).")
    Double seconds;

    @Option(
            names = "--throughput-checkpoint-millis",
            paramLabel = "MS",
            description =
                    "Checkpoint interval of the job in the throughput run, in milliseconds; the"
                            + " end of the run is known only to within it (default:"
                            + " ${DEFAULT-VALUE}).")
    long throughputCheckpointMillis = 1000;

    @Option(
            names = "--waves-model",
            paramLabel = "DIR",
            description =
                    "Also delineate waves with this LMU wave model in the throughput run, which"
                            + " then ends when the wave segments are complete too (default: beats"
                            + " only).")
    Path wavesModel;

    @Option(
            names = "--latency-streams",
            paramLabel = "M",
            description =
                    "Streams replayed at real time for the latency runs (default:"
                            + " ${DEFAULT-VALUE}).")
    int latencyStreams = 4;

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            description = "Wall-clock seconds of each latency run (default: ${DEFAULT-VALUE}).")
    double durationSeconds = 60;

    @Option(
            names = "--warmup",
            paramLabel = "SECONDS",
            description =
                    "Leading seconds of each latency stream whose beats are not measured"
                            + " (default: ${DEFAULT-VALUE}).")
    double warmupSeconds = 10;

    @Option(
            names = "--checkpoint-millis",
            paramLabel = "MS",
            split = ",",
            description =
                    "Checkpoint intervals of the latency runs in milliseconds, one run each"
                            + " (default: 10000,1000).")
    List<Long> checkpointMillis = new ArrayList<>(List.of(10_000L, 1_000L));

    @Option(
            names = "--alert-streams",
            paramLabel = "N",
            description =
                    "Streams of the alerts run, alternately with asystole and with tachycardia"
                            + " episodes (default: ${DEFAULT-VALUE}).")
    int alertStreams = 4;

    @Option(
            names = "--alert-duration",
            paramLabel = "SECONDS",
            description =
                    "Wall-clock seconds of the alerts run, at least 50; each stream has an episode"
                            + " about every 40 s, none in the last 10 s (default:"
                            + " ${DEFAULT-VALUE}).")
    double alertDurationSeconds = 240;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "A job option for every run, KEY as 'medstream job --list-options' prints it;"
                            + " repeat for several. The runs set the broker, the webhook, the"
                            + " checkpoint interval and the wave model themselves.")
    Map<String, String> jobOptions = new LinkedHashMap<>();

    @Option(
            names = "--markdown",
            paramLabel = "FILE",
            description = "Also append the results as Markdown tables to FILE.")
    Path markdown;

    @Override
    public Integer call() throws Exception {
        List<Recording> recordings = openRecordings();
        ThroughputBenchmark.Options throughputOptions = null;
        GateBenchmark.Options gateOptions = null;
        List<LatencyBenchmark.Options> latencyOptions = new ArrayList<>();
        AlertLatencyBenchmark.Options alertOptions = null;
        BeatDetectionJobConfig job;
        try {
            job = BenchmarkJobOptions.parse(jobOptions);
            if (mode.includes(Mode.alerts)) {
                alertOptions =
                        new AlertLatencyBenchmark.Options(
                                recordings,
                                alertStreams,
                                alertDurationSeconds,
                                job.get(BeatDetectionJobConfig.CHECKPOINT_INTERVAL));
            }
            if (mode.includes(Mode.throughput)) {
                throughputOptions =
                        new ThroughputBenchmark.Options(
                                recordings,
                                streams,
                                seconds == null ? Double.POSITIVE_INFINITY : seconds,
                                Duration.ofMillis(throughputCheckpointMillis),
                                Duration.ofMinutes(5),
                                wavesModel);
            }
            if (mode.includes(Mode.latency)) {
                for (long millis : checkpointMillis) {
                    latencyOptions.add(
                            new LatencyBenchmark.Options(
                                    recordings,
                                    latencyStreams,
                                    durationSeconds,
                                    warmupSeconds,
                                    Duration.ofMillis(millis)));
                }
            }
            if (mode.includes(Mode.gate)) {
                gateOptions =
                        new GateBenchmark.Options(
                                recordings,
                                streams,
                                seconds == null ? Double.POSITIVE_INFINITY : seconds,
                                Duration.ofMinutes(10));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }

        StringBuilder report = new StringBuilder();
        report.append(String.format("%n### medstream benchmark, %s%n%n", now()));
        if (!jobOptions.isEmpty()) {
            String settings = "Job options: " + jobOptions;
            System.out.println(settings);
            report.append(settings).append("\n\n");
        }
        if (throughputOptions != null) {
            System.out.printf("Throughput: %d streams replayed as fast as possible ...%n", streams);
            List<ThroughputBenchmark.Result> results =
                    List.of(ThroughputBenchmark.run(throughputOptions, job));
            System.out.println();
            System.out.print(BenchmarkReport.throughputText(results));
            System.out.println();
            report.append("Throughput:\n\n").append(BenchmarkReport.throughputMarkdown(results));
            report.append('\n');
        }
        if (gateOptions != null) {
            System.out.printf("Ingest gate: %d streams preloaded, then gated ...%n", streams);
            List<GateBenchmark.Result> results = List.of(GateBenchmark.run(gateOptions));
            System.out.println();
            System.out.print(BenchmarkReport.gateText(results));
            System.out.println();
            report.append("Ingest gate, one stream thread:\n\n")
                    .append(BenchmarkReport.gateMarkdown(results))
                    .append('\n');
        }
        if (!latencyOptions.isEmpty()) {
            List<LatencyBenchmark.Result> results = new ArrayList<>();
            for (LatencyBenchmark.Options options : latencyOptions) {
                System.out.printf(
                        "Latency: %d streams at real time for %.0f s, checkpoint interval %d ms"
                                + " ...%n",
                        options.streams(),
                        options.durationSeconds(),
                        options.checkpointInterval().toMillis());
                results.add(LatencyBenchmark.run(options, job));
            }
            System.out.println();
            System.out.print(BenchmarkReport.latencyText(results));
            report.append(
                            String.format(
                                    "Latency (beats of the first %.0f s of each stream left"
                                            + " out):%n%n",
                                    warmupSeconds))
                    .append(BenchmarkReport.latencyMarkdown(results));
        }
        if (alertOptions != null) {
            System.out.printf(
                    "Alerts: %d streams at real time for %.0f s ...%n",
                    alertOptions.streams(), alertOptions.durationSeconds());
            List<AlertLatencyBenchmark.Result> results =
                    List.of(AlertLatencyBenchmark.run(alertOptions, job));
            System.out.println();
            System.out.print(BenchmarkReport.alertLatencyText(results));
            report.append("Alert latency, onset and confirmation to webhook receipt:\n\n")
                    .append(BenchmarkReport.alertLatencyMarkdown(results));
        }
        if (markdown != null) {
            appendMarkdown(report.toString());
            System.out.println("Appended the results to " + markdown);
        }
        return 0;
    }

    private List<Recording> openRecordings() throws IOException {
        List<Path> paths = new ArrayList<>(records);
        if (paths.isEmpty()) {
            Path home = Path.of(System.getenv().getOrDefault("MEDSTREAM_HOME", "."));
            for (String record : DEFAULT_RECORDS) {
                paths.add(home.resolve(record));
            }
        }
        List<Recording> recordings = new ArrayList<>();
        for (Path path : paths) {
            recordings.add(RecordingFiles.open(path));
        }
        return recordings;
    }

    private void appendMarkdown(String text) throws IOException {
        Files.writeString(
                markdown,
                text,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
