package org.medstream.stream.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.medstream.model.serve.ModelServer;
import org.medstream.model.serve.ServerOptions;
import org.medstream.model.serve.registry.Device;
import org.medstream.model.serve.registry.ModelRegistry;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.job.BeatDetectionJob;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.ChunkInput;

/**
 * What the remote-model integration tests share: a real model server on 127.0.0.1, the job over
 * collected chunks on a MiniCluster of parallelism 2, and the server's count of windows it
 * responded to.
 */
final class ServedJobs {
    private ServedJobs() {}

    /**
     * Starts a server for {@code model} on {@code port} (0 for a free one) and waits until ready.
     */
    static ModelServer startServer(Path model, int port) throws Exception {
        ModelRegistry registry = new ModelRegistry();
        registry.load(model, Device.CPU);
        ModelServer server = ModelServer.start(registry, ServerOptions.defaults(port));
        assertThat(server.awaitReady(Duration.ofSeconds(60))).isTrue();
        return server;
    }

    static String address(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until {@code server} has responded 200 to {@code count} windows of {@code model}. */
    static void awaitAnswered(ModelServer server, String model, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (responded(server, model) < count) {
            assertThat(System.nanoTime()).as("time waiting for responses").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Returns the requests for {@code model} that {@code server} responded 200 to. */
    static double responded(ModelServer server, String model) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        server.metrics().write(text);
        Pattern responded200 =
                Pattern.compile(
                        "medstream_serve_requests_total\\{model=\""
                                + Pattern.quote(model)
                                + "\",status=\"200\"\\} ([0-9.eE+]+)");
        Matcher matcher = responded200.matcher(text.toString(StandardCharsets.UTF_8));
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /**
     * Windows of one model that each server responded to: the first before it stopped, then the
     * second.
     */
    record Restart(double respondedBeforeStop, double respondedAfterRestart) {
        /**
         * Checks that each server responded to some of the {@code windows}, and both to all of them
         * once.
         */
        void assertEveryWindowServedOnce(long windows) {
            assertThat(respondedBeforeStop).isLessThan(windows);
            assertThat(respondedAfterRestart).isGreaterThan(0);
            assertThat(respondedBeforeStop + respondedAfterRestart).isEqualTo(windows);
        }
    }

    /** Submits a job whose remote model is at the given address. */
    @FunctionalInterface
    interface Submission {
        JobClient submit(String address) throws Exception;
    }

    /**
     * Returns {@code config} with the model-server options under which a job rides out a server
     * restart: one window in flight, 40 attempts, backoff from 50 ms to 500 ms.
     */
    static BeatDetectionJobConfig outlastingRestarts(BeatDetectionJobConfig config) {
        return config.with(BeatDetectionJobConfig.MODEL_SERVER_CAPACITY, 1)
                .with(BeatDetectionJobConfig.MODEL_SERVER_MAX_ATTEMPTS, 40)
                .with(BeatDetectionJobConfig.MODEL_SERVER_INITIAL_BACKOFF, Duration.ofMillis(50))
                .with(BeatDetectionJobConfig.MODEL_SERVER_MAX_BACKOFF, Duration.ofMillis(500));
    }

    /**
     * Starts a server for {@code model} on a free port and submits the job there; stops the server
     * once it has responded to 5 windows of {@code modelName}, starts another on the same port 1.5
     * s later, and waits for the job to end.
     */
    static Restart restartMidRun(Path model, String modelName, Submission submission)
            throws Exception {
        ModelServer first = startServer(model, 0);
        int port = first.port();
        JobClient job;
        try {
            job = submission.submit(address(port));
            awaitAnswered(first, modelName, 5);
        } finally {
            first.close();
        }
        double respondedBeforeStop = responded(first, modelName);
        Thread.sleep(1500);
        try (ModelServer second = startServer(model, port)) {
            job.getJobExecutionResult().get(3, TimeUnit.MINUTES);
            return new Restart(respondedBeforeStop, responded(second, modelName));
        }
    }

    /** Creates the job with the classic detector and default alarm rules over {@code chunks}. */
    static BeatDetectionJob job(List<SignalChunk> chunks, BeatDetectionJobConfig config) {
        return new BeatDetectionJob(
                config,
                new PanTompkinsDetector(),
                AlarmRules.defaults(),
                ChunkInput.fromCollection(chunks, "recordings"));
    }

    static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        return env;
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
