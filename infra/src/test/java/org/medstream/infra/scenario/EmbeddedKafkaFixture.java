package org.medstream.infra.scenario;

import org.medstream.infra.kafka.EmbeddedKafka;

/** The in-JVM KRaft broker, available on every machine. */
public final class EmbeddedKafkaFixture implements KafkaFixture {
    private final EmbeddedKafka kafka = EmbeddedKafka.start();

    @Override
    public String description() {
        return "embedded KRaft";
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public void close() {
        kafka.close();
    }
}
