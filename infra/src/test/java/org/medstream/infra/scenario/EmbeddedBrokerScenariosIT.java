package org.medstream.infra.scenario;

/** Runs the broker scenarios on the in-JVM KRaft broker. */
class EmbeddedBrokerScenariosIT extends BrokerScenarios {
    @Override
    protected KafkaFixture startKafka() {
        return new EmbeddedKafkaFixture();
    }
}
