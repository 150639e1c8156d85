package org.medstream.stream.waves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.medstream.evaluation.waves.Wave;
import org.medstream.evaluation.waves.WaveKind;
import org.medstream.evaluation.waves.WfdbWaves;
import org.medstream.ingest.wfdb.WfdbAnnotations;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.schemas.SignalChunk;
import org.medstream.schemas.WaveSegment;
import org.medstream.schemas.WaveType;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.annotate.WaveAnnotator;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.job.BeatDetectionJob;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.ChunkInput;
import org.medstream.stream.job.JobSinks;
import org.medstream.stream.job.LocalEnvironments;

/**
 * The beat detection job with {@code waves.model} set, on a MiniCluster: wave segments of a 500 Hz
 * and a 360 Hz stream come out of the job's segments sink, and the annotate path's waves match
 * LUDB's reference QRS complexes.
 */
class WaveDelineationJobIT {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(LocalEnvironments.loopbackConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    /** Segments the test sink received, shared through a static because sinks are serialized. */
    private static final Queue<WaveSegment> RECEIVED = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void clear() {
        RECEIVED.clear();
    }

    private static BeatDetectionJobConfig wavesConfig() {
        return BeatDetectionJobConfig.defaults()
                .with(
                        BeatDetectionJobConfig.WAVES_MODEL,
                        WaveDelineationFunctionTest.MODEL.toString());
    }

    private static BeatDetectionJob job(List<SignalChunk> chunks) {
        return new BeatDetectionJob(
                wavesConfig(),
                new PanTompkinsDetector(),
                AlarmRules.defaults(),
                ChunkInput.fromCollection(chunks, "recordings"));
    }

    @Test
    void segmentsReachSegmentsSink() throws Exception {
        List<SignalChunk> chunks = new ArrayList<>();
        for (SignalChunk chunk : WaveDelineationFunctionTest.chunks("ludb/1", 10.0, 125)) {
            chunk.setStreamId("ludb-1");
            chunks.add(chunk);
        }
        for (SignalChunk chunk : WaveDelineationFunctionTest.chunks("mitdb/100", 20.0, 90)) {
            chunk.setStreamId("mitdb-100");
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
                                new CollectingSink()));

        List<WaveSegment> segments = List.copyOf(RECEIVED);
        assertThat(segments)
                .filteredOn(segment -> segment.getStreamId().equals("ludb-1"))
                .extracting(WaveSegment::getLead)
                .containsOnly(
                        "i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6");
        assertThat(segments)
                .filteredOn(segment -> segment.getStreamId().equals("mitdb-100"))
                .extracting(WaveSegment::getLead)
                .containsOnly("MLII", "V5");
        assertThat(segments)
                .filteredOn(segment -> segment.getStreamId().equals("mitdb-100"))
                .filteredOn(segment -> segment.getWave() == WaveType.QRS)
                .filteredOn(segment -> segment.getLead().equals("MLII"))
                .hasSizeBetween(20, 30);
    }

    @Test
    void missingSegmentsSinkRejected() throws Exception {
        List<SignalChunk> chunks = WaveDelineationFunctionTest.chunks("ludb/1", 1.0, 125);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobSinks withoutSegments =
                new JobSinks(
                        new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>());

        assertThatThrownBy(() -> job(chunks).execute(env, withoutSegments))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("waves.model is set to")
                .hasMessageContaining("no segments sink");
    }

    @Test
    void annotatorQrsMatchesLudbReference() throws Exception {
        WfdbRecord record = WfdbRecord.read(WaveDelineationFunctionTest.DATA.resolve("ludb/1"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);

        Map<String, List<Wave>> leads =
                new WaveAnnotator(wavesConfig(), 250.0).annotate(env, List.of(record)).get(0);

        assertThat(leads.keySet())
                .containsExactly(
                        "i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6");
        List<Wave> reference =
                WfdbWaves.of(
                        WfdbAnnotations.read(
                                WaveDelineationFunctionTest.DATA.resolve("ludb/1.ii")));
        List<Long> referenceQrs =
                reference.stream()
                        .filter(wave -> wave.kind() == WaveKind.QRS)
                        .map(Wave::peak)
                        .toList();
        List<Long> detectedQrs =
                leads.get("ii").stream()
                        .filter(wave -> wave.kind() == WaveKind.QRS)
                        .map(Wave::peak)
                        .toList();
        long tolerance = 25; // 50 ms at 500 Hz
        long matched =
                referenceQrs.stream()
                        .filter(
                                peak ->
                                        detectedQrs.stream()
                                                .anyMatch(
                                                        detected ->
                                                                Math.abs(detected - peak)
                                                                        <= tolerance))
                        .count();
        System.out.printf(
                "ludb/1 lead ii: %d of %d reference QRS peaks within 50 ms, %d detected%n",
                matched, referenceQrs.size(), detectedQrs.size());

        assertThat(referenceQrs).isNotEmpty();
        assertThat(matched).isEqualTo(referenceQrs.size());
    }

    /** Adds every segment to {@link #RECEIVED}. */
    private static final class CollectingSink implements Sink<WaveSegment> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<WaveSegment> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(WaveSegment segment, Context context) {
                    RECEIVED.add(segment);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
