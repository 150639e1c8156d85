package org.medstream.ingest.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.medstream.ingest.recording.Recording;
import org.medstream.schemas.SignalChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes recordings as chunked signal streams, paced at real time × speed.
 *
 * <p>All streams of one replay start together. A chunk is sent when its last frame would have been
 * recorded: at {@code (firstSampleIndex + frameCount) / samplingFrequencyHz / speed} seconds after
 * the replay start. Several recordings are interleaved in that order, so their chunks arrive as if
 * the bedside monitors ran side by side. Unpaced replays send in the same order without waiting.
 *
 * <p>Stream start time (event time of sample 0) is the recording's own start time when the file
 * states one, otherwise the wall-clock time of the replay start. The choice is logged per stream,
 * and timestamps are not shifted in any other way.
 */
public final class Replayer {
    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

    private final ReplayOptions options;
    private final ChunkSink sink;
    private volatile boolean stopRequested;

    /** Creates a replayer that writes to {@code sink}. The caller closes the sink. */
    public Replayer(ReplayOptions options, ChunkSink sink) {
        this.options = Objects.requireNonNull(options, "options");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Makes a running {@link #replay} return after its current chunk. Safe from any thread, for
     * example a shutdown hook. A stopped replayer stays stopped, so later replays return at once.
     */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Sends every chunk of every stream, then flushes the sink.
     *
     * @throws IllegalArgumentException if two streams share a stream id or a recording is invalid
     * @throws ReplayException if the sink fails
     */
    public ReplaySummary replay(List<ReplayStream> streams, ReplayProgress progress) {
        Objects.requireNonNull(progress, "progress");
        Instant replayStart = Instant.now();
        List<Chunker> chunkers = chunkers(streams, replayStart);
        long totalFrames = chunkers.stream().mapToLong(Chunker::frameCount).sum();
        LOG.info(
                "Starting replay streams={} totalFrames={} options={}",
                chunkers.size(),
                totalFrames,
                options);

        PriorityQueue<Cursor> queue = new PriorityQueue<>(Cursor.ORDER);
        for (int i = 0; i < chunkers.size(); i++) {
            if (chunkers.get(i).hasNext()) {
                queue.add(new Cursor(chunkers.get(i), i));
            }
        }

        long startNanos = System.nanoTime();
        long chunks = 0;
        long frames = 0;
        while (!queue.isEmpty() && !stopRequested) {
            Cursor cursor = queue.poll();
            waitUntilDue(startNanos, cursor.dueSeconds());
            if (stopRequested) {
                break;
            }

            SignalChunk chunk = cursor.chunker.next();
            sink.send(chunk);
            chunks++;
            frames += chunk.getFrameCount();
            progress.onProgress(frames, totalFrames);

            if (cursor.chunker.hasNext()) {
                queue.add(cursor);
            }
        }
        sink.flush();

        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        // The loop polls a stream before it checks for stop(), so an empty queue alone does not
        // mean every chunk was sent.
        boolean completed = frames == totalFrames;
        LOG.info(
                "{} replay streams={} chunks={} frames={} elapsedMillis={}",
                completed ? "Finished" : "Stopped",
                chunkers.size(),
                chunks,
                frames,
                elapsed.toMillis());
        return new ReplaySummary(chunkers.size(), chunks, frames, elapsed, completed);
    }

    private List<Chunker> chunkers(List<ReplayStream> streams, Instant replayStart) {
        Set<String> streamIds = new HashSet<>();
        List<Chunker> chunkers = new ArrayList<>();
        for (ReplayStream stream : streams) {
            if (!streamIds.add(stream.streamId())) {
                throw new IllegalArgumentException(
                        "Stream id "
                                + stream.streamId()
                                + " is given to more than one recording (again for "
                                + stream.recording().source()
                                + "); give each recording its own stream id");
            }
            Recording recording = stream.recording();
            double samplingFrequencyHz = recording.samplingFrequencyHz();
            chunkers.add(
                    new Chunker(
                            recording,
                            stream.streamId(),
                            streamStart(stream, replayStart),
                            options.framesPerChunk(samplingFrequencyHz),
                            options.frameLimit(samplingFrequencyHz)));
        }
        return chunkers;
    }

    private static Instant streamStart(ReplayStream stream, Instant replayStart) {
        Recording recording = stream.recording();
        if (recording.startTime().isPresent()) {
            Instant start = recording.startTime().get();
            LOG.info(
                    "Stream starts at the recording's start time streamId={} record={}"
                            + " streamStart={}",
                    stream.streamId(),
                    recording.name(),
                    start);
            return start;
        }
        LOG.info(
                "Recording states no start time, so the stream starts at the replay start"
                        + " streamId={} record={} streamStart={}",
                stream.streamId(),
                recording.name(),
                replayStart);
        return replayStart;
    }

    private void waitUntilDue(long startNanos, double dueSeconds) {
        if (!options.isPaced()) {
            return;
        }
        long dueNanos = startNanos + (long) (dueSeconds / options.speed() * 1e9);
        while (!stopRequested) {
            long remaining = dueNanos - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                stopRequested = true;
            }
        }
    }

    /** A stream's position in the interleaving queue. */
    private static final class Cursor {
        static final Comparator<Cursor> ORDER =
                Comparator.comparingDouble(Cursor::dueSeconds).thenComparingInt(c -> c.position);

        final Chunker chunker;
        final int position;

        Cursor(Chunker chunker, int position) {
            this.chunker = chunker;
            this.position = position;
        }

        /** Seconds after the stream start at which the next chunk's last frame exists. */
        double dueSeconds() {
            long endIndex = chunker.nextFirstSampleIndex() + chunker.nextFrameCount();
            return endIndex / chunker.samplingFrequencyHz();
        }
    }
}
