package org.medstream.stream.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Embedded Flink environments that listen on 127.0.0.1 only. */
public final class LocalEnvironments {
    private LocalEnvironments() {}

    /**
     * Returns the configuration that binds the job manager, task manager, BLOB server and REST
     * endpoint to 127.0.0.1; without it Flink binds some of them to 0.0.0.0.
     */
    public static Configuration loopbackConfiguration() {
        Configuration configuration = new Configuration();
        configuration.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        configuration.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        configuration.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        configuration.set(TaskManagerOptions.HOST, "127.0.0.1");
        configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.ADDRESS, "127.0.0.1");
        return configuration;
    }

    /**
     * Creates an embedded environment (a MiniCluster per job) on loopback with {@code parallelism}.
     */
    public static StreamExecutionEnvironment loopback(int parallelism) {
        return StreamExecutionEnvironment.createLocalEnvironment(
                parallelism, loopbackConfiguration());
    }
}
