package org.medstream.infra.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medstream.infra.flink.EmbeddedFlink;
import org.medstream.infra.job.CommittedOutputs;
import org.medstream.infra.job.KafkaJob;
import org.medstream.infra.runtime.EmbeddedRuntime;
import org.medstream.infra.webhook.WebhookReceiver;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.KafkaChunkSink;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.ingest.replay.ReplayProgress;
import org.medstream.ingest.replay.ReplayStream;
import org.medstream.ingest.replay.ReplaySummary;
import org.medstream.ingest.replay.Replayer;
import org.medstream.stream.detect.BeatDetector;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.DetectorCatalog;

/**
 * One measured run on a fresh embedded runtime (Kafka broker, Flink MiniCluster, webhook receiver).
 * It starts the beat detection job with the given checkpoint interval, replays the streams, and
 * collects the committed beats until every stream's beats reach the end of what was replayed, less
 * the detector's report delay. A fresh runtime per run keeps the open transactions and consumer
 * groups of one run out of the next.
 */
final class BenchmarkRun implements AutoCloseable {
    /** Maximum wait for the job to reach RUNNING after submission. */
    private static final Duration JOB_START_TIMEOUT = Duration.ofSeconds(120);

    private final EmbeddedRuntime runtime;
    private final BeatDetector<?> detector;
    private final CommittedOutputs outputs;
    private final KafkaJob job;

    /**
     * Starts the embedded runtime and the job.
     *
     * @param jobOptions job options; the run sets the bootstrap servers, the webhook URL, the
     *     checkpoint interval and the wave model itself
     * @param wavesModel wave model directory for the job's wave operator, or null to run without
     */
    BenchmarkRun(BeatDetectionJobConfig jobOptions, Duration checkpointInterval, Path wavesModel)
            throws Exception {
        detector = DetectorCatalog.byName(jobOptions.get(BeatDetectionJobConfig.DETECTOR));
        runtime =
                EmbeddedRuntime.builder().optFlink(EmbeddedFlink.builder().optWebUiPort(0)).start();
        BeatDetectionJobConfig config =
                jobOptions
                        .with(
                                BeatDetectionJobConfig.BOOTSTRAP_SERVERS,
                                runtime.kafka().bootstrapServers())
                        .with(
                                BeatDetectionJobConfig.WEBHOOK_URL,
                                runtime.webhookReceiver().url().toString())
                        .with(BeatDetectionJobConfig.CHECKPOINT_INTERVAL, checkpointInterval);
        if (wavesModel != null) {
            config = config.with(BeatDetectionJobConfig.WAVES_MODEL, wavesModel.toString());
        }

        CommittedOutputs startedOutputs = null;
        try {
            startedOutputs = CommittedOutputs.start(runtime.kafka().bootstrapServers());
            job = KafkaJob.start(config, runtime.flink().environment(), JOB_START_TIMEOUT);
        } catch (Exception | Error e) {
            if (startedOutputs != null) {
                startedOutputs.close();
            }
            runtime.close();
            throw e;
        }
        outputs = startedOutputs;
    }

    CommittedOutputs outputs() {
        return outputs;
    }

    /** Returns the runtime's webhook receiver, the job's {@code webhook.url}. */
    WebhookReceiver webhookReceiver() {
        return runtime.webhookReceiver();
    }

    ReplaySummary replay(List<ReplayStream> streams, ReplayOptions options) {
        try (KafkaChunkSink sink =
                KafkaChunkSink.to(runtime.kafka().bootstrapServers(), options.topic())) {
            return new Replayer(options, sink).replay(streams, ReplayProgress.NONE);
        }
    }

    /**
     * Returns, per stream id, the sample index from which a visible beat shows that the stream's
     * output is complete. It is the replayed frames less the detector's report delay and one more
     * second, because a stream need not have a beat in its last second.
     */
    Map<String, Long> completeFrom(List<ReplayStream> streams, ReplayOptions options) {
        Map<String, Long> sampleByStream = new LinkedHashMap<>();
        for (ReplayStream stream : streams) {
            Recording recording = stream.recording();
            double fs = recording.samplingFrequencyHz();
            long replayed = Math.min(recording.frameCount(), options.frameLimit(fs));
            long reported =
                    CommittedOutputs.lastReportedSample(replayed, fs, detector.maxDelaySeconds());
            sampleByStream.put(stream.streamId(), Math.max(0, reported));
        }
        return sampleByStream;
    }

    /**
     * Waits until every stream's committed beats reach {@link #completeFrom}.
     *
     * @throws IllegalStateException if they do not within {@code timeout}, naming the streams
     */
    void awaitComplete(Map<String, Long> sampleByStream, Duration timeout) throws Exception {
        if (outputs.awaitBeatsThrough(sampleByStream, timeout)) {
            return;
        }
        List<String> behind = new ArrayList<>();
        for (Map.Entry<String, Long> entry : sampleByStream.entrySet()) {
            long last = outputs.lastBeatSample(entry.getKey());
            if (last < entry.getValue()) {
                behind.add(entry.getKey() + " (last beat " + last + " < " + entry.getValue() + ")");
            }
        }
        throw new IllegalStateException(
                "Timed out after "
                        + timeout.toSeconds()
                        + " s waiting for the committed beats of "
                        + behind
                        + "; job status "
                        + job.status());
    }

    @Override
    public void close() throws Exception {
        try {
            job.close();
            outputs.close();
        } finally {
            runtime.close();
        }
    }
}
