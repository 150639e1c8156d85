package org.medstream.infra.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.medstream.infra.gate.RunningGate;
import org.medstream.infra.kafka.EmbeddedKafka;
import org.medstream.ingest.gate.GateConfig;
import org.medstream.ingest.gate.GateCounts;
import org.medstream.ingest.recording.Recording;
import org.medstream.ingest.replay.KafkaChunkSink;
import org.medstream.ingest.replay.ReplayOptions;
import org.medstream.ingest.replay.ReplayProgress;
import org.medstream.ingest.replay.ReplayStream;
import org.medstream.ingest.replay.ReplaySummary;
import org.medstream.ingest.replay.Replayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of the ingest gate alone on the embedded broker: {@code streams} recordings are first
 * replayed unpaced into the raw topic, then the gate starts with one stream thread and the clock
 * runs until it has accounted for every chunk. The CPU time of the stream thread gives the rate per
 * core.
 */
public final class GateBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(GateBenchmark.class);
    private static final String STREAM_THREAD = "StreamThread";

    /**
     * @param recordings recordings assigned to the streams in turn
     * @param streams number of streams
     * @param maxSeconds signal seconds per stream, or infinity for whole recordings
     * @param timeout how long the gate may take
     */
    public record Options(
            List<Recording> recordings, int streams, double maxSeconds, Duration timeout) {
        public Options {
            recordings = List.copyOf(recordings);
            if (recordings.isEmpty() || streams < 1 || !(maxSeconds > 0)) {
                throw new IllegalArgumentException(
                        "Gate benchmark needs recordings, at least one stream and positive"
                                + " seconds");
            }
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /**
     * @param chunks chunks the gate read
     * @param samples samples in those chunks, over all channels
     * @param elapsed wall-clock time from the gate's start until every chunk was accounted for
     * @param streamThreadCpu CPU time of the gate's stream thread over the same span
     */
    public record Result(
            int streams, long chunks, long samples, Duration elapsed, Duration streamThreadCpu) {
        public double chunksPerSecond() {
            return chunks / ThroughputBenchmark.seconds(elapsed);
        }

        public double samplesPerSecond() {
            return samples / ThroughputBenchmark.seconds(elapsed);
        }

        /** Samples per second of stream-thread CPU time: the rate one core sustains. */
        public double samplesPerCpuSecond() {
            return samples / ThroughputBenchmark.seconds(streamThreadCpu);
        }

        public double chunksPerCpuSecond() {
            return chunks / ThroughputBenchmark.seconds(streamThreadCpu);
        }
    }

    private GateBenchmark() {}

    public static Result run(Options options) throws Exception {
        ReplayOptions replayOptions =
                ReplayOptions.builder()
                        .optAsFastAsPossible(true)
                        .optMaxSeconds(options.maxSeconds())
                        .build();
        List<ReplayStream> streams = new ArrayList<>();
        long samples = 0;
        for (int i = 0; i < options.streams(); i++) {
            Recording recording = options.recordings().get(i % options.recordings().size());
            streams.add(new ReplayStream(recording, "gate-bench-" + (i + 1)));
            samples +=
                    Math.min(
                                    recording.frameCount(),
                                    replayOptions.frameLimit(recording.samplingFrequencyHz()))
                            * recording.channels().size();
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            ReplaySummary replayed;
            try (KafkaChunkSink sink =
                    KafkaChunkSink.to(kafka.bootstrapServers(), replayOptions.topic())) {
                replayed = new Replayer(replayOptions, sink).replay(streams, ReplayProgress.NONE);
            }
            long startNanos = System.nanoTime();
            try (RunningGate gate =
                    RunningGate.start(kafka.bootstrapServers(), GateConfig.defaults())) {
                long deadline = startNanos + options.timeout().toNanos();
                GateCounts counts = gate.counts();
                while (counts.in() < replayed.chunks() || !counts.balanced()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "The gate accounted for "
                                        + counts
                                        + " of "
                                        + replayed.chunks()
                                        + " chunks within "
                                        + options.timeout());
                    }
                    Thread.sleep(20);
                    counts = gate.counts();
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
                Duration cpu = Duration.ofNanos(streamThreadCpuNanos());
                Result result = new Result(options.streams(), counts.in(), samples, elapsed, cpu);
                LOG.info(
                        "Finished gate run streams={} chunks={} elapsedMillis={} cpuMillis={}",
                        result.streams(),
                        result.chunks(),
                        elapsed.toMillis(),
                        cpu.toMillis());
                return result;
            }
        }
    }

    private static long streamThreadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(STREAM_THREAD)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }
}
