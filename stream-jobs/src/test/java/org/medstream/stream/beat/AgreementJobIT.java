package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medstream.schemas.Alert;
import org.medstream.schemas.AlertPhase;
import org.medstream.schemas.AlertType;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.alarm.AlarmRules;
import org.medstream.stream.detect.PanTompkinsDetector;
import org.medstream.stream.job.BeatDetectionJob;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.medstream.stream.job.ChunkInput;
import org.medstream.stream.job.JobOutputs;
import org.medstream.stream.job.LocalEnvironments;
import org.medstream.stream.metrics.BeatMetrics;

/**
 * Model agreement set by the job's {@code --alarm.agreement} option, run through the whole job in a
 * Flink MiniCluster with two parallel instances, on CinC 2015 record v102s, where the classic
 * detector counts most complexes twice and raises false extreme tachycardia alarms.
 */
class AgreementJobIT {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    () -> {
                        Configuration configuration = LocalEnvironments.loopbackConfiguration();
                        REPORTER.addToConfiguration(configuration);
                        return new MiniClusterResourceConfiguration.Builder()
                                .setConfiguration(configuration)
                                .setNumberTaskManagers(1)
                                .setNumberSlotsPerTaskManager(2)
                                .build();
                    });

    private static List<SignalChunk> chunks;

    @BeforeAll
    static void readRecord() throws Exception {
        chunks = RecordChunks.read("cinc2015", "v102s", 300).fixed(250);
    }

    private record JobRun(List<Alert> alerts, long heldBackByAgreement) {}

    /** Runs the job on the record with the second-lead suppressor off and agreement as given. */
    private static JobRun runJob(boolean agreement) throws Exception {
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.fromArgs(
                        new String[] {
                            "--alarm.suppressor",
                            "off",
                            "--alarm.agreement",
                            agreement ? "on" : "off"
                        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        JobOutputs outputs =
                new BeatDetectionJob(
                                config,
                                new PanTompkinsDetector(),
                                AlarmRules.defaults(),
                                ChunkInput.fromCollection(chunks, "v102s"))
                        .build(env);
        DataStream.Collector<Alert> alerts = new DataStream.Collector<>();
        outputs.alerts().collectAsync(alerts);

        JobExecutionResult result = env.execute("model agreement test");

        List<Alert> collected = new ArrayList<>();
        try (CloseableIterator<Alert> iterator = alerts.getOutput()) {
            iterator.forEachRemaining(collected::add);
        }
        return new JobRun(collected, heldBack(result.getJobID().toString()));
    }

    /** Sum of the job's {@code alarmsHeldBackByAgreement} counters over its instances. */
    private static long heldBack(String jobId) {
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> group :
                REPORTER.getMetricsByGroup().entrySet()) {
            if (!jobId.equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            Metric metric = group.getValue().get(BeatMetrics.HELD_BACK_BY_AGREEMENT);
            if (metric instanceof Counter counter) {
                sum += counter.getCount();
            }
        }
        return sum;
    }

    /** Runs the operator alone in a test harness, with the rules that the job options give. */
    private static DetectionRun runOperator(boolean agreement) throws Exception {
        return DetectionRun.of(
                chunks,
                new PanTompkinsDetector(),
                AgreementRecordTest.rules(agreement),
                agreement ? AgreementRecordTest.LMU : null);
    }

    private static long tachycardiaStarts(List<Alert> alerts) {
        return alerts.stream()
                .filter(
                        alert ->
                                alert.getType() == AlertType.EXTREME_TACHYCARDIA
                                        && alert.getPhase() == AlertPhase.START)
                .count();
    }

    private static List<String> idsAndPhases(List<Alert> alerts) {
        return alerts.stream()
                .map(alert -> alert.getAlertId() + " " + alert.getPhase())
                .sorted()
                .toList();
    }

    @Test
    void agreementHoldsBackDoubleCountedTachycardia() throws Exception {
        JobRun off = runJob(false);
        JobRun on = runJob(true);

        assertThat(tachycardiaStarts(off.alerts())).as("classic alone").isPositive();
        assertThat(tachycardiaStarts(on.alerts()))
                .as("with model agreement")
                .isLessThan(tachycardiaStarts(off.alerts()));
        assertThat(off.heldBackByAgreement()).isZero();
        assertThat(on.heldBackByAgreement()).isPositive();
    }

    @Test
    void agreementDetectorOptionChoosesModel() {
        BeatDetectionJobConfig config =
                BeatDetectionJobConfig.fromArgs(
                        new String[] {
                            "--alarm.agreement",
                            "on",
                            "--agreement.detector",
                            "lmu",
                            "--agreement.model-dir",
                            "/nonexistent/lmu-beats"
                        });
        BeatDetectionJob job =
                new BeatDetectionJob(
                        config,
                        new PanTompkinsDetector(),
                        AlarmRules.defaults(),
                        ChunkInput.fromCollection(chunks, "v102s"));

        assertThatThrownBy(() -> job.build(StreamExecutionEnvironment.getExecutionEnvironment()))
                .hasMessageStartingWith("Cannot load the beats model in /nonexistent/lmu-beats");
    }

    @Test
    void jobRaisesTheOperatorsAlerts() throws Exception {
        // The job adds the options' parsing, the keyed exchange and two parallel instances to the
        // operator; none of them may change which alerts are raised.
        assertThat(idsAndPhases(runJob(true).alerts()))
                .isEqualTo(idsAndPhases(runOperator(true).alerts()));
    }
}
