package org.medstream.infra.flink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Waits until a Flink REST endpoint serves requests. Right after start it returns 503 while the
 * dispatcher leader is elected, so a started MiniCluster is not yet usable from its Web UI.
 */
final class RestReadiness {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private RestReadiness() {}

    /** Polls {@code GET /overview} until it returns 200. */
    static void await(URI baseUrl, Duration timeout) throws TimeoutException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request =
                HttpRequest.newBuilder(baseUrl.resolve("/overview"))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastResponse = "no response";
        while (System.nanoTime() < deadline) {
            try {
                int status =
                        client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                lastResponse = "HTTP " + status;
            } catch (IOException e) {
                lastResponse = e.toString();
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new TimeoutException(
                "Flink REST endpoint "
                        + request.uri()
                        + " not ready within "
                        + timeout
                        + " (last response: "
                        + lastResponse
                        + ")");
    }
}
