package org.medstream.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.model.serve.ServerOptions;
import org.medstream.model.serve.http.ServeHandler;

/**
 * The container image and Kubernetes manifests of the model server agree with the server's
 * defaults: port, probe and metrics paths, and a grace period that covers the shutdown timeout.
 */
class ManifestsTest {
    private static final Path INFRA =
            Path.of(System.getProperty("medstream.data.dir"), "..", "infra").normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void probesUseServerRoutesAndPort() throws IOException {
        JsonNode container = container();

        assertThat(container.at("/readinessProbe/httpGet/path").asText())
                .isEqualTo(ServeHandler.READY_PATH);
        assertThat(container.at("/livenessProbe/httpGet/path").asText())
                .isEqualTo(ServeHandler.HEALTH_PATH);
        assertThat(container.at("/startupProbe/httpGet/path").asText())
                .isEqualTo(ServeHandler.HEALTH_PATH);
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            String port = container.at("/" + probe + "/httpGet/port").asText();
            assertThat(containerPort(container, port))
                    .as("port of %s", probe)
                    .isEqualTo(ServerOptions.DEFAULT_PORT);
        }
    }

    @Test
    void prometheusScrapesMetrics() throws IOException {
        JsonNode annotations = deployment().at("/spec/template/metadata/annotations");

        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/path").asText())
                .isEqualTo(ServeHandler.METRICS_PATH);
        assertThat(annotations.path("prometheus.io/port").asInt())
                .isEqualTo(ServerOptions.DEFAULT_PORT);
    }

    @Test
    void requestsOneGpu() throws IOException {
        JsonNode resources = container().path("resources");

        assertThat(resources.at("/requests/nvidia.com~1gpu").asInt()).isEqualTo(1);
        assertThat(resources.at("/limits/nvidia.com~1gpu").asInt()).isEqualTo(1);
        assertThat(args()).containsSequence("--device", "gpu:0");
    }

    @Test
    void gracePeriodCoversShutdown() throws IOException {
        JsonNode container = container();
        List<String> args = args();
        int shutdownSeconds =
                args.contains("--shutdown-timeout-s")
                        ? Integer.parseInt(args.get(args.indexOf("--shutdown-timeout-s") + 1))
                        : (int) ServerOptions.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds();
        JsonNode preStop = container.at("/lifecycle/preStop/exec/command");
        assertThat(preStop.get(0).asText()).isEqualTo("sleep");
        int pauseSeconds = preStop.get(1).asInt();

        int grace = deployment().at("/spec/template/spec/terminationGracePeriodSeconds").asInt();

        assertThat(grace).isGreaterThanOrEqualTo(pauseSeconds + shutdownSeconds);
    }

    @Test
    void serviceTargetsContainerPort() throws IOException {
        JsonNode service = YAML.readTree(INFRA.resolve("k8s/service.yaml").toFile());
        JsonNode port = service.at("/spec/ports/0");

        assertThat(containerPort(container(), port.path("targetPort").asText()))
                .isEqualTo(ServerOptions.DEFAULT_PORT);
        assertThat(service.at("/spec/selector"))
                .isEqualTo(deployment().at("/spec/selector/matchLabels"));
        assertThat(deployment().at("/spec/template/metadata/labels/app.kubernetes.io~1name"))
                .isEqualTo(service.at("/spec/selector/app.kubernetes.io~1name"));
    }

    @Test
    void imageListensOnDefaultPort() throws IOException {
        String dockerfile = Files.readString(INFRA.resolve("container/Dockerfile"));

        assertThat(dockerfile).contains("EXPOSE " + ServerOptions.DEFAULT_PORT);
        assertThat(dockerfile)
                .contains("\"--host\", \"0.0.0.0\", \"--port\", \"" + ServerOptions.DEFAULT_PORT);
        assertThat(dockerfile).contains("-Dai.djl.offline=true");
    }

    private static JsonNode deployment() throws IOException {
        return YAML.readTree(INFRA.resolve("k8s/model-server-deployment.yaml").toFile());
    }

    private static JsonNode container() throws IOException {
        JsonNode containers = deployment().at("/spec/template/spec/containers");
        assertThat(containers.size()).as("containers").isEqualTo(1);
        return containers.get(0);
    }

    private static List<String> args() throws IOException {
        List<String> args = new ArrayList<>();
        container().path("args").forEach(arg -> args.add(arg.asText()));
        return args;
    }

    /** Resolves a probe or service port, a number or the name of a container port. */
    private static int containerPort(JsonNode container, String port) {
        if (port.matches("[0-9]+")) {
            return Integer.parseInt(port);
        }
        for (JsonNode declared : container.path("ports")) {
            if (declared.path("name").asText().equals(port)) {
                return declared.path("containerPort").asInt();
            }
        }
        throw new AssertionError("No container port named '" + port + "'");
    }
}
