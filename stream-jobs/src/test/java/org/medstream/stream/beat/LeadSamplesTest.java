package org.medstream.stream.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medstream.schemas.DigitalSamples;
import org.medstream.schemas.PhysicalSamples;
import org.medstream.schemas.SignalChunk;

class LeadSamplesTest {
    private static SignalChunk chunk(List<String> units, Object samples, int frames) {
        return SignalChunk.newBuilder()
                .setStreamId("s")
                .setSource("test")
                .setChannelNames(List.of("V5", "MLII"))
                .setUnits(units)
                .setSamplingFrequencyHz(360.0)
                .setStreamStartMicros(SyntheticEcg.START)
                .setFirstSampleIndex(0L)
                .setFrameCount(frames)
                .setSamples(samples)
                .build();
    }

    @Test
    void digitalConvertedWithGainAndBaseline() {
        DigitalSamples digital =
                DigitalSamples.newBuilder()
                        .setAdcGain(List.of(100.0, 200.0))
                        .setBaseline(List.of(0, 1024))
                        .setInvalidValue(-32768)
                        .setValues(List.of(0, 1224, 0, -32768, 0, 824))
                        .build();

        float[] lead = LeadSamples.millivolts(chunk(List.of("mV", "mV"), digital, 3), 1);

        assertThat(lead[0]).isEqualTo(1.0f, within(1e-6f));
        assertThat(lead[1]).isNaN();
        assertThat(lead[2]).isEqualTo(-1.0f, within(1e-6f));
    }

    @Test
    void microvoltsScaledToMillivolts() {
        PhysicalSamples physical =
                PhysicalSamples.newBuilder().setValues(List.of(0f, 1500f, 0f, -500f)).build();

        float[] lead = LeadSamples.millivolts(chunk(List.of("mV", "uV"), physical, 2), 1);

        assertThat(lead).containsExactly(new float[] {1.5f, -0.5f}, within(1e-6f));
    }
}
