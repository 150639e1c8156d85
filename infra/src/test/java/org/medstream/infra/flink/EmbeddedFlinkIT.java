package org.medstream.infra.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medstream.infra.net.LoopbackPorts;

class EmbeddedFlinkIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static EmbeddedFlink flink;

    @BeforeAll
    static void startCluster() {
        // Port 0: tests must not depend on 8081 being free on a shared machine.
        flink = EmbeddedFlink.builder().optWebUiPort(0).start();
    }

    @AfterAll
    static void stopCluster() {
        flink.close();
    }

    @Test
    void webUiUrlOnLoopback() {
        assertThat(flink.webUiUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(flink.webUiUrl().getPort()).isPositive();
    }

    @Test
    void overviewAnswersOnLoopback() throws Exception {
        HttpResponse<String> response = get(flink.webUiUrl().resolve("/overview"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode overview = new ObjectMapper().readTree(response.body());
        assertThat(overview.get("taskmanagers").asInt()).isEqualTo(1);
        assertThat(overview.get("slots-total").asInt()).isEqualTo(EmbeddedFlink.DEFAULT_TASK_SLOTS);
    }

    @Test
    void webUiServesDashboard() throws Exception {
        HttpResponse<String> response = get(flink.webUiUrl().resolve("/"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsIgnoringCase("<html");
    }

    @Test
    void jobRunsThroughRestEnvironment() throws Exception {
        StreamExecutionEnvironment environment = flink.environment();
        DataStream<Integer> doubled = environment.fromData(1, 2, 3).map(value -> value * 2);

        List<Integer> results = new ArrayList<>();
        CloseableIterator<Integer> iterator = doubled.executeAndCollect("embedded-flink-it");
        try {
            iterator.forEachRemaining(results::add);
        } finally {
            iterator.close();
        }

        assertThat(results).containsExactlyInAnyOrder(2, 4, 6);
    }

    @Test
    void takenPortFallsBackToEphemeral() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(LoopbackPorts.address(), 0));

            try (EmbeddedFlink second =
                    EmbeddedFlink.builder()
                            .optWebUiPort(taken.getLocalPort())
                            .optTaskSlots(1)
                            .start()) {
                assertThat(second.restPort()).isNotEqualTo(taken.getLocalPort());
                assertThat(get(second.webUiUrl().resolve("/overview")).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void takenPortFailsWhenRequired() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(LoopbackPorts.address(), 0));
            EmbeddedFlink.Builder builder =
                    EmbeddedFlink.builder()
                            .optWebUiPort(taken.getLocalPort())
                            .optRequireWebUiPort(true);

            assertThatThrownBy(builder::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "Port "
                                    + taken.getLocalPort()
                                    + " on 127.0.0.1 for the Flink Web UI is in use; stop the process"
                                    + " that holds it or choose another port");
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
