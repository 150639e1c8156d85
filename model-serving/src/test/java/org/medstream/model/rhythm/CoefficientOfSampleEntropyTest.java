package org.medstream.model.rhythm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** COSEn values computed by hand. */
class CoefficientOfSampleEntropyTest {
    @Test
    void constantSeriesHasZeroSampleEntropy() {
        double[] rr = {800, 800, 800, 800, 800};

        // Every pair of the 4 templates matches, and so do their successors: A = B = 6.
        double cosen = CoefficientOfSampleEntropy.of(rr, 0, rr.length, 30);

        assertThat(cosen).isCloseTo(Math.log(60.0 / 800), within(1e-12));
    }

    @Test
    void toleranceDoublesUntilEnoughMatches() {
        double[] rr = {600, 900, 600, 900, 600, 900};

        // At r = 30 ms only the 4 pairs of equal values match (A = 4, below 5), and the values
        // 300 ms apart match only from r = 480 ms, after four doublings: A = B = 10.
        double cosen = CoefficientOfSampleEntropy.of(rr, 0, rr.length, 30);

        assertThat(cosen).isCloseTo(Math.log(960.0 / 750), within(1e-12));
    }

    @Test
    void ringBufferReadFromStart() {
        double[] linear = {700, 820, 650, 910, 760, 640, 880};
        double[] ring = {760, 640, 880, 700, 820, 650, 910};

        double fromLinear = CoefficientOfSampleEntropy.of(linear, 0, 7, 30);
        double fromRing = CoefficientOfSampleEntropy.of(ring, 3, 7, 30);

        assertThat(fromRing).isEqualTo(fromLinear);
    }

    @Test
    void tooShortSeriesIsNaN() {
        assertThat(CoefficientOfSampleEntropy.of(new double[] {800, 810, 790}, 0, 3, 30)).isNaN();
    }
}
