package org.medstream.model.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.medstream.model.serve.batch.BatchSettings;

/** Paths of the bundled data and models, server options for tests, and an HTTP client. */
final class ServeTestSupport {
    static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ServeTestSupport() {}

    /** Returns {@code data/} of the repository, from the system property that Maven sets. */
    static Path dataDirectory() {
        String directory = System.getProperty("medstream.data.dir");
        assertThat(directory)
                .as("system property medstream.data.dir (run through Maven or pass -D)")
                .isNotNull();
        return Path.of(directory);
    }

    /** Returns the bundled model directory {@code models/NAME}. */
    static Path model(String name) {
        return dataDirectory().resolve("..").resolve("models").resolve(name).normalize();
    }

    /** Returns options on 127.0.0.1, a free port, with the given batching. */
    static ServerOptions options(int maxBatch, long maxWaitMillis, int queueCapacity, int workers) {
        return ServerOptions.defaults(0)
                .withBatch(
                        new BatchSettings(
                                maxBatch,
                                Duration.ofMillis(maxWaitMillis),
                                queueCapacity,
                                workers,
                                Duration.ofSeconds(30)));
    }

    static HttpResponse<byte[]> get(ModelServer server, String path)
            throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(server.uri().resolve(path))
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> post(ModelServer server, String path, String type, byte[] body)
            throws IOException, InterruptedException {
        return CLIENT.send(
                postRequest(server.uri(), path, type, body),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpRequest postRequest(URI base, String path, String type, byte[] body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
