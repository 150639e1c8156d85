package org.medstream.stream.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Backoff BACKOFF =
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void ceilingDoublesUpToMax() {
        assertThat(BACKOFF.ceilingMillis(1)).isEqualTo(100);
        assertThat(BACKOFF.ceilingMillis(2)).isEqualTo(200);
        assertThat(BACKOFF.ceilingMillis(3)).isEqualTo(400);
        assertThat(BACKOFF.ceilingMillis(4)).isEqualTo(800);
        assertThat(BACKOFF.ceilingMillis(5)).isEqualTo(1000);
        assertThat(BACKOFF.ceilingMillis(60)).isEqualTo(1000);
    }

    @Test
    void delayJitteredBelowCeiling() {
        Random random = new Random(7);
        Set<Long> delays = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            long delay = BACKOFF.delayMillis(3, -1, random);
            assertThat(delay).isBetween(0L, 400L);
            delays.add(delay);
        }
        assertThat(delays).as("distinct delays of 1000 draws").hasSizeGreaterThan(100);
    }

    @Test
    void retryAfterRaisesDelay() {
        Random random = new Random(7);
        for (int i = 0; i < 100; i++) {
            assertThat(BACKOFF.delayMillis(1, 700, random)).isEqualTo(700);
        }
    }

    @Test
    void retryAfterCappedAtMax() {
        assertThat(BACKOFF.delayMillis(1, 60_000, new Random(7))).isEqualTo(1000);
    }

    @Test
    void maxTotalSumsCeilings() {
        assertThat(BACKOFF.maxTotalMillis(0)).isZero();
        assertThat(BACKOFF.maxTotalMillis(5)).isEqualTo(100 + 200 + 400 + 800 + 1000);
    }

    @Test
    void retryAfterParsed() {
        assertThat(Backoff.retryAfterMillis("1")).isEqualTo(1000);
        assertThat(Backoff.retryAfterMillis(" 3 ")).isEqualTo(3000);
        assertThat(Backoff.retryAfterMillis(null)).isEqualTo(-1);
        assertThat(Backoff.retryAfterMillis("-1")).isEqualTo(-1);
        assertThat(Backoff.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(-1);
    }

    @Test
    void invalidBoundsRejected() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("Invalid initial backoff PT0S; expected more than 0");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("Invalid max backoff PT1S; expected at least the initial backoff PT2S");
        assertThatThrownBy(() -> BACKOFF.ceilingMillis(0))
                .hasMessage("Invalid retry 0; expected 1 or more");
    }
}
