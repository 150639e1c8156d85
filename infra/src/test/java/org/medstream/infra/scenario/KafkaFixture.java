package org.medstream.infra.scenario;

/**
 * A running Kafka broker for end-to-end scenarios, with every topic of {@code Topics.ALL} created.
 * Scenarios use only {@link #bootstrapServers()}, so the same scenario runs on each implementation.
 */
public interface KafkaFixture extends AutoCloseable {
    /** Short name for test reports, for example {@code embedded KRaft}. */
    String description();

    /** Returns the {@code host:port} list for the {@code bootstrap.servers} client setting. */
    String bootstrapServers();

    /** Stops the broker and removes its data. */
    @Override
    void close();
}
