package org.medstream.stream.anomalies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medstream.ingest.replay.Chunker;
import org.medstream.schemas.Anomaly;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.job.BeatDetectionJob;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.ChunkInput;
import org.medstream.stream.job.JobSinks;
import org.medstream.stream.job.LocalEnvironments;

/**
 * The beat detection job with {@code anomalies.model} set, on a MiniCluster with checkpoints: the
 * spans of a 360 Hz and a 128 Hz stream come out of the job's anomalies sink.
 */
class AnomalyScoringJobIT {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(LocalEnvironments.loopbackConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    /** Spans the test sink received, shared through a static because sinks are serialized. */
    private static final Queue<Anomaly> RECEIVED = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void clear() {
        RECEIVED.clear();
    }

    private static BeatDetectionJob job(List<SignalChunk> chunks) {
        return new BeatDetectionJob(
                BeatDetectionJobConfig.defaults()
                        .with(
                                BeatDetectionJobConfig.ANOMALIES_MODEL,
                                AnomalyScoringFunctionTest.MODEL.toString()),
                new PanTompkinsDetector(),
                AlarmRules.defaults(),
                ChunkInput.fromCollection(chunks, "recordings"));
    }

    @Test
    void spansReachAnomaliesSink() throws Exception {
        List<SignalChunk> chunks = new ArrayList<>();
        for (SignalChunk chunk : AnomalyScoringFunctionTest.chunks("mitdb/208", 60, 90)) {
            chunk.setStreamId("mitdb-208");
            chunks.add(chunk);
        }
        int svdbFrames = Chunker.framesPerChunk(128, 250.0);
        for (SignalChunk chunk : AnomalyScoringFunctionTest.chunks("svdb/800", 60, svdbFrames)) {
            chunk.setStreamId("svdb-800");
            chunks.add(chunk);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);

        job(chunks)
                .execute(
                        env,
                        new JobSinks(
                                new DiscardingSink<>(),
                                new DiscardingSink<>(),
                                new DiscardingSink<>(),
                                null,
                                null,
                                new CollectingSink()));

        List<Anomaly> anomalies = List.copyOf(RECEIVED);
        assertThat(anomalies)
                .filteredOn(anomaly -> anomaly.getStreamId().equals("mitdb-208"))
                .hasSizeGreaterThan(20)
                .allSatisfy(
                        anomaly -> assertThat(anomaly.getEndSampleIndex()).isBetween(1L, 21600L));
        assertThat(anomalies)
                .filteredOn(anomaly -> anomaly.getStreamId().equals("svdb-800"))
                .isNotEmpty()
                .allSatisfy(
                        anomaly -> assertThat(anomaly.getEndSampleIndex()).isBetween(1L, 7680L));
    }

    @Test
    void missingAnomaliesSinkRejected() {
        List<SignalChunk> chunks = new ArrayList<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobSinks withoutAnomalies =
                new JobSinks(
                        new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>());

        assertThatThrownBy(() -> job(chunks).execute(env, withoutAnomalies))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("anomalies.model is set to")
                .hasMessageContaining("no anomalies sink");
    }

    /** Adds every span to {@link #RECEIVED}. */
    private static final class CollectingSink implements Sink<Anomaly> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<Anomaly> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Anomaly anomaly, Context context) {
                    RECEIVED.add(anomaly);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
