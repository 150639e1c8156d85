package org.medstream.infra.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medstream.infra.job.CommittedOutputs;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.ingest.replay.ReplayStream;
import org.medstream.ingest.replay.ReplaySummary;
import org.medstream.stream.job.BeatDetectionJobConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end throughput: {@code streams} recordings replayed unpaced through the broker into the
 * beat detection job. The time runs from the replay start (the first send) until the beats of every
 * stream are visible to a read_committed consumer through the end of what was replayed, less the
 * detector's report delay. Replayer, broker, Flink and consumer share one JVM and its cores.
 */
public final class ThroughputBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(ThroughputBenchmark.class);

    /**
     * Settings of one throughput run.
     *
     * @param recordings recordings assigned to the streams in turn: stream i replays recording
     *     {@code i % recordings.size()}
     * @param streams number of streams, at least 1
     * @param maxSeconds signal seconds replayed per stream, or infinity for whole recordings
     * @param checkpointInterval checkpoint interval of the job. The output becomes visible only at
     *     checkpoints, so the end of the run is known to within this interval
     * @param drainTimeout longest wait for the last beats after the replay ends
     * @param wavesModel wave model directory: the job also delineates waves, and the run ends when
     *     the wave segments are complete too; null for beats only
     */
    public record Options(
            List<Recording> recordings,
            int streams,
            double maxSeconds,
            Duration checkpointInterval,
            Duration drainTimeout,
            Path wavesModel) {
        public Options {
            recordings = List.copyOf(recordings);
            if (recordings.isEmpty()) {
                throw new IllegalArgumentException("Missing recordings; give at least one");
            }
            if (streams < 1) {
                throw new IllegalArgumentException(
                        "Invalid stream count " + streams + "; give at least 1");
            }
            if (!(maxSeconds > 0)) {
                throw new IllegalArgumentException(
                        "Invalid replay length " + maxSeconds + " s; give a positive number");
            }
            requirePositive(checkpointInterval, "checkpoint interval");
            requirePositive(drainTimeout, "drain timeout");
        }
    }

    /**
     * Outcome of one throughput run.
     *
     * @param frames frames sent over all streams; one frame contains one sample of each channel
     * @param samples samples sent over all streams and channels
     * @param elapsed from the first send until the last stream's output was complete
     * @param replayElapsed from the first send until the replayer's final flush
     */
    public record Result(
            int streams,
            long chunks,
            long frames,
            long samples,
            Duration elapsed,
            Duration replayElapsed,
            Duration checkpointInterval,
            boolean waves) {
        public double samplesPerSecond() {
            return samples / seconds(elapsed);
        }

        public double framesPerSecond() {
            return frames / seconds(elapsed);
        }

        public double chunksPerSecond() {
            return chunks / seconds(elapsed);
        }
    }

    private ThroughputBenchmark() {}

    /**
     * Runs the benchmark on a fresh embedded runtime, which it stops before returning.
     *
     * @param job options of the job under test; the run sets the broker, webhook, checkpoint and
     *     wave model options itself
     */
    public static Result run(Options options, BeatDetectionJobConfig job) throws Exception {
        List<ReplayStream> streams = new ArrayList<>();
        long samples = 0;
        ReplayOptions replayOptions =
                ReplayOptions.builder()
                        .optAsFastAsPossible(true)
                        .optMaxSeconds(options.maxSeconds())
                        .build();
        for (int i = 0; i < options.streams(); i++) {
            Recording recording = options.recordings().get(i % options.recordings().size());
            streams.add(new ReplayStream(recording, "bench-" + (i + 1) + "-" + recording.name()));
            long frames =
                    Math.min(
                            recording.frameCount(),
                            replayOptions.frameLimit(recording.samplingFrequencyHz()));
            samples += frames * recording.channels().size();
        }

        try (BenchmarkRun run =
                new BenchmarkRun(job, options.checkpointInterval(), options.wavesModel())) {
            Map<String, Long> completeFrom = run.completeFrom(streams, replayOptions);
            Instant start = Instant.now();
            ReplaySummary summary = run.replay(streams, replayOptions);
            run.awaitComplete(completeFrom, options.drainTimeout());
            boolean waves = options.wavesModel() != null;
            if (waves) {
                awaitSegments(run.outputs(), completeFrom, options.drainTimeout());
            }

            long endMicros = 0;
            for (Map.Entry<String, Long> entry : completeFrom.entrySet()) {
                endMicros =
                        Math.max(
                                endMicros,
                                firstVisibleAtOrAfter(
                                        run.outputs(), entry.getKey(), entry.getValue()));
                if (waves) {
                    endMicros =
                            Math.max(
                                    endMicros,
                                    run.outputs()
                                            .segmentVisibleAtOrAfter(
                                                    entry.getKey(), entry.getValue()));
                }
            }
            Duration elapsed = Duration.of(endMicros - micros(start), ChronoUnit.MICROS);
            Result result =
                    new Result(
                            summary.streams(),
                            summary.chunks(),
                            summary.frames(),
                            samples,
                            elapsed,
                            summary.elapsed(),
                            options.checkpointInterval(),
                            waves);
            LOG.info(
                    "Finished throughput run streams={} chunks={} samples={} elapsedMillis={}",
                    result.streams(),
                    result.chunks(),
                    result.samples(),
                    elapsed.toMillis());
            return result;
        }
    }

    /**
     * Waits until every stream has a visible wave segment ending at or after its sample in {@code
     * sampleByStream}, the same point the beats must reach.
     *
     * @throws IllegalStateException if one does not within {@code timeout}, naming the streams
     */
    private static void awaitSegments(
            CommittedOutputs outputs, Map<String, Long> sampleByStream, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> behind = new ArrayList<>();
            for (Map.Entry<String, Long> entry : sampleByStream.entrySet()) {
                if (outputs.segmentVisibleAtOrAfter(entry.getKey(), entry.getValue())
                        == Long.MAX_VALUE) {
                    behind.add(entry.getKey());
                }
            }
            if (behind.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Timed out after "
                                + timeout.toSeconds()
                                + " s waiting for the wave segments of "
                                + behind);
            }
            Thread.sleep(100);
        }
    }

    /** Returns when the first beat of a stream at or after {@code sampleIndex} became visible. */
    private static long firstVisibleAtOrAfter(
            CommittedOutputs outputs, String streamId, long sampleIndex) {
        long visibleAt = Long.MAX_VALUE;
        for (CommittedOutputs.VisibleBeat visible : outputs.beats(streamId)) {
            if (visible.beat().getSampleIndex() >= sampleIndex) {
                visibleAt = Math.min(visibleAt, visible.visibleAtMicros());
            }
        }
        return visibleAt;
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(
                    "Invalid " + name + " " + duration + "; give a positive duration");
        }
    }
}
