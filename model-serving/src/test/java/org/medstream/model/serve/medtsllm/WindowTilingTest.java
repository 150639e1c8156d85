package org.medstream.model.serve.medtsllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowTilingTest {
    @Test
    void oneModelWindow() {
        WindowTiling tiling = WindowTiling.of(512, 512, 256);

        assertThat(tiling.starts()).containsExactly(0);
        assertThat(tiling.ownedFrom()).containsExactly(0);
        assertThat(tiling.ownedTo()).containsExactly(512);
    }

    @Test
    void stepReachesEnd() {
        WindowTiling tiling = WindowTiling.of(1024, 512, 256);

        assertThat(tiling.starts()).containsExactly(0, 256, 512);
        assertThat(tiling.ownedFrom()).containsExactly(0, 385, 641);
        assertThat(tiling.ownedTo()).containsExactly(385, 641, 1024);
    }

    @Test
    void lastWindowEndsAtEnd() {
        WindowTiling tiling = WindowTiling.of(600, 512, 256);

        assertThat(tiling.starts()).containsExactly(0, 88);
        assertThat(tiling.ownedTo()).containsExactly(301, 600);
    }

    @Test
    void ownedStaysInsideModelWindow() {
        WindowTiling tiling = WindowTiling.of(1024, 512, 512);

        assertThat(tiling.starts()).containsExactly(0, 512);
        assertThat(tiling.ownedTo()).containsExactly(512, 1024);
    }

    @Test
    void everySampleOwnedOnce() {
        for (int length = 512; length < 3000; length += 37) {
            WindowTiling tiling = WindowTiling.of(length, 512, 256);
            assertThat(tiling.ownedFrom()[0]).isZero();
            assertThat(tiling.ownedTo()[tiling.count() - 1]).isEqualTo(length);
            for (int i = 0; i < tiling.count(); i++) {
                assertThat(tiling.ownedFrom()[i]).isGreaterThanOrEqualTo(tiling.starts()[i]);
                assertThat(tiling.ownedTo()[i]).isLessThanOrEqualTo(tiling.starts()[i] + 512);
                assertThat(tiling.ownedTo()[i]).isGreaterThan(tiling.ownedFrom()[i]);
                if (i > 0) {
                    assertThat(tiling.ownedFrom()[i]).isEqualTo(tiling.ownedTo()[i - 1]);
                }
            }
        }
    }

    @Test
    void rejectsShortWindow() {
        assertThatThrownBy(() -> WindowTiling.of(511, 512, 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("511 samples");
    }
}
