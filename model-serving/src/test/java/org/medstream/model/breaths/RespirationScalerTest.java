package org.medstream.model.breaths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RespirationScalerTest {
    private static final double HZ = 25;

    @Test
    void offsetAndGainRemoved() {
        double[] small = breathing(0.3, 0, 120);
        double[] large = breathing(400, 500, 120);

        float[] a = RespirationScaler.scaleAll(small, HZ);
        float[] b = RespirationScaler.scaleAll(large, HZ);

        int late = a.length - 1;
        assertThat((double) b[late]).isCloseTo(a[late], within(1e-3));
    }

    @Test
    void settledOutputHasUnitRms() {
        float[] scaled = RespirationScaler.scaleAll(breathing(2, 100, 300), HZ);

        double sumSquares = 0;
        int from = scaled.length / 2;
        for (int t = from; t < scaled.length; t++) {
            sumSquares += scaled[t] * scaled[t];
        }
        double rms = Math.sqrt(sumSquares / (scaled.length - from));
        assertThat(rms).isCloseTo(1, within(0.15));
    }

    @Test
    void flatSignalGivesZero() {
        float[] scaled = RespirationScaler.scaleAll(new double[] {7, 7, 7, 7}, HZ);

        assertThat(scaled).containsOnly(0f);
    }

    @Test
    void artefactClipped() {
        double[] signal = breathing(1, 0, 60);
        signal[signal.length - 1] = 1e6;

        float[] scaled = RespirationScaler.scaleAll(signal, HZ);

        assertThat((double) scaled[scaled.length - 1]).isEqualTo(RespirationScaler.MAX_OUTPUT);
    }

    @Test
    void restoredStateContinuesIdentically() {
        double[] signal = breathing(3, 20, 60);
        float[] expected = RespirationScaler.scaleAll(signal, HZ);

        RespirationScaler first = new RespirationScaler(HZ);
        int split = 700;
        for (int t = 0; t < split; t++) {
            first.scale(signal[t]);
        }
        RespirationScaler second = new RespirationScaler(HZ);
        second.restore(first.state());

        for (int t = split; t < signal.length; t++) {
            assertThat((float) second.scale(signal[t])).isEqualTo(expected[t]);
        }
    }

    /** Returns a sine of 15 breaths per minute with the given amplitude around the given offset. */
    private static double[] breathing(double amplitude, double offset, double seconds) {
        double[] signal = new double[(int) (seconds * HZ)];
        for (int t = 0; t < signal.length; t++) {
            signal[t] = offset + amplitude * Math.sin(2 * Math.PI * 0.25 * t / HZ);
        }
        return signal;
    }
}
