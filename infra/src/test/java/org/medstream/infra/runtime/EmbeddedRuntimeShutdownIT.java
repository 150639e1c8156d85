package org.medstream.infra.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl-C (SIGINT) on a JVM that runs the runtime stops every component and deletes its data. */
class EmbeddedRuntimeShutdownIT {
    @Test
    void interruptSignalStopsRuntime() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/kill")), "needs /bin/kill to send SIGINT");
        Path log = Files.createTempFile("medstream-runtime-", ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child =
                new ProcessBuilder(
                                java.toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                RuntimeProcessMain.class.getName())
                        .redirectError(log.toFile())
                        .start();
        try {
            Path kafkaDirectory = awaitReady(child);
            assertThat(kafkaDirectory).exists();

            new ProcessBuilder("/bin/kill", "-INT", String.valueOf(child.pid())).start().waitFor();

            boolean exited = child.waitFor(60, TimeUnit.SECONDS);
            assertThat(exited).as("child exited; its log:%n%s", Files.readString(log)).isTrue();
            assertThat(kafkaDirectory).doesNotExist();
            String output = Files.readString(log);
            assertThat(output).contains("Stopped webhook receiver");
            assertThat(output).contains("Stopped Flink MiniCluster");
            assertThat(output).contains("Stopped Kafka broker");
            assertThat(output).contains("Stopped the medstream runtime on JVM shutdown");
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static Path awaitReady(Process child) throws Exception {
        BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("READY ")) {
                return Path.of(line.substring("READY ".length()));
            }
        }
        throw new AssertionError(
                "Child JVM exited with " + child.waitFor() + " before the runtime was ready");
    }
}
