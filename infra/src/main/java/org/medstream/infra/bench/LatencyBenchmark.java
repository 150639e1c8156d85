package org.medstream.infra.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medstream.infra.job.CommittedOutputs.VisibleBeat;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.ingest.replay.ReplayStream;
import org.medstream.schemas.Beat;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end latency: {@code streams} recordings replayed at real time (speed 1) for a fixed
 * duration into the beat detection job. Each stream starts at the replay start, so a beat's event
 * time ({@code streamStart + sampleIndex / fs}) is the wall-clock time at which its R-peak sample
 * would have been recorded. Two latencies are reported per beat:
 *
 * <ul>
 *   <li>sample to beat: the time the beat became visible to a read_committed consumer minus its
 *       event time. It contains the chunk duration (a chunk is sent when its last frame is
 *       recorded), the detector's report delay and the wait for the next checkpoint, which commits
 *       the exactly-once output;
 *   <li>operator: the beat's {@code emittedAtMicros} minus its event time, the part up to the
 *       detector's output.
 * </ul>
 *
 * <p>Beats in the first {@code warmupSeconds} of each stream are left out, because they include the
 * job's start-up and the detector's learning phase.
 */
public final class LatencyBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(LatencyBenchmark.class);

    /**
     * Settings of one latency run.
     *
     * @param recordings recordings assigned to the streams in turn
     * @param streams number of streams, at least 1
     * @param durationSeconds seconds of real-time replay, more than {@code warmupSeconds}
     * @param warmupSeconds leading seconds of each stream whose beats are not measured
     * @param checkpointInterval checkpoint interval of the job
     */
    public record Options(
            List<Recording> recordings,
            int streams,
            double durationSeconds,
            double warmupSeconds,
            Duration checkpointInterval) {
        public Options {
            recordings = List.copyOf(recordings);
            if (recordings.isEmpty()) {
                throw new IllegalArgumentException("Missing recordings; give at least one");
            }
            if (streams < 1) {
                throw new IllegalArgumentException(
                        "Invalid stream count " + streams + "; give at least 1");
            }
            if (!(warmupSeconds >= 0)) {
                throw new IllegalArgumentException(
                        "Invalid warm-up " + warmupSeconds + " s; give 0 or more");
            }
            if (!(durationSeconds > warmupSeconds) || Double.isInfinite(durationSeconds)) {
                throw new IllegalArgumentException(
                        "Invalid duration "
                                + durationSeconds
                                + " s; give a finite number of seconds above the warm-up of "
                                + warmupSeconds
                                + " s");
            }
            ThroughputBenchmark.requirePositive(checkpointInterval, "checkpoint interval");
        }
    }

    /**
     * Outcome of one latency run.
     *
     * @param sampleToBeat visible-to-consumer time minus event time, over the measured beats
     * @param operator emitted time minus event time, over the same beats
     */
    public record Result(
            int streams,
            double durationSeconds,
            Duration checkpointInterval,
            LatencySummary sampleToBeat,
            LatencySummary operator) {}

    private LatencyBenchmark() {}

    /**
     * Runs the benchmark on a fresh embedded runtime, which it stops before returning.
     *
     * @param job options of the job under test; the run sets the broker, webhook, checkpoint and
     *     wave model options itself
     */
    public static Result run(Options options, BeatDetectionJobConfig job) throws Exception {
        List<ReplayStream> streams = new ArrayList<>();
        for (int i = 0; i < options.streams(); i++) {
            Recording recording = options.recordings().get(i % options.recordings().size());
            streams.add(
                    new ReplayStream(
                            new UndatedRecording(recording),
                            "latency-" + (i + 1) + "-" + recording.name()));
        }
        ReplayOptions replayOptions =
                ReplayOptions.builder()
                        .optSpeed(1)
                        .optMaxSeconds(options.durationSeconds())
                        .build();

        try (BenchmarkRun run = new BenchmarkRun(job, options.checkpointInterval(), null)) {
            Map<String, Long> completeFrom = run.completeFrom(streams, replayOptions);
            LOG.info(
                    "Starting latency run streams={} durationSeconds={} checkpointInterval={}",
                    streams.size(),
                    options.durationSeconds(),
                    options.checkpointInterval());
            run.replay(streams, replayOptions);
            run.awaitComplete(completeFrom, options.checkpointInterval().plusSeconds(30));

            List<Double> sampleToBeat = new ArrayList<>();
            List<Double> operator = new ArrayList<>();
            for (ReplayStream stream : streams) {
                double fs = stream.recording().samplingFrequencyHz();
                for (VisibleBeat visible : run.outputs().beats(stream.streamId())) {
                    Beat beat = visible.beat();
                    if (beat.getSampleIndex() / fs < options.warmupSeconds()) {
                        continue;
                    }
                    long eventMicros = ThroughputBenchmark.micros(beat.getEventTimeMicros());
                    long emittedMicros = ThroughputBenchmark.micros(beat.getEmittedAtMicros());
                    sampleToBeat.add((visible.visibleAtMicros() - eventMicros) / 1000.0);
                    operator.add((emittedMicros - eventMicros) / 1000.0);
                }
            }
            Result result =
                    new Result(
                            streams.size(),
                            options.durationSeconds(),
                            options.checkpointInterval(),
                            LatencySummary.of(sampleToBeat),
                            LatencySummary.of(operator));
            LOG.info(
                    "Finished latency run beats={} sampleToBeatP50Millis={} operatorP50Millis={}",
                    result.sampleToBeat().count(),
                    result.sampleToBeat().p50Millis(),
                    result.operator().p50Millis());
            return result;
        }
    }
}
