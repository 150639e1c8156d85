package org.medstream.stream.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.schemas.Beat;
import org.medstream.stream.detect.BeatListener;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.detect.QrsDetectorState;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.LocalEnvironments;

class BeatAnnotatorIT {
    /** Five minutes of record 100 at 360 Hz. */
    private static final int FRAMES = 5 * 60 * 360;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(LocalEnvironments.loopbackConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static Recording record100;

    @BeforeAll
    static void readRecord() throws Exception {
        Path data = Path.of(System.getProperty("medstream.data.dir"));
        record100 = new FirstFrames(WfdbRecord.read(data.resolve("mitdb/100")), FRAMES);
    }

    private static List<Beat> annotate(double chunkMillis) throws Exception {
        BeatAnnotator annotator =
                new BeatAnnotator(
                        new PanTompkinsDetector(), BeatDetectionJobConfig.defaults(), chunkMillis);
        List<List<Beat>> beats =
                annotator.annotate(
                        StreamExecutionEnvironment.getExecutionEnvironment(), List.of(record100));
        assertThat(beats).hasSize(1);
        return beats.get(0);
    }

    /** The fields that must not depend on chunking: everything but the emission time. */
    private static List<String> comparable(List<Beat> beats) {
        return beats.stream()
                .map(
                        beat ->
                                beat.getSampleIndex()
                                        + " "
                                        + beat.getEventTimeMicros()
                                        + " "
                                        + beat.getBeatClass()
                                        + " "
                                        + beat.getRrIntervalMillis()
                                        + " "
                                        + beat.getHeartRateBpm())
                .toList();
    }

    @Test
    void beatsIndependentOfChunkSize() throws Exception {
        List<Beat> oneSample = annotate(1000.0 / 360);
        List<Beat> quarterSecond = annotate(250);
        List<Beat> tenSeconds = annotate(10_000);

        // Record 100 has 2273 beats in 30 min; five minutes hold roughly 370.
        assertThat(quarterSecond).hasSizeBetween(340, 400);
        assertThat(comparable(oneSample)).isEqualTo(comparable(quarterSecond));
        assertThat(comparable(tenSeconds)).isEqualTo(comparable(quarterSecond));
    }

    @Test
    void beatsMatchDetectorRunDirectly() throws Exception {
        PanTompkinsDetector detector = new PanTompkinsDetector();
        QrsDetectorState state = detector.createState(360);
        double[] physical = record100.physical(0);
        float[] lead = new float[physical.length];
        for (int i = 0; i < lead.length; i++) {
            lead[i] = (float) physical[i];
        }
        List<Long> direct = new java.util.ArrayList<>();
        BeatListener listener = (sampleIndex, beatClass) -> direct.add(sampleIndex);
        detector.process(state, lead, 0, lead.length, 0, listener);
        detector.finish(state, listener);

        List<Beat> beats = annotate(250);

        assertThat(record100.channels().get(0).name()).isEqualTo("MLII");
        assertThat(beats).extracting(Beat::getSampleIndex).isEqualTo(direct);
        assertThat(beats).extracting(Beat::getStreamId).containsOnly("0:100");
        assertThat(beats).extracting(Beat::getDetectorName).containsOnly("pan-tompkins");
    }
}
