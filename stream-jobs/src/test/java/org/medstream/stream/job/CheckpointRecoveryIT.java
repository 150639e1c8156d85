package org.medstream.stream.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medstream.ingest.replay.Chunker;
import org.medstream.ingest.wfdb.WfdbReadOptions;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.schemas.Beat;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.time.ChunkWatermarks;

/**
 * A task failure after a completed checkpoint restarts the job from that checkpoint: the detector
 * state comes back from Flink keyed state and the beats are the same as in a run without failure.
 */
class CheckpointRecoveryIT {
    /** Chunk after which the failing run throws, once a checkpoint has completed. */
    private static final int FAIL_AFTER_CHUNKS = 600;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(LocalEnvironments.loopbackConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    /** Attempts of the failing map that threw, shared with the test through a static. */
    private static final AtomicInteger FAILURES = new AtomicInteger();

    @Test
    void beatsSurviveTaskFailure() throws Exception {
        List<SignalChunk> chunks = chunksOfRecord100();

        List<Long> withoutFailure = beatSamples(chunks, false);
        List<Long> withFailure = beatSamples(chunks, true);

        assertThat(FAILURES.get()).as("injected failures").isEqualTo(1);
        assertThat(withoutFailure).hasSizeGreaterThan(400);
        assertThat(withFailure).isEqualTo(withoutFailure);
    }

    private static List<SignalChunk> chunksOfRecord100() throws Exception {
        Path data = Path.of(System.getProperty("medstream.data.dir"));
        // Six minutes of record 100 in 250 ms chunks.
        WfdbRecord record =
                WfdbRecord.read(
                        data.resolve("mitdb/100"),
                        WfdbReadOptions.defaults().range(0, 6 * 60 * 360));
        List<SignalChunk> chunks = new ArrayList<>();
        new Chunker(record, "bed-1", Instant.parse("2026-01-01T00:00:00Z"), 90, Long.MAX_VALUE)
                .forEachRemaining(chunks::add);
        return chunks;
    }

    private static List<Long> beatSamples(List<SignalChunk> chunks, boolean injectFailure)
            throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        configuration.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(1);
        env.enableCheckpointing(100, CheckpointingMode.EXACTLY_ONCE);

        BeatDetectionJobConfig config = BeatDetectionJobConfig.defaults();
        ChunkInput input =
                (environment, jobConfig) -> {
                    DataStream<SignalChunk> source =
                            environment
                                    .fromData(chunks, TypeInformation.of(SignalChunk.class))
                                    .name("record-100")
                                    .uid("record-100")
                                    .map(new FailOnceAfterCheckpoint(injectFailure))
                                    .name("fail-once")
                                    .uid("fail-once")
                                    .assignTimestampsAndWatermarks(
                                            ChunkWatermarks.forChunks(
                                                    jobConfig.get(
                                                            BeatDetectionJobConfig
                                                                    .OUT_OF_ORDERNESS),
                                                    Duration.ZERO))
                                    .name("chunk-event-time")
                                    .uid("chunk-event-time");
                    return new ChunkInput.Streams(source, null);
                };
        JobOutputs outputs =
                new BeatDetectionJob(
                                config, new PanTompkinsDetector(), AlarmRules.defaults(), input)
                        .build(env);

        DataStream.Collector<Beat> beats = new DataStream.Collector<>();
        outputs.beats().collectAsync(beats);
        env.execute("checkpoint recovery " + (injectFailure ? "with" : "without") + " failure");

        List<Long> samples = new ArrayList<>();
        try (CloseableIterator<Beat> iterator = beats.getOutput()) {
            iterator.forEachRemaining(beat -> samples.add(beat.getSampleIndex()));
        }
        samples.sort(Long::compare);
        return samples;
    }

    /**
     * Passes chunks through slowly enough for checkpoints to complete, and on its first attempt
     * throws once a checkpoint has completed and enough chunks have passed.
     */
    private static final class FailOnceAfterCheckpoint
            extends RichMapFunction<SignalChunk, SignalChunk> implements CheckpointListener {
        private final boolean injectFailure;
        private transient boolean firstAttempt;
        private transient boolean checkpointCompleted;
        private transient int passed;

        FailOnceAfterCheckpoint(boolean injectFailure) {
            this.injectFailure = injectFailure;
        }

        @Override
        public void open(OpenContext context) {
            firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
        }

        @Override
        public SignalChunk map(SignalChunk chunk) throws Exception {
            Thread.sleep(1);
            passed++;
            if (injectFailure
                    && firstAttempt
                    && checkpointCompleted
                    && passed > FAIL_AFTER_CHUNKS) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("Injected failure after chunk " + passed);
            }
            return chunk;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointCompleted = true;
        }
    }
}
