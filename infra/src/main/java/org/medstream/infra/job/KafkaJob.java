package org.medstream.infra.job;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.medstream.stream.job.BeatDetectionJob;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.kafka.KafkaConnectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beat detection job between the Kafka topics, submitted to a Flink cluster so that it reads
 * only the input that arrives after the submission. Each instance uses its own consumer group and
 * transactional id prefix, so several runs can share one broker.
 */
public final class KafkaJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaJob.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private final JobClient client;
    private final String groupId;

    private KafkaJob(JobClient client, String groupId) {
        this.client = client;
        this.groupId = groupId;
    }

    /**
     * Commits the end of the input topic as the starting offsets of a new consumer group, submits
     * the job on {@code env} and waits until Flink reports it running.
     *
     * @param config job settings with at least the bootstrap servers; the group id and the
     *     transactional id prefix are replaced by unique ones
     * @throws IllegalStateException if the job does not reach RUNNING within {@code startTimeout}
     */
    public static KafkaJob start(
            BeatDetectionJobConfig config, StreamExecutionEnvironment env, Duration startTimeout)
            throws Exception {
        String runId = UUID.randomUUID().toString();
        String groupId = "medstream-run-" + runId;
        BeatDetectionJobConfig runConfig =
                config.with(BeatDetectionJobConfig.GROUP_ID, groupId)
                        .with(BeatDetectionJobConfig.TRANSACTIONAL_ID_PREFIX, "medstream-" + runId);
        startGroupAtEnd(
                runConfig.bootstrapServers(),
                runConfig.get(BeatDetectionJobConfig.INPUT_TOPIC),
                groupId);

        JobClient client =
                BeatDetectionJob.onKafka(runConfig)
                        .executeAsync(env, KafkaConnectors.sinks(runConfig));
        KafkaJob job = new KafkaJob(client, groupId);
        try {
            job.awaitRunning(startTimeout);
        } catch (Exception e) {
            // The caller never gets the job, so cancel it here rather than leave it running.
            client.cancel();
            throw e;
        }
        LOG.info(
                "Started beat detection job jobId={} groupId={} checkpointInterval={}",
                client.getJobID(),
                groupId,
                runConfig.get(BeatDetectionJobConfig.CHECKPOINT_INTERVAL));
        return job;
    }

    /** Sets the committed offsets of {@code groupId} to the current end of {@code topic}. */
    private static void startGroupAtEnd(String bootstrapServers, String topic, String groupId)
            throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicDescription description =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                            .get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicPartitionInfo partition : description.partitions()) {
                latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            ends.forEach(
                    (partition, end) ->
                            offsets.put(partition, new OffsetAndMetadata(end.offset())));
            admin.alterConsumerGroupOffsets(groupId, offsets)
                    .all()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void awaitRunning(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JobStatus status = client.getJobStatus().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        while (status != JobStatus.RUNNING) {
            if (status.isGloballyTerminalState() || System.nanoTime() >= deadline) {
                throw new IllegalStateException(
                        "Beat detection job "
                                + client.getJobID()
                                + " is "
                                + status
                                + " instead of RUNNING after "
                                + timeout.toSeconds()
                                + " s; see the Flink log for the cause");
            }
            Thread.sleep(100);
            status = client.getJobStatus().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    public JobClient client() {
        return client;
    }

    public String groupId() {
        return groupId;
    }

    /** Returns the job's current status, for example RUNNING or FAILED. */
    public JobStatus status() throws Exception {
        return client.getJobStatus().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Cancels the job and waits for the cancellation, unless the job has already ended. */
    @Override
    public void close() throws Exception {
        if (status().isGloballyTerminalState()) {
            return;
        }
        client.cancel().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        LOG.info("Cancelled beat detection job jobId={}", client.getJobID());
    }
}
