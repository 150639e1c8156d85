package org.medstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.SignalChunk;

class ReplayerTest {
    @Test
    void defaultsUseRecordNameAsStreamId() {
        ListSink sink = new ListSink();

        new Replayer(unpaced(), sink)
                .replay(
                        List.of(ReplayStream.of(SyntheticRecording.mitLike("100", 1))),
                        ReplayProgress.NONE);

        assertThat(sink.chunks).extracting(SignalChunk::getStreamId).containsOnly("100");
    }

    @Test
    void defaultChunkIs250Millis() {
        ListSink sink = new ListSink();

        new Replayer(ReplayOptions.builder().optAsFastAsPossible(true).build(), sink)
                .replay(
                        List.of(ReplayStream.of(SyntheticRecording.mitLike("100", 1))),
                        ReplayProgress.NONE);

        assertThat(sink.chunks)
                .extracting(SignalChunk::getFrameCount)
                .containsExactly(90, 90, 90, 90);
    }

    @Test
    void interleavesStreamsInTimeOrder() {
        ListSink sink = new ListSink();
        SyntheticRecording fast =
                new SyntheticRecording("fast", 500, 1000, 1, Optional.empty(), true);
        SyntheticRecording slow = SyntheticRecording.mitLike("slow", 2);

        new Replayer(unpaced(), sink)
                .replay(
                        List.of(new ReplayStream(slow, "bed-1"), new ReplayStream(fast, "bed-2")),
                        ReplayProgress.NONE);

        List<Double> dueSeconds = new ArrayList<>();
        for (SignalChunk chunk : sink.chunks) {
            dueSeconds.add(
                    (chunk.getFirstSampleIndex() + chunk.getFrameCount())
                            / chunk.getSamplingFrequencyHz());
        }
        assertThat(dueSeconds).isSorted();
        assertThat(sink.chunks).extracting(SignalChunk::getStreamId).contains("bed-1", "bed-2");
    }

    @Test
    void eachStreamIndexedExactly() {
        ListSink sink = new ListSink();

        new Replayer(unpaced(), sink)
                .replay(
                        List.of(
                                new ReplayStream(SyntheticRecording.mitLike("100", 3), "bed-1"),
                                new ReplayStream(SyntheticRecording.mitLike("100", 2), "bed-2")),
                        ReplayProgress.NONE);

        Map<String, List<SignalChunk>> byStream =
                sink.chunks.stream().collect(Collectors.groupingBy(SignalChunk::getStreamId));
        for (List<SignalChunk> chunks : byStream.values()) {
            long expected = 0;
            for (SignalChunk chunk : chunks) {
                assertThat(chunk.getFirstSampleIndex()).isEqualTo(expected);
                expected += chunk.getFrameCount();
            }
        }
        assertThat(byStream.get("bed-1")).hasSize(12);
        assertThat(byStream.get("bed-2")).hasSize(8);
    }

