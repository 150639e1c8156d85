package org.medstream.infra.bench;

import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.medstream.stream.job.BeatDetectionJobConfig;

/** Options of the job under test, as {@code medstream benchmark --set} gives them. */
public final class BenchmarkJobOptions {
    /** Options that every run sets itself: the embedded broker and receiver, and its own flags. */
    static final List<ConfigOption<?>> SET_BY_RUN =
            List.of(
                    BeatDetectionJobConfig.BOOTSTRAP_SERVERS,
                    BeatDetectionJobConfig.WEBHOOK_URL,
                    BeatDetectionJobConfig.CHECKPOINT_INTERVAL,
                    BeatDetectionJobConfig.WAVES_MODEL);

    private BenchmarkJobOptions() {}

    /**
     * Reads {@code values}, option keys to values.
     *
     * @throws IllegalArgumentException when a value is invalid, or a key is one the runs set
     *     themselves and would silently override
     */
    public static BeatDetectionJobConfig parse(Map<String, String> values) {
        for (ConfigOption<?> option : SET_BY_RUN) {
            if (values.containsKey(option.key())) {
                throw new IllegalArgumentException(
                        "Invalid job option "
                                + option.key()
                                + ": every benchmark run sets it itself (the embedded broker and"
                                + " webhook receiver, the checkpoint interval of each mode, and"
                                + " --waves-model)");
            }
        }
        return BeatDetectionJobConfig.fromMap(values);
    }
}
