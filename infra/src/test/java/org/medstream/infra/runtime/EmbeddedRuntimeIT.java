package org.medstream.infra.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.infra.flink.EmbeddedFlink;
import org.medstream.infra.net.LoopbackSockets;

class EmbeddedRuntimeIT {
    @Test
    void everyServerListensOnLoopbackOnly() throws Exception {
        LoopbackSockets.assumeReadable();

        try (EmbeddedRuntime runtime = startRuntime()) {
            List<InetAddress> addresses = LoopbackSockets.listeningAddressesOfThisProcess();

            // Broker, controller, Flink REST and the webhook receiver at least.
            assertThat(addresses)
                    .as("listening sockets with the runtime at %s", runtime.flink().webUiUrl())
                    .hasSizeGreaterThanOrEqualTo(4);
            assertThat(addresses)
                    .allSatisfy(address -> assertThat(address.isLoopbackAddress()).isTrue());
        }
    }

    @Test
    void componentsAnswerAndStop() throws Exception {
        URI overview;
        URI alerts;
        try (EmbeddedRuntime runtime = startRuntime()) {
            overview = runtime.flink().webUiUrl().resolve("/overview");
            alerts = runtime.webhookReceiver().url();

            assertThat(runtime.kafka().bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(status(overview)).isEqualTo(200);
        }

        assertThat(status(alerts)).isEqualTo(-1);
    }

    private static EmbeddedRuntime startRuntime() {
        return EmbeddedRuntime.builder()
                .optFlink(EmbeddedFlink.builder().optWebUiPort(0).optTaskSlots(2))
                .optShutdownHook(false)
                .start();
    }

    /** Returns the HTTP status of a GET, or -1 when nothing listens. */
    private static int status(URI uri) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
