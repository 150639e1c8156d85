package org.medstream.infra.runtime;

import org.medstream.infra.flink.EmbeddedFlink;

/**
 * Starts the runtime in a child JVM for {@link EmbeddedRuntimeShutdownIT}, prints {@code READY}
 * with the Kafka directory, then waits to be stopped by a signal.
 */
public final class RuntimeProcessMain {
    private RuntimeProcessMain() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedRuntime runtime =
                EmbeddedRuntime.builder()
                        .optFlink(EmbeddedFlink.builder().optWebUiPort(0).optTaskSlots(1))
                        .start();
        System.out.println("READY " + runtime.kafka().directory());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
