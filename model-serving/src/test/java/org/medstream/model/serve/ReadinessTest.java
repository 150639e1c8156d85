package org.medstream.model.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.medstream.model.serve.registry.ModelRegistry;

class ReadinessTest {
    @Test
    void readyAnswers503UntilWarmedUp() throws Exception {
        GatedModel model = new GatedModel(true);
        ModelRegistry registry = new ModelRegistry();
        registry.add(model);
        try (ModelServer server =
                ModelServer.start(registry, ServeTestSupport.options(4, 1, 4, 1))) {
            assertThat(ServeTestSupport.get(server, "/health").statusCode()).isEqualTo(200);
            assertThat(ServeTestSupport.get(server, "/ready").statusCode()).isEqualTo(503);

            model.releaseWarmup();

            assertThat(server.awaitReady(Duration.ofSeconds(30))).isTrue();
            assertThat(ServeTestSupport.get(server, "/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void portInUseNamed() throws Exception {
        ServerOptions options = ServeTestSupport.options(4, 1, 4, 1);
        ModelRegistry first = new ModelRegistry();
        first.add(new GatedModel(false));
        try (ModelServer server = ModelServer.start(first, options)) {
            ModelRegistry second = new ModelRegistry();
            second.add(new GatedModel(false));
            ServerOptions samePort =
                    new ServerOptions(
                            options.host(),
                            server.port(),
                            options.batch(),
                            options.maxWindowSamples(),
                            options.maxBodyBytes());

            assertThatThrownBy(() -> ModelServer.start(second, samePort).close())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Cannot listen on 127.0.0.1:" + server.port())
                    .hasMessageContaining("choose a free --port");
        }
    }
}
