package org.medstream.cli;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Checks, before a command starts producing or consuming, that a Kafka broker responds and has the
 * topic. An unreachable cluster then fails in seconds with a clear message instead of retrying.
 */
final class BrokerCheck {
    /** Maximum wait for a broker's response. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private BrokerCheck() {}

    /**
     * Fails when no broker at {@code bootstrapServers} responds within {@link #TIMEOUT} or when
     * {@code topic} does not exist there.
     *
     * @throws ParameterException when {@code bootstrapServers} is not a valid address list
     * @throws IllegalStateException when the broker does not respond or lacks the topic
     */
    static void requireTopic(CommandLine commandLine, String bootstrapServers, String topic)
            throws InterruptedException {
        Map<String, Object> properties =
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        Set<String> topics;
        try (Admin admin = Admin.create(properties)) {
            topics = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KafkaException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ParameterException(
                    commandLine,
                    "Invalid --bootstrap-servers '"
                            + bootstrapServers
                            + "': "
                            + cause.getMessage()
                            + " (expected HOST:PORT[,HOST:PORT...])");
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "No Kafka broker responded at "
                            + bootstrapServers
                            + " within "
                            + TIMEOUT.toSeconds()
                            + " s. Start one, or use the broker address that 'medstream demo'"
                            + " prints while it runs.",
                    e);
        }
        if (!topics.contains(topic)) {
            throw new IllegalStateException(
                    "Topic "
                            + topic
                            + " does not exist on "
                            + bootstrapServers
                            + "; create it first (the embedded runtime of 'medstream demo'"
                            + " creates every medstream topic).");
        }
    }
}