    @Test
    void pacedAtSpeed() {
        ListSink sink = new ListSink();
        ReplayOptions options = ReplayOptions.builder().optSpeed(10).build();

        ReplaySummary summary =
                new Replayer(options, sink)
                        .replay(
                                List.of(ReplayStream.of(SyntheticRecording.mitLike("100", 3))),
                                ReplayProgress.NONE);

        // 3 s of signal at 10 x real time: the last chunk is due after 300 ms.
        assertThat(summary.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(295));
        // Well below the 3 s of real time, with room for a loaded machine.
        assertThat(summary.elapsed()).isLessThan(Duration.ofMillis(2500));
        long firstToLastNanos =
                sink.sendNanos.get(sink.sendNanos.size() - 1) - sink.sendNanos.get(0);
        // 11 chunk intervals of 25 ms (275 ms). A late first send shortens the span, so the bound
        // only separates paced sends from one burst.
        assertThat(Duration.ofNanos(firstToLastNanos))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void unpacedIgnoresRealTime() {
        ListSink sink = new ListSink();

        ReplaySummary summary =
                new Replayer(ReplayOptions.builder().optSpeed(0).build(), sink)
                        .replay(
                                List.of(ReplayStream.of(SyntheticRecording.mitLike("100", 600))),
                                ReplayProgress.NONE);

        assertThat(summary.frames()).isEqualTo(600 * 360);
        assertThat(summary.elapsed()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void streamStartFromRecording() {
        ListSink sink = new ListSink();
        Instant recorded = Instant.parse("1975-06-12T10:15:30Z");
        SyntheticRecording recording =
                new SyntheticRecording("dated", 360, 360, 1, Optional.of(recorded), true);

        new Replayer(unpaced(), sink)
                .replay(List.of(ReplayStream.of(recording)), ReplayProgress.NONE);

        assertThat(sink.chunks)
                .extracting(SignalChunk::getStreamStartMicros)
                .containsOnly(recorded);
    }

    @Test
    void streamStartFromReplayWithoutRecordingTime() {
        ListSink sink = new ListSink();
        Instant before = Instant.now().minusMillis(1);

        new Replayer(unpaced(), sink)
                .replay(
                        List.of(
                                new ReplayStream(SyntheticRecording.mitLike("100", 1), "bed-1"),
                                new ReplayStream(SyntheticRecording.mitLike("101", 1), "bed-2")),
                        ReplayProgress.NONE);

        Instant after = Instant.now();
        List<Instant> starts =
                sink.chunks.stream().map(SignalChunk::getStreamStartMicros).distinct().toList();
        assertThat(starts).hasSize(1);
        assertThat(starts.get(0)).isBetween(before, after);
    }

    @Test
    void progressReachesTotal() {
        ListSink sink = new ListSink();
        List<long[]> reports = new ArrayList<>();

        new Replayer(unpaced(), sink)
                .replay(
                        List.of(ReplayStream.of(SyntheticRecording.mitLike("100", 1))),
                        (sent, total) -> reports.add(new long[] {sent, total}));

        assertThat(reports).hasSize(4);
        assertThat(reports).extracting(report -> report[1]).containsOnly(360L);
        assertThat(reports).extracting(report -> report[0]).containsExactly(90L, 180L, 270L, 360L);
    }

    @Test
    void flushesAtEnd() {
        ListSink sink = new ListSink();

        new Replayer(unpaced(), sink)
                .replay(
                        List.of(ReplayStream.of(SyntheticRecording.mitLike("100", 1))),
                        ReplayProgress.NONE);

        assertThat(sink.flushes).isEqualTo(1);
    }

    @Test
    void maxSecondsLimitsEachStream() {
        ListSink sink = new ListSink();
        ReplayOptions options = ReplayOptions.builder().optSpeed(0).optMaxSeconds(0.5).build();

        ReplaySummary summary =
                new Replayer(options, sink)
                        .replay(
                                List.of(ReplayStream.of(SyntheticRecording.mitLike("100", 10))),
                                ReplayProgress.NONE);

        assertThat(summary.frames()).isEqualTo(180);
    }

    @Test
    void stopEndsReplayEarly() {
        ListSink sink = new ListSink();
        Replayer replayer = new Replayer(ReplayOptions.builder().optSpeed(1).build(), sink);

        ReplaySummary summary =
                replayer.replay(
                        List.of(ReplayStream.of(SyntheticRecording.mitLike("100", 60))),
                        (sent, total) -> replayer.stop());

        assertThat(summary.completed()).isFalse();
        assertThat(summary.chunks()).isEqualTo(1);
        assertThat(summary.elapsed()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void stopWhileWaitingIsNotCompleted() throws Exception {
        ListSink sink = new ListSink();
        Replayer replayer = new Replayer(ReplayOptions.builder().optSpeed(1).build(), sink);
        Thread stopper =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(300);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            replayer.stop();
                        });

        stopper.start();
        ReplaySummary summary =
                replayer.replay(
                        List.of(ReplayStream.of(SyntheticRecording.mitLike("100", 60))),
                        ReplayProgress.NONE);
        stopper.join();

        // The single stream's next chunk was waiting for its due time when stop() came.
        assertThat(summary.completed()).isFalse();
        assertThat(summary.frames()).isLessThan(60L * 360);
    }

    @Test
    void duplicateStreamIdRejected() {
        Replayer replayer = new Replayer(unpaced(), new ListSink());
        List<ReplayStream> streams =
                List.of(
                        ReplayStream.of(SyntheticRecording.mitLike("100", 1)),
                        ReplayStream.of(SyntheticRecording.mitLike("100", 1)));

        assertThatThrownBy(() -> replayer.replay(streams, ReplayProgress.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Stream id 100 is given to more than one recording (again for"
                                + " synthetic:100); give each recording its own stream id");
    }

    @Test
    void optionsRejectZeroChunk() {
        assertThatThrownBy(() -> ReplayOptions.builder().optChunkFrames(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid chunk size 0 frames; it must be at least 1");
    }

    @Test
    void optionsChunkFramesOverridesMillis() {
        ReplayOptions options =
                ReplayOptions.builder().optChunkMillis(100).optChunkFrames(1).build();

        assertThat(options.framesPerChunk(360)).isEqualTo(1);
    }

    @Test
    void optionsNegativeSpeedUnpaced() {
        assertThat(ReplayOptions.builder().optSpeed(-1).build().isPaced()).isFalse();
        assertThat(ReplayOptions.defaults().isPaced()).isTrue();
    }

    private static ReplayOptions unpaced() {
        return ReplayOptions.builder().optAsFastAsPossible(true).build();
    }
}
