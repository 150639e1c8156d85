package org.medstream.stream.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medstream.evaluation.beats.BeatAnnotation;
import org.medstream.evaluation.beats.Ec57Evaluator;
import org.medstream.evaluation.beats.RecordScore;
import org.medstream.evaluation.beats.RecordScoreInput;
import org.medstream.evaluation.beats.WfdbBeatAnnotations;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.wfdb.WfdbRecord;
import org.medstream.schemas.Beat;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.LocalEnvironments;

/**
 * Beat detection through the job's operators must not depend on the sampling frequency: record 100
 * resampled from 360 Hz to 250 Hz and 500 Hz scores like the original against the reference beats,
 * mapped to the new sample clock. Scored as ANSI/AAMI EC57: ±150 ms match window, the first 5
 * minutes are a learning period.
 */
class ResamplingInvarianceIT {
    /** Ten minutes of record 100 at 360 Hz: five of learning, five scored. */
    private static final int FRAMES = 10 * 60 * 360;

    /** Se and +P every rate must reach, in percent. */
    private static final double MINIMUM_PERCENT = 99.0;

    /** Largest difference in Se or +P from the 360 Hz result, in percentage points. */
    private static final double TOLERANCE_POINTS = 0.5;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(LocalEnvironments.loopbackConfiguration())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static Recording record100;
    private static List<BeatAnnotation> reference;

    @BeforeAll
    static void readRecord() throws Exception {
        Path data = Path.of(System.getProperty("medstream.data.dir"));
        record100 = new FirstFrames(WfdbRecord.read(data.resolve("mitdb/100")), FRAMES);
        reference = WfdbBeatAnnotations.read(data.resolve("mitdb/100.atr"));
    }

    /** Runs the annotator on {@code recording} and scores its beats on the recording's clock. */
    private static RecordScore score(Recording recording) throws Exception {
        BeatAnnotator annotator =
                new BeatAnnotator(
                        new PanTompkinsDetector(), BeatDetectionJobConfig.defaults(), 250);
        List<Beat> beats =
                annotator
                        .annotate(
                                StreamExecutionEnvironment.getExecutionEnvironment(),
                                List.of(recording))
                        .get(0);

        double ratio = recording.samplingFrequencyHz() / record100.samplingFrequencyHz();
        List<BeatAnnotation> mappedReference = new ArrayList<>();
        for (BeatAnnotation annotation : reference) {
            long sample = Math.round(annotation.sample() * ratio);
            if (sample < recording.frameCount()) {
                mappedReference.add(new BeatAnnotation(sample, annotation.label()));
            }
        }
        List<BeatAnnotation> test =
                beats.stream()
                        .map(
                                beat ->
                                        new BeatAnnotation(
                                                beat.getSampleIndex(),
                                                beat.getBeatClass().charAt(0)))
                        .toList();
        RecordScoreInput input =
                new RecordScoreInput(
                        "100@" + recording.samplingFrequencyHz(),
                        recording.samplingFrequencyHz(),
                        mappedReference,
                        test,
                        recording.frameCount());
        return new Ec57Evaluator().evaluate(List.of(input)).records().get(0);
    }

    @Test
    void scoresInvariantToResampling() throws Exception {
        RecordScore original = score(record100);
        assertThat(original.sensitivity())
                .as("Se at 360 Hz")
                .isGreaterThanOrEqualTo(MINIMUM_PERCENT);
        assertThat(original.positivePredictivity())
                .as("+P at 360 Hz")
                .isGreaterThanOrEqualTo(MINIMUM_PERCENT);

        for (double targetHz : new double[] {250.0, 500.0}) {
            RecordScore resampled = score(new LinearResampler(record100, targetHz));
            System.out.printf(
                    "record 100, first 10 min at %.0f Hz: TP=%d FN=%d FP=%d Se=%.2f +P=%.2f"
                            + " (360 Hz: Se=%.2f +P=%.2f)%n",
                    targetHz,
                    resampled.tp(),
                    resampled.fn(),
                    resampled.fp(),
                    resampled.sensitivity(),
                    resampled.positivePredictivity(),
                    original.sensitivity(),
                    original.positivePredictivity());

            assertThat(resampled.tp()).as("TP at %.0f Hz", targetHz).isPositive();
            assertThat(resampled.sensitivity())
                    .as("Se at %.0f Hz", targetHz)
                    .isGreaterThanOrEqualTo(MINIMUM_PERCENT)
                    .isCloseTo(original.sensitivity(), within(TOLERANCE_POINTS));
            assertThat(resampled.positivePredictivity())
                    .as("+P at %.0f Hz", targetHz)
                    .isGreaterThanOrEqualTo(MINIMUM_PERCENT)
                    .isCloseTo(original.positivePredictivity(), within(TOLERANCE_POINTS));
        }
    }
}
