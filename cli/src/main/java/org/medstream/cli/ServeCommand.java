package org.medstream.cli;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.medstream.model.medtsllm.PrefixCaches;
import org.medstream.model.serve.ModelServer;
import org.medstream.model.serve.ServerOptions;
import org.medstream.model.serve.batch.BatchSettings;
import org.medstream.model.serve.registry.Device;
import org.medstream.model.serve.registry.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Serves trained model directories over HTTP until stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Serve model directories written by 'medstream train' over HTTP, with dynamic"
                        + " batching per model, until stopped with Ctrl-C (SIGTERM): POST"
                        + " /v1/models/NAME/infer (JSON or Avro), GET /v1/models, /health, /ready"
                        + " and /metrics. NAME is the model directory's name. See"
                        + " docs/serving.md.")
final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "MODEL_DIR",
            description = "Model directory to serve; repeat for more models.")
    List<Path> models;

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "TCP port, 0 for a free one (default: ${DEFAULT-VALUE}).")
    int port = ServerOptions.DEFAULT_PORT;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            description =
                    "Address to listen on (default: ${DEFAULT-VALUE}, this machine only); the"
                            + " server has no authentication, so bind others with care.")
    String host = ServerOptions.DEFAULT_HOST;

    @Option(
            names = "--device",
            paramLabel = "cpu|gpu[:i]",
            description =
                    "Device the models run on (default: ${DEFAULT-VALUE}). gpu:i runs MedTsLLM"
                            + " models on CUDA device i with DJL's PyTorch engine and fails at"
                            + " start when that engine sees no such GPU; LMU models run on the"
                            + " CPU only.")
    String device = "cpu";

    @Option(
            names = "--backbone",
            paramLabel = "FILE",
            description =
                    "Backbone file of MedTsLLM models (a GGUF file such as"
                            + " models/stories260K/stories260K.gguf); repeatable. A model uses the"
                            + " one with the file name in its model.json (default: the file of"
                            + " that name in the model directory or a sibling directory of it).")
    List<Path> backbones = new ArrayList<>();

    @Option(
            names = "--prefix-cache-mb",
            paramLabel = "MIB",
            description =
                    "Memory each MedTsLLM worker keeps for computed prompt prefixes between"
                            + " batches, in MiB; the least recently used go first, the last one"
                            + " always stays (default: ${DEFAULT-VALUE}).")
    long prefixCacheMebibytes = PrefixCaches.DEFAULT_MAX_BYTES >> 20;

    @Option(
            names = "--max-batch",
            paramLabel = "WINDOWS",
            description = "Windows after which a batch is full (default: ${DEFAULT-VALUE}).")
    int maxBatch = ServerOptions.DEFAULT_MAX_BATCH;

    @Option(
            names = "--max-wait-ms",
            paramLabel = "MS",
            description =
                    "Time a batch waits for more requests after its first one, in milliseconds"
                            + " (default: ${DEFAULT-VALUE}).")
    long maxWaitMillis = ServerOptions.DEFAULT_MAX_WAIT_MILLIS;

    @Option(
            names = "--queue-capacity",
            paramLabel = "REQUESTS",
            description =
                    "Requests that may wait per model; more get HTTP 429 (default:"
                            + " ${DEFAULT-VALUE}).")
    int queueCapacity = ServerOptions.DEFAULT_QUEUE_CAPACITY;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "Worker threads per model (default: the number of processors).")
    Integer workers;

    @Option(
            names = "--max-window-samples",
            paramLabel = "N",
            description = "Maximum samples per lead in one window (default: ${DEFAULT-VALUE}).")
    int maxWindowSamples = ServerOptions.DEFAULT_MAX_WINDOW_SAMPLES;

    @Option(
            names = "--max-body-bytes",
            paramLabel = "BYTES",
            description =
                    "Largest request body; larger ones get HTTP 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes = ServerOptions.DEFAULT_MAX_BODY_BYTES;

    @Option(
            names = "--shutdown-timeout-s",
            paramLabel = "SECONDS",
            description =
                    "Time a stopping server waits for queued requests, in seconds (default:"
                            + " ${DEFAULT-VALUE}).")
    long shutdownTimeoutSeconds = ServerOptions.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds();

    private final StopSignal stopSignal = new StopSignal();

    @Override
    public Integer call() throws Exception {
        ServerOptions options = serverOptions();
        Device target = device();
        if (prefixCacheMebibytes < 0) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--prefix-cache-mb': "
                            + prefixCacheMebibytes
                            + "; expected 0 MiB or more");
        }
        ModelRegistry registry = new ModelRegistry(backbones, prefixCacheMebibytes << 20);
        for (Path model : models) {
            try {
                registry.load(model, target);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            } catch (NoSuchFileException e) {
                // The directory itself or its model.json: a wrong --model. A missing backbone
                // or weights file stays an error of the model directory's contents.
                Path missing = Path.of(e.getFile()).toAbsolutePath().normalize();
                Path directory = model.toAbsolutePath().normalize();
                if (!missing.equals(directory)
                        && !missing.equals(directory.resolve("model.json"))) {
                    throw e;
                }
                throw new ParameterException(
                        spec.commandLine(),
                        "Invalid value for option '--model': " + e.getMessage());
            }
        }

        stopSignal.install(
                "medstream-serve-shutdown", Duration.ofSeconds(shutdownTimeoutSeconds + 5));
        PrintWriter out = spec.commandLine().getOut();
        try (ModelServer server = ModelServer.start(registry, options)) {
            out.printf(
                    "Serving %s on %s; Ctrl-C to stop.%n",
                    String.join(", ", registryNames(registry)), server.uri());
            out.flush();
            stopSignal.await();
            out.println("Stopping: finishing queued requests");
            out.flush();
        } finally {
            stopSignal.finished();
        }
        return 0;
    }

    /** Asks a running {@link #call()} to stop the server gracefully and return. */
    void stop() {
        stopSignal.stop();
    }

    private Device device() {
        try {
            return Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private ServerOptions serverOptions() {
        try {
            int workerCount =
                    workers == null ? Runtime.getRuntime().availableProcessors() : workers;
            return new ServerOptions(
                    host,
                    port,
                    new BatchSettings(
                            maxBatch,
                            Duration.ofMillis(maxWaitMillis),
                            queueCapacity,
                            workerCount,
                            Duration.ofSeconds(shutdownTimeoutSeconds)),
                    maxWindowSamples,
                    maxBodyBytes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static List<String> registryNames(ModelRegistry registry) {
        return registry.models().stream().map(model -> model.name()).toList();
    }
}
