package org.medstream.stream.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.SignalChunk;
import org.medstream.stream.beat.SyntheticEcg;

class ChunkWatermarksTest {
    private static final class Recorder implements WatermarkOutput {
        private final List<Long> watermarks = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }

    @Test
    void firstFrameStampLastFrameWatermark() {
        WatermarkStrategy<SignalChunk> strategy =
                ChunkWatermarks.forChunks(Duration.ofMillis(100), Duration.ZERO);
        SignalChunk chunk = SyntheticEcg.chunk("s", new float[720], 360, 360); // 1 s to 2 s
        long startMillis = SyntheticEcg.START.toEpochMilli();

        long timestamp =
                strategy.createTimestampAssigner(UnregisteredMetricsGroup::new)
                        .extractTimestamp(chunk, -1);
        WatermarkGenerator<SignalChunk> generator =
                strategy.createWatermarkGenerator(
                        new WatermarkGeneratorSupplier.Context() {
                            @Override
                            public MetricGroup getMetricGroup() {
                                return new UnregisteredMetricsGroup();
                            }

                            @Override
                            public RelativeClock getInputActivityClock() {
                                return SystemClock.getInstance();
                            }
                        });
        Recorder output = new Recorder();
        generator.onEvent(chunk, timestamp, output);
        generator.onPeriodicEmit(output);

        assertThat(timestamp).isEqualTo(startMillis + 1000);
        // Last frame 719 is at 1997 ms; minus 100 ms out-of-orderness and 1 ms.
        assertThat(output.watermarks).containsExactly(startMillis + 1997 - 101);
    }
}
