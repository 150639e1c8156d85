package org.medstream.stream.remote;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.medstream.model.serve.http.AvroCodec;
import org.medstream.model.serve.http.InferenceRequest;
import org.medstream.model.serve.http.InferenceResponse;
import org.medstream.model.serve.inference.Event;
import org.medstream.model.serve.inference.InvalidRequestException;
import org.medstream.model.serve.inference.Window;
import org.medstream.model.serve.inference.WindowResult;
import org.medstream.schemas.privacy.StreamKeyHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each {@link ModelWindow} to the model server's {@code POST /v1/models/{name}/infer} as an
 * Avro binary body, one window per request, and completes with a {@link WindowReply}. A server
 * fault never fails the job, because every window completes, with events or with the reason it has
 * none.
 *
 * <p>Retries: connection errors, request timeouts, 429 and 5xx responses are retried after the
 * {@link Backoff} wait (at least the server's {@code Retry-After}, capped at the max backoff) up to
 * {@link RemoteModelSettings#maxAttempts()} attempts; then the window completes {@link
 * WindowReply.Outcome#UNAVAILABLE}. Other 4xx responses complete it {@link
 * WindowReply.Outcome#REJECTED} at once, with the server's error message, because the same request
 * would be rejected again. The operator's own timeout ({@link #timeout}) also completes a window
 * unavailable; it is set above the retry budget, so it fires only if an attempt hangs beyond its
 * request timeout.
 *
 * <p>Run it with {@code AsyncDataStream.orderedWait} and capacity {@link
 * RemoteModelSettings#capacity()}: replies leave in input order, so each stream's windows stay in
 * order, and at most that many windows are in flight per parallel instance.
 */
public class RemoteInferenceFunction extends RichAsyncFunction<ModelWindow, WindowReply> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RemoteInferenceFunction.class);

    /** Maximum characters of an error response that a reason quotes. */
    private static final int MAX_QUOTED_CHARS = 300;

    private final RemoteModelSettings settings;

    private transient HttpClient http;
    private transient ScheduledExecutorService retries;
    private transient AvroCodec codec;
    private transient Counter requests;
    private transient Counter retried;
    private transient Counter unavailable;

    public RemoteInferenceFunction(RemoteModelSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void open(OpenContext openContext) {
        http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(settings.requestTimeout())
                        .build();
        retries =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "medstream-model-retries");
                            thread.setDaemon(true);
                            return thread;
                        });
        codec = new AvroCodec();
        requests = getRuntimeContext().getMetricGroup().counter("modelRequests");
        retried = getRuntimeContext().getMetricGroup().counter("modelRetries");
        unavailable = getRuntimeContext().getMetricGroup().counter("modelUnavailableWindows");
        LOG.info(
                "Calling model server url={} maxAttempts={} requestTimeout={} capacity={}",
                settings.inferUri(),
                settings.maxAttempts(),
                settings.requestTimeout(),
                settings.capacity());
    }

    @Override
    public void close() {
        if (retries != null) {
            retries.shutdownNow();
        }
    }

    @Override
    public void asyncInvoke(ModelWindow window, ResultFuture<WindowReply> result) {
        new Exchange(window, encode(window), result).send(1);
    }

    /** Completes a window whose requests outlived the operator's timeout as unavailable. */
    @Override
    public void timeout(ModelWindow window, ResultFuture<WindowReply> result) {
        unavailable.inc();
        String reason =
                "no response within the async operator's timeout of "
                        + RemoteModels.operatorTimeout(settings);
        LOG.warn(
                "Model window unavailable stream={} window={} reason={}",
                StreamKeyHash.of(window.streamId),
                window.sequence,
                reason);
        result.complete(
                List.of(
                        WindowReply.failed(
                                window,
                                WindowReply.Outcome.UNAVAILABLE,
                                0,
                                0,
                                reason,
                                encode(window))));
    }

    private byte[] encode(ModelWindow window) {
        float[][] rows = new float[window.leads.length][];
        for (int lead = 0; lead < rows.length; lead++) {
            rows[lead] = window.leadSamples(lead);
        }
        Window request =
                new Window(
                        window.streamId,
                        List.of(window.leads),
                        window.samplingFrequencyHz,
                        rows,
                        window.warmupSamples,
                        window.patientFields());
        return codec.writeRequest(new InferenceRequest(List.of(request)));
    }

    /** The attempts for one window. */
    private final class Exchange {
        private final ModelWindow window;
        private final byte[] body;
        private final ResultFuture<WindowReply> result;

        Exchange(ModelWindow window, byte[] body, ResultFuture<WindowReply> result) {
            this.window = window;
            this.body = body;
            this.result = result;
        }

        void send(int attempt) {
            requests.inc();
            HttpRequest request =
                    HttpRequest.newBuilder(settings.inferUri())
                            .timeout(settings.requestTimeout())
                            .header("Content-Type", AvroCodec.MEDIA_TYPE)
                            .header("Accept", AvroCodec.MEDIA_TYPE)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((response, error) -> handle(attempt, response, error));
        }

        private void handle(int attempt, HttpResponse<byte[]> response, Throwable error) {
            try {
                if (error != null) {
                    retryOrGiveUp(attempt, -1, 0, describe(error));
                    return;
                }
                int status = response.statusCode();
                if (status == 200) {
                    succeed(attempt, response.body());
                } else if (status == 429 || status >= 500) {
                    long retryAfter =
                            Backoff.retryAfterMillis(
                                    response.headers().firstValue("Retry-After").orElse(null));
                    retryOrGiveUp(attempt, retryAfter, status, statusReason(response));
                } else {
                    String reason = statusReason(response);
                    LOG.warn(
                            "Model window rejected stream={} window={} status={} reason={}",
                            StreamKeyHash.of(window.streamId),
                            window.sequence,
                            status,
                            reason);
                    complete(WindowReply.Outcome.REJECTED, attempt, status, reason);
                }
            } catch (RuntimeException e) {
                LOG.warn(
                        "Model window failed stream={} window={}",
                        StreamKeyHash.of(window.streamId),
                        window.sequence,
                        e);
                complete(WindowReply.Outcome.REJECTED, attempt, 0, describe(e));
            }
        }

        private void succeed(int attempt, byte[] responseBody) {
            InferenceResponse response;
            try {
                response = codec.readResponse(responseBody);
            } catch (InvalidRequestException e) {
                complete(
                        WindowReply.Outcome.REJECTED,
                        attempt,
                        200,
                        "unreadable model server response: " + e.getMessage());
                return;
            }
            if (response.results().size() != 1) {
                complete(
                        WindowReply.Outcome.REJECTED,
                        attempt,
                        200,
                        "the model server returned "
                                + response.results().size()
                                + " results for one window");
                return;
            }
            WindowResult windowResult = response.results().get(0);
            List<RemoteEvent> events = new ArrayList<>();
            for (Event event : windowResult.events()) {
                events.add(RemoteEvent.of(event));
            }
            result.complete(
                    List.of(
                            WindowReply.succeeded(
                                    window, events.toArray(new RemoteEvent[0]), attempt)));
        }

        private void retryOrGiveUp(int attempt, long retryAfterMillis, int status, String reason) {
            if (attempt >= settings.maxAttempts() || retries.isShutdown()) {
                unavailable.inc();
                String message =
                        "no response after "
                                + attempt
                                + (attempt == 1 ? " attempt" : " attempts")
                                + ", the last: "
                                + reason;
                LOG.warn(
                        "Model window unavailable stream={} window={} attempts={} status={}"
                                + " reason={}",
                        StreamKeyHash.of(window.streamId),
                        window.sequence,
                        attempt,
                        status,
                        reason);
                complete(WindowReply.Outcome.UNAVAILABLE, attempt, status, message);
                return;
            }
            long delay =
                    settings.backoff()
                            .delayMillis(attempt, retryAfterMillis, ThreadLocalRandom.current());
            retried.inc();
            LOG.debug(
                    "Retrying model window stream={} window={} attempt={} status={} delayMillis={}"
                            + " reason={}",
                    StreamKeyHash.of(window.streamId),
                    window.sequence,
                    attempt,
                    status,
                    delay,
                    reason);
            retries.schedule(() -> send(attempt + 1), delay, TimeUnit.MILLISECONDS);
        }

        private void complete(WindowReply.Outcome outcome, int attempt, int status, String reason) {
            result.complete(
                    List.of(WindowReply.failed(window, outcome, attempt, status, reason, body)));
        }
    }

    private static String statusReason(HttpResponse<byte[]> response) {
        String text = new String(response.body(), StandardCharsets.UTF_8).strip();
        if (text.length() > MAX_QUOTED_CHARS) {
            text = text.substring(0, MAX_QUOTED_CHARS) + "…";
        }
        return "HTTP " + response.statusCode() + (text.isEmpty() ? "" : " " + text);
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ConnectException) {
            return "connection failed (" + cause + ")";
        }
        if (cause instanceof HttpTimeoutException) {
            return "request timed out (" + cause.getMessage() + ")";
        }
        if (cause instanceof IOException) {
            return "I/O error (" + cause + ")";
        }
        return cause.toString();
    }
}
