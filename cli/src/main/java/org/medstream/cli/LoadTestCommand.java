package org.medstream.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medstream.infra.bench.ServeLoadBenchmark;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.recording.RecordingFiles;
import org.medstream.model.serve.inference.ServedModel;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.registry.Device;
import org.medstream.model.serve.registry.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Load test of a running model server, with the same windows in process for comparison. */
@Command(
        name = "load-test",
        mixinStandardHelpOptions = true,
        description = {
            "Send windows cut from a record to a running 'medstream serve' at fixed concurrency"
                    + " levels, each for a fixed time or number of requests, and report windows/s,"
                    + " samples/s and p50/p99 request latency. Each client thread has one request in"
                    + " flight (closed loop).",
            "With --in-process MODEL_DIR the same requests also run through the model's"
                    + " predictors in this JVM (one per client thread, no HTTP, no dynamic"
                    + " batching). See docs/benchmarks.md, section Model server."
        })
final class LoadTestCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Base address of the server (default: ${DEFAULT-VALUE}).")
    URI url = URI.create("http://127.0.0.1:8090");

    @Option(
            names = "--model",
            required = true,
            paramLabel = "NAME",
            description = "Served model name (its directory's name).")
    String model;

    @Option(
            names = "--record",
            required = true,
            paramLabel = "PATH",
            description = "WFDB record path without extension whose channels become the leads.")
    Path record;

    @Option(
            names = "--window-samples",
            paramLabel = "N",
            description = "Samples per lead and window (default: 10 s of the record).")
    Integer windowSamples;

    @Option(
            names = "--windows",
            paramLabel = "N",
            description =
                    "Consecutive windows cut from the record and cycled through (default:"
                            + " ${DEFAULT-VALUE}, fewer when the record is shorter).")
    int windows = 8;

    @Option(
            names = "--windows-per-request",
            paramLabel = "N",
            description = "Windows per request (default: ${DEFAULT-VALUE}).")
    int windowsPerRequest = 1;

    @Option(
            names = "--patient",
            paramLabel = "KEY=VALUE",
            description = "Patient field sent with every window, such as age=51; repeatable.")
    Map<String, String> patient = new LinkedHashMap<>();

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            split = ",",
            description = "Client threads, one run each (default: 1,4,16).")
    List<Integer> concurrency = new ArrayList<>(List.of(1, 4, 16));

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            description = "Measured seconds per run (default: ${DEFAULT-VALUE}).")
    double durationSeconds = 10;

    @Option(
            names = "--requests",
            paramLabel = "N",
            description = "Measured requests per run at most; 0 for no limit (default: 0).")
    int maxRequests;

    @Option(
            names = "--warmup",
            paramLabel = "SECONDS",
            description =
                    "Seconds of uncounted requests before each run (default: ${DEFAULT-VALUE}).")
    double warmupSeconds = 2;

    @Option(names = "--avro", description = "Send Avro bodies instead of JSON.")
    boolean avro;

    @Option(
            names = "--in-process",
            paramLabel = "MODEL_DIR",
            description = "Also run the requests through this model directory in this JVM.")
    Path inProcess;

    @Option(
            names = "--in-process-only",
            description = "Run only in process (needs --in-process); no server is contacted.")
    boolean inProcessOnly;

    @Option(
            names = "--backbone",
            paramLabel = "FILE",
            description = "Backbone file of a MedTsLLM model given with --in-process; repeatable.")
    List<Path> backbones = new ArrayList<>();

    @Option(
            names = "--label",
            paramLabel = "TEXT",
            description =
                    "Text for the first column of each result line, such as the server's"
                            + " --max-batch (default: the model name).")
    String label;

    @Option(
            names = "--markdown",
            paramLabel = "FILE",
            description = "Also append the results as Markdown table rows to FILE.")
    Path markdown;

    @Override
    public Integer call() throws Exception {
        List<Window> cut = windows();
        PrintWriter out = spec.commandLine().getOut();
        String name = label == null ? model : label;
        StringBuilder rows = new StringBuilder();

        out.printf(
                Locale.ROOT,
                "%s: %d windows of %d leads x %d samples at %.0f Hz, %d per request, %s%n",
                model,
                cut.size(),
                cut.get(0).leads().size(),
                cut.get(0).length(),
                cut.get(0).samplingFrequencyHz(),
                windowsPerRequest,
                avro ? "Avro" : "JSON");
        out.println(header());
        out.flush();

        if (inProcessOnly && inProcess == null) {
            throw new ParameterException(
                    spec.commandLine(), "--in-process-only needs --in-process MODEL_DIR");
        }
        for (int clients : inProcessOnly ? List.<Integer>of() : concurrency) {
            ServeLoadBenchmark.Result result =
                    ServeLoadBenchmark.overHttp(url, model, avro, options(cut, clients));
            rows.append(line(out, name, "http", result));
        }

        if (inProcess != null) {
            ModelRegistry registry = new ModelRegistry(backbones);
            ServedModel served = registry.load(inProcess, Device.CPU);
            for (int clients : concurrency) {
                ServeLoadBenchmark.Result result =
                        ServeLoadBenchmark.inProcess(served, options(cut, clients));
                rows.append(line(out, name, "in-process", result));
            }
        }

        if (markdown != null) {
            Files.writeString(
                    markdown,
                    rows.toString(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        return 0;
    }

    private ServeLoadBenchmark.Options options(List<Window> cut, int clients) {
        try {
            return new ServeLoadBenchmark.Options(
                    cut,
                    windowsPerRequest,
                    clients,
                    Duration.ofMillis(Math.round(durationSeconds * 1000)),
                    maxRequests,
                    Duration.ofMillis(Math.round(warmupSeconds * 1000)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Cuts consecutive windows of every channel of the record. */
    private List<Window> windows() throws IOException {
        Recording recording = RecordingFiles.open(record);
        double hz = recording.samplingFrequencyHz();
        int length = windowSamples == null ? (int) Math.round(10 * hz) : windowSamples;
        int channels = recording.channels().size();

        double[][] physical = new double[channels][];
        List<String> leads = new ArrayList<>();
        for (int channel = 0; channel < channels; channel++) {
            physical[channel] = recording.physical(channel);
            leads.add(recording.channels().get(channel).name());
        }
        int available = physical[0].length / Math.max(1, length);
        if (length < 1 || available < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid --window-samples "
                            + length
                            + " for "
                            + record
                            + " of "
                            + physical[0].length
                            + " samples; expected 1 to the record's length");
        }

        List<Window> cut = new ArrayList<>();
        for (int w = 0; w < Math.min(windows, available); w++) {
            float[][] samples = new float[channels][length];
            for (int channel = 0; channel < channels; channel++) {
                for (int i = 0; i < length; i++) {
                    samples[channel][i] = (float) physical[channel][w * length + i];
                }
            }
            cut.add(new Window(record.getFileName() + "-" + w, leads, hz, samples, 0, patient));
        }
        return cut;
    }

    private static String header() {
        return String.format(
                Locale.ROOT,
                "%-16s %-10s %5s %8s %6s %10s %12s %9s %9s",
                "label",
                "path",
                "conc",
                "requests",
                "failed",
                "windows/s",
                "samples/s",
                "p50 ms",
                "p99 ms");
    }

    /** Prints one result line and returns it as a Markdown table row. */
    private static String line(
            PrintWriter out, String label, String path, ServeLoadBenchmark.Result result) {
        out.printf(
                Locale.ROOT,
                "%-16s %-10s %5d %8d %6d %10.1f %12.0f %9.1f %9.1f%n",
                label,
                path,
                result.concurrency(),
                result.requests(),
                result.failures(),
                result.windowsPerSecond(),
                result.samplesPerSecond(),
                result.latency().p50Millis(),
                result.latency().p99Millis());
        if (result.firstFailure() != null) {
            out.println("  first failure: " + result.firstFailure());
        }
        out.flush();
        return String.format(
                Locale.ROOT,
                "| %s | %s | %d | %d | %d | %.1f | %.0f | %.1f | %.1f |%n",
                label,
                path,
                result.concurrency(),
                result.requests(),
                result.failures(),
                result.windowsPerSecond(),
                result.samplesPerSecond(),
                result.latency().p50Millis(),
                result.latency().p99Millis());
    }
}
