package org.medstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaChunkSinkTest {
    @Test
    void missingBootstrapServersRejected() {
        assertThatThrownBy(() -> new KafkaChunkSink(Map.of(), "medstream.signals.raw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Missing producer setting bootstrap.servers");
    }

    @Test
    void unreachableBrokerFailsReplay() throws IOException {
        String address = "127.0.0.1:" + closedLoopbackPort();
        Map<String, Object> properties =
                Map.of(
                        "bootstrap.servers",
                        address,
                        "max.block.ms",
                        500,
                        "delivery.timeout.ms",
                        1000,
                        "request.timeout.ms",
                        500);
        SyntheticRecording recording =
                new SyntheticRecording("100", 360, 360, 2, Optional.empty(), true);

        try (KafkaChunkSink sink = new KafkaChunkSink(properties, "medstream.signals.raw")) {
            Replayer replayer = new Replayer(ReplayOptions.builder().optSpeed(0).build(), sink);

            assertThatThrownBy(
                            () ->
                                    replayer.replay(
                                            List.of(ReplayStream.of(recording)),
                                            ReplayProgress.NONE))
                    .isInstanceOf(ReplayException.class)
                    .hasMessageContaining("stream 100")
                    .hasMessageContaining(address);
        }
    }

    @Test
    void idempotenceCannotBeTurnedOff() throws IOException {
        Map<String, Object> properties =
                Map.of(
                        "bootstrap.servers",
                        "127.0.0.1:" + closedLoopbackPort(),
                        "enable.idempotence",
                        false,
                        "acks",
                        "1");

        try (KafkaChunkSink sink = new KafkaChunkSink(properties, "topic")) {
            assertThat(sink.effectiveProperties()).containsEntry("enable.idempotence", true);
            assertThat(sink.effectiveProperties()).containsEntry("acks", "all");
        }
    }

    /** Returns a loopback port that nothing listens on: bound a moment ago, then released. */
    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
