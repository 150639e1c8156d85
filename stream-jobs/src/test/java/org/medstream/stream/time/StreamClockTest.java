package org.medstream.stream.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamClockTest {
    @Test
    void integralFrequencyExact() {
        StreamClock clock = new StreamClock(1_000_000L, 360);

        assertThat(clock.timeMicros(0)).isEqualTo(1_000_000L);
        assertThat(clock.timeMicros(360)).isEqualTo(2_000_000L);
        assertThat(clock.timeMicros(1)).isEqualTo(1_002_777L);
        // One year of samples still lands on whole seconds.
        assertThat(clock.timeMicros(360L * 86_400 * 365))
                .isEqualTo(1_000_000L + 86_400L * 365 * 1_000_000L);
    }

    @Test
    void fractionalFrequency() {
        StreamClock clock = new StreamClock(0, 128.5);

        assertThat(clock.timeMicros(257)).isEqualTo(2_000_000L);
    }

    @Test
    void fractionalFrequencyWholeSecondExact() {
        StreamClock clock = new StreamClock(0, 360.1);

        // 3601 samples at 360.1 Hz are exactly 10 s; dividing last keeps the result exact.
        assertThat(clock.timeMicros(3601)).isEqualTo(10_000_000L);
        assertThat(clock.timeMillis(3601)).isEqualTo(10_000L);
    }

    @Test
    void samplesInRoundsUp() {
        StreamClock clock = new StreamClock(0, 360);

        assertThat(clock.samplesIn(4.0)).isEqualTo(1440);
        assertThat(clock.samplesIn(0.001)).isEqualTo(1);
    }

    @Test
    void nonPositiveFrequencyRejected() {
        assertThatThrownBy(() -> new StreamClock(0, 0))
                .hasMessage("Sampling frequency must be positive and finite, got 0.0");
    }
}
