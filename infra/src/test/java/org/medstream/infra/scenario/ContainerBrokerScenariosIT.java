package org.medstream.infra.scenario;

import org.testcontainers.junit.jupiter.Testcontainers;

/** Runs the broker scenarios on the {@code apache/kafka} image; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerScenariosIT extends BrokerScenarios {
    @Override
    protected KafkaFixture startKafka() {
        return new ContainerKafkaFixture();
    }
}
