package org.medstream.model.medtsllm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link StreamingPeaks} against {@link BoundaryPeaks#pick} over the whole trace. */
class StreamingPeaksTest {

    /** Feeds the trace sample by sample, restarting from the state every {@code chunk} samples. */
    private static List<Long> stream(
            float[] probability, int spacing, double threshold, int chunk) {
        List<Long> boundaries = new ArrayList<>();
        PeakState state = new PeakState();
        StreamingPeaks peaks = new StreamingPeaks(spacing, threshold, state);
        for (int t = 0; t < probability.length; t++) {
            if (t % chunk == 0) {
                peaks = new StreamingPeaks(spacing, threshold, state);
            }
            peaks.accept(probability[t], boundaries::add);
        }
        peaks.finish(boundaries::add);
        return boundaries;
    }

    private static List<Long> batch(float[] probability, int spacing, double threshold) {
        List<Long> boundaries = new ArrayList<>();
        for (int t : BoundaryPeaks.pick(probability, spacing, threshold)) {
            boundaries.add((long) t);
        }
        return boundaries;
    }

    /**
     * Returns a random trace with bumps about every {@code period} samples and smoothed noise, so
     * that a bump has a few local maxima and neighbouring peaks sometimes lie closer than the
     * spacing.
     */
    private static float[] trace(int length, int period, long seed) {
        Random random = new Random(seed);
        float[] values = new float[length];
        double phase = 0;
        double noise = 0;
        for (int t = 0; t < length; t++) {
            phase += 2 * Math.PI / (period * (0.6 + 0.8 * random.nextDouble()));
            noise = 0.8 * noise + 0.2 * random.nextGaussian();
            values[t] = (float) (0.5 + 0.4 * Math.sin(phase) + 0.03 * noise);
        }
        return values;
    }

    @Test
    void equalsPickOverWholeTrace() {
        for (long seed = 1; seed <= 20; seed++) {
            float[] probability = trace(5000, 300, seed);

            assertThat(stream(probability, 60, 0.5, 97))
                    .as("seed %d", seed)
                    .isEqualTo(batch(probability, 60, 0.5));
            assertThat(stream(probability, 60, 0.8, 1))
                    .as("seed %d, threshold 0.8", seed)
                    .isEqualTo(batch(probability, 60, 0.8));
        }
    }

    @Test
    void closeHigherPeakDecidesCluster() {
        // Peaks at 2 (0.6), 4 (0.9) and 8 (0.7), as BoundaryPeaksTest has them.
        float[] probability = {0, 0.1f, 0.6f, 0.2f, 0.9f, 0.1f, 0, 0.2f, 0.7f, 0};

        assertThat(stream(probability, 3, 0, 1)).containsExactly(4L, 8L);
        assertThat(stream(probability, 5, 0, 4)).containsExactly(4L);
    }

    @Test
    void fastRhythmStillReported() {
        // Peaks every 10 samples with spacing 12 chain into one cluster that never ends by
        // itself; it is decided once it spans three spacings.
        float[] probability = new float[400];
        for (int t = 0; t < probability.length; t++) {
            probability[t] = t % 10 == 5 ? 0.9f + 0.0001f * (t % 7) : 0.1f;
        }
        List<Long> reported = new ArrayList<>();
        PeakState state = new PeakState();
        StreamingPeaks peaks = new StreamingPeaks(12, 0.5, state);
        long longestWait = 0;
        for (int t = 0; t < probability.length; t++) {
            int before = reported.size();
            peaks.accept(probability[t], reported::add);
            for (int i = before; i < reported.size(); i++) {
                longestWait = Math.max(longestWait, t - reported.get(i));
            }
        }

        assertThat(reported).hasSizeGreaterThan(10);
        assertThat(longestWait).isLessThanOrEqualTo(StreamingPeaks.delaySamples(12));
        for (int i = 1; i < reported.size(); i++) {
            assertThat(reported.get(i) - reported.get(i - 1)).isGreaterThanOrEqualTo(12);
        }
        assertThat(peaks.reportedThrough()).isGreaterThan(probability.length - 60L);
    }
}
